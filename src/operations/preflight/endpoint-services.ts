import { DescribeAvailabilityZonesCommand, DescribeVpcEndpointServicesCommand, type EC2Client, type ServiceDetail } from "@aws-sdk/client-ec2";
import { interfaceEndpointServiceName } from "../../config/aws-constants";
import type { EnvironmentConfig } from "../../config";
import { call, fail, pass, type CheckResult } from "./check";

interface Zone {
  readonly id?: string;
  readonly state?: string;
}

/**
 * The configured zones exist for this account, and every configured interface endpoint service
 * is offered in the region and in each of them: a row for the zones, then one per service.
 *
 * Zone names are per account: AWS maps `us-east-1a` to a different physical zone (zone id, e.g.
 * `use1-az6`) in each account, and places endpoint services by zone id, so a list of zone names
 * that works in one account can miss a service in another. DescribeAvailabilityZones
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html)
 * gives each name's ZoneId and State in the caller's account; the rows report both.
 *
 * DescribeVpcEndpointServices
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpointServices.html)
 * lists ServiceDetails[] with ServiceName, ServiceType[] and AvailabilityZones (names, in the
 * caller's mapping; newer responses add AvailabilityZoneIds). It is called without ServiceNames:
 * one unknown name there fails the whole call with InvalidServiceName, and the point is to say
 * which service is missing. All pages are read (NextToken).
 */
export async function checkInterfaceEndpointServices(config: EnvironmentConfig, clients: { readonly ec2: EC2Client }): Promise<CheckResult[]> {
  const zones = await zonesOfRegion(clients.ec2);
  const offered = await endpointServices(clients.ec2);
  const zoneLabel = (name: string) => `${name} (${zones.get(name)?.id ?? "no zone id"})`;
  return [zonesRow(config, zones), ...config.network.interfaceEndpoints.map((service) => serviceRow(config, service, offered, zones, zoneLabel))];
}

function zonesRow(config: EnvironmentConfig, zones: ReadonlyMap<string, Zone>): CheckResult {
  const name = "availability zones";
  const configured = config.network.availabilityZones;
  const missing = configured.filter((z) => zones.get(z)?.state !== "available");
  const mapping = configured.map((z) => `${z} = ${zones.get(z)?.id ?? "?"}`).join(", ");
  if (missing.length === 0) return pass(name, `${mapping} in this account (names map to other zone ids in other accounts)`);
  const why = missing.map((z) => (zones.has(z) ? `${z} is ${zones.get(z)!.state}` : `${z} is not a zone of ${config.region} for this account`)).join("; ");
  return fail(name, why, `Set network.availabilityZones to zones this account has in ${config.region} (${[...zones.keys()].join(", ")})`);
}

function serviceRow(
  config: EnvironmentConfig,
  service: EnvironmentConfig["network"]["interfaceEndpoints"][number],
  offered: ReadonlyMap<string, ServiceDetail>,
  zones: ReadonlyMap<string, Zone>,
  zoneLabel: (name: string) => string,
): CheckResult {
  const name = `endpoint service ${service}`;
  const serviceName = interfaceEndpointServiceName(config.region, service);
  const detail = offered.get(serviceName);
  if (!detail || !detail.ServiceType?.some((t) => t.ServiceType === "Interface")) {
    return fail(
      name,
      `${serviceName} is not offered as an interface endpoint service in ${config.region}${detail ? ` (types: ${detail.ServiceType?.map((t) => t.ServiceType).join(", ")})` : ""}`,
      `Remove "${service}" from network.interfaceEndpoints or fix its name in INTERFACE_ENDPOINT_SERVICE_SUFFIXES (src/config/aws-constants.ts)`,
    );
  }
  const byName = new Set(detail.AvailabilityZones ?? []);
  const byId = new Set(detail.AvailabilityZoneIds ?? []);
  const served = (zone: string) => byName.has(zone) || (zones.get(zone)?.id !== undefined && byId.has(zones.get(zone)!.id!));
  const missing = config.network.availabilityZones.filter((z) => !served(z));
  if (missing.length === 0) return pass(name, `${serviceName} in ${config.network.availabilityZones.map(zoneLabel).join(", ")}`);
  return fail(
    name,
    `${serviceName} is not offered in ${missing.map(zoneLabel).join(", ")} (offered in ${[...byName].join(", ") || "no zone"})`,
    `Choose network.availabilityZones among the zones that offer it; zone names map to other zone ids per account, so compare the ids shown`,
  );
}

async function zonesOfRegion(ec2: EC2Client): Promise<Map<string, Zone>> {
  const { AvailabilityZones } = await call("ec2:DescribeAvailabilityZones", ec2.send(new DescribeAvailabilityZonesCommand({})));
  return new Map((AvailabilityZones ?? []).filter((z) => z.ZoneName).map((z) => [z.ZoneName!, { id: z.ZoneId, state: z.State }]));
}

async function endpointServices(ec2: EC2Client): Promise<Map<string, ServiceDetail>> {
  const services = new Map<string, ServiceDetail>();
  let NextToken: string | undefined;
  do {
    const page = await call("ec2:DescribeVpcEndpointServices", ec2.send(new DescribeVpcEndpointServicesCommand({ NextToken })));
    for (const detail of page.ServiceDetails ?? []) if (detail.ServiceName) services.set(detail.ServiceName, detail);
    NextToken = page.NextToken;
  } while (NextToken);
  return services;
}
