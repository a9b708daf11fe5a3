import { DescribeVpcEndpointServicesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { Testing } from "cdktf";
import { interfaceEndpointServiceName, SUPPORTED_REGIONS } from "../../src/config/aws-constants";
import { ENVIRONMENTS } from "../../src/config/environments";
import { INTERFACE_ENDPOINT_SERVICES } from "../../src/config";
import { DataLakeStack } from "../../src/stacks/data-lake-stack";
import { startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";
import { resourcesOf, type SynthesizedJson } from "../support/synth";

/**
 * The local AWS server's DescribeVpcEndpointServices lists AWS's real endpoint service names per
 * region (moto ships AWS's list), so a name CreateVpcEndpoint would refuse with InvalidServiceName,
 * like com.amazonaws.<region>.firehose, fails here instead of in a first real apply.
 */
describe("interface endpoint service names", () => {
  let moto: MotoServer;
  const servicesOf = new Map<string, Set<string>>();
  async function endpointServices(region: string): Promise<Set<string>> {
    const known = servicesOf.get(region);
    if (known) return known;
    const ec2 = new EC2Client({ endpoint: moto.endpoint, region, credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 2 });
    const names = new Set<string>();
    // The SDK has no paginator for this call: follow NextToken by hand.
    let token: string | undefined;
    do {
      const page = await ec2.send(new DescribeVpcEndpointServicesCommand({ NextToken: token }));
      for (const name of page.ServiceNames ?? []) names.add(name);
      token = page.NextToken;
    } while (token);
    servicesOf.set(region, names);
    return names;
  }

  beforeAll(async () => {
    moto = await startMotoServer();
  }, 60_000);
  afterAll(async () => moto?.stop());

  it("knows AWS's real names: kinesis-firehose is listed, the API host's firehose is not", async () => {
    const names = await endpointServices("us-east-1");
    expect(names.size).toBeGreaterThan(100);
    expect(names).toContain("com.amazonaws.us-east-1.kinesis-firehose");
    expect(names).not.toContain("com.amazonaws.us-east-1.firehose");
  });

  it.each(SUPPORTED_REGIONS)("every configurable interface endpoint exists as an endpoint service in %s", async (region) => {
    const names = await endpointServices(region);
    const missing = INTERFACE_ENDPOINT_SERVICES.map((s) => interfaceEndpointServiceName(region, s)).filter((n) => !names.has(n));
    expect(missing).toEqual([]);
  });

  it.each(["dev", "staging", "prod"] as const)("every interface endpoint the %s stack asks for is one the region offers", async (env) => {
    const config = ENVIRONMENTS[env];
    const json = JSON.parse(Testing.synth(new DataLakeStack(Testing.app(), `data-lake-${env}`, { config }))) as SynthesizedJson;
    const asked = resourcesOf(json, "aws_vpc_endpoint").map(([, e]) => e.service_name as string);
    expect(asked.length).toBe(config.network.interfaceEndpoints.length + 2);
    const names = await endpointServices(config.region);
    expect(asked.filter((n) => !names.has(n))).toEqual([]);
  });

  it("describes the Firehose endpoint service with the API host as its private DNS name, in the configured zones", async () => {
    const { ServiceDetails } = await new EC2Client({ endpoint: moto.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } }).send(
      new DescribeVpcEndpointServicesCommand({ ServiceNames: ["com.amazonaws.us-east-1.kinesis-firehose"] }),
    );
    // The zones the preflight command compares with the config come from the same answer.
    expect(ServiceDetails?.[0]).toMatchObject({ ServiceName: "com.amazonaws.us-east-1.kinesis-firehose", PrivateDnsName: "firehose.us-east-1.amazonaws.com" });
    expect(ServiceDetails?.[0]?.AvailabilityZones).toEqual(expect.arrayContaining(["us-east-1a", "us-east-1b", "us-east-1c"]));
  });
});
