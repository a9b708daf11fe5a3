import type { PreflightClients } from "../../../src/operations/preflight";
import { checkCallerAccount } from "../../../src/operations/preflight/accounts";
import { checkInterfaceEndpointServices } from "../../../src/operations/preflight/endpoint-services";
import { checkKinesisOnDemandStreams } from "../../../src/operations/preflight/service-quotas";
import { devConfig, interceptedClient, useLocalServer } from "./preflight-fixture";

/** STS, EC2 and Kinesis answers of a local server (moto lists AWS's real endpoint service names and zone ids). */
describe("preflight: account, network and Kinesis (local AWS server)", () => {
  const server = useLocalServer();
  let clients: PreflightClients;
  beforeAll(() => (clients = server.clients()));

  describe("caller account", () => {
    it("passes for the config's account", async () => {
      // Prepare: the local server's account is dev's, 123456789012
      const config = devConfig();
      // Act
      const row = await checkCallerAccount(config, clients);
      // Assess
      expect(row).toEqual({ name: "caller account", status: "pass", detail: "arn:aws:sts::123456789012:user/moto is in dev's account 123456789012", remedy: "" });
    });

    it("fails for credentials of another account, naming both", async () => {
      // Prepare
      const config = devConfig({ environment: "prod", accountId: "555566667777" });
      // Act
      const row = await checkCallerAccount(config, clients);
      // Assess
      expect(row).toMatchObject({
        status: "fail",
        detail: "the credentials are of account 123456789012 (arn:aws:sts::123456789012:user/moto); prod's accountId is 555566667777",
        remedy: expect.stringContaining("Use credentials of account 555566667777"),
      });
    });
  });

  describe("interface endpoint services", () => {
    const rowsByName = async (config = devConfig(), using: PreflightClients = clients) => Object.fromEntries((await checkInterfaceEndpointServices(config, using)).map((r) => [r.name, r]));

    it("passes the zones and every configured service, reporting each zone's id, with Firehose under its endpoint name", async () => {
      // Prepare
      const config = devConfig();
      // Act
      const rows = await rowsByName(config);
      // Assess
      expect(Object.keys(rows)).toEqual(["availability zones", ...config.network.interfaceEndpoints.map((s) => `endpoint service ${s}`)]);
      expect(Object.values(rows).every((r) => r.status === "pass")).toBe(true);
      expect(rows["availability zones"].detail).toMatch(/^us-east-1a = use1-az\d, us-east-1b = use1-az\d in this account/);
      expect(rows["endpoint service firehose"].detail).toMatch(/^com\.amazonaws\.us-east-1\.kinesis-firehose in us-east-1a \(use1-az\d\), us-east-1b \(use1-az\d\)$/);
    });

    it("fails the zones row for a zone the region does not have", async () => {
      // Prepare
      const config = devConfig({ network: { ...devConfig().network, availabilityZones: ["us-east-1a", "us-east-1z"] } });
      // Act
      const rows = await rowsByName(config);
      // Assess
      expect(rows["availability zones"]).toMatchObject({ status: "fail", detail: "us-east-1z is not a zone of us-east-1 for this account", remedy: expect.stringContaining("us-east-1a, us-east-1b") });
      expect(rows["endpoint service sqs"]).toMatchObject({ status: "fail", detail: expect.stringContaining("is not offered in us-east-1z (no zone id)") });
    });

    /** The local server's real DescribeVpcEndpointServices answer, with `edit` applied to its service list. */
    function editedServices(edit: (details: any[]) => any[]): PreflightClients {
      const ec2 = interceptedClient(clients.ec2, (command, forward) =>
        command.constructor.name === "DescribeVpcEndpointServicesCommand" ? forward().then((page) => ({ ...page, ServiceDetails: edit(page.ServiceDetails) })) : undefined,
      );
      return { ...clients, ec2 };
    }

    it("fails a service that is not offered in one of the configured zones, naming the zone and its id", async () => {
      // Prepare: the region's real answer, with Firehose withdrawn from us-east-1b
      const using = editedServices((details) =>
        details.map((d) => (d.ServiceName === "com.amazonaws.us-east-1.kinesis-firehose" ? { ...d, AvailabilityZones: d.AvailabilityZones.filter((z: string) => z !== "us-east-1b") } : d)),
      );
      // Act
      const rows = await rowsByName(devConfig(), using);
      // Assess
      expect(rows["endpoint service firehose"]).toMatchObject({
        status: "fail",
        detail: expect.stringMatching(/^com\.amazonaws\.us-east-1\.kinesis-firehose is not offered in us-east-1b \(use1-az\d\) \(offered in us-east-1a, us-east-1c/),
        remedy: expect.stringContaining("zone names map to other zone ids per account"),
      });
      expect(rows["endpoint service sqs"].status).toBe("pass");
    });

    it("fails a service the region does not offer", async () => {
      // Prepare: the region's real answer without X-Ray
      const using = editedServices((details) => details.filter((d) => d.ServiceName !== "com.amazonaws.us-east-1.xray"));
      // Act
      const rows = await rowsByName(devConfig(), using);
      // Assess
      expect(rows["endpoint service xray"]).toMatchObject({ status: "fail", detail: "com.amazonaws.us-east-1.xray is not offered as an interface endpoint service in us-east-1", remedy: expect.stringContaining('Remove "xray"') });
    });

    it("reads every page of the service list", async () => {
      // Prepare: the server pages its real list 100 services at a time
      const tokens: (string | undefined)[] = [];
      const ec2 = interceptedClient(clients.ec2, (command) => {
        if (command.constructor.name === "DescribeVpcEndpointServicesCommand") {
          command.input.MaxResults = 100;
          tokens.push(command.input.NextToken);
        }
        return undefined;
      });
      // Act
      const rows = await rowsByName(devConfig(), { ...clients, ec2 });
      // Assess
      expect(tokens.length).toBeGreaterThan(2);
      expect(tokens[0]).toBeUndefined();
      expect(tokens.slice(1).every((t) => typeof t === "string")).toBe(true);
      expect(Object.values(rows).every((r) => r.status === "pass")).toBe(true);
    });
  });

  it("passes Kinesis on-demand streams with the local server's limits", async () => {
    // Act
    const row = await checkKinesisOnDemandStreams(devConfig(), clients);
    // Assess: moto reports 0 of 50
    expect(row).toEqual({ name: "kinesis on-demand streams", status: "pass", detail: "0 of 50 on-demand streams in use, 50 free; the lake needs 1", remedy: "" });
  });
});
