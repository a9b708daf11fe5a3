import { ENVIRONMENTS } from "../../src/config/environments";
import { Naming } from "../../src/config/naming";
import { LakeKey } from "../../src/constructs/lake-key";
import { LakeNetwork } from "../../src/constructs/lake-network";
import { policyIn, refTo, resourceAt, resourcesOf, synthScope, type SynthesizedJson } from "../support/synth";

const config = ENVIRONMENTS.prod;

function synthNetwork(interfaceEndpoints = config.network.interfaceEndpoints): SynthesizedJson {
  return synthScope((scope) => {
    const logKey = new LakeKey(scope, "logs-key", { aliasName: "alias/logs", description: "logs", accountId: config.accountId, region: config.region, allowCloudWatchLogs: true });
    new LakeNetwork(scope, "network", {
      network: { ...config.network, interfaceEndpoints },
      naming: new Naming(config),
      region: config.region,
      accountId: config.accountId,
      logKey,
      logRetentionDays: 365,
    });
  });
}

describe("LakeNetwork", () => {
  const json = synthNetwork();
  const vpcId = refTo(json, "aws_vpc", "network/vpc", "id");

  it("creates a VPC with DNS support for private endpoint names", () => {
    expect(resourceAt(json, "aws_vpc", "network/vpc")).toMatchObject({ cidr_block: "10.42.0.0/16", enable_dns_support: true, enable_dns_hostnames: true });
  });

  it("puts one private subnet in every configured zone", () => {
    const subnets = resourcesOf(json, "aws_subnet").map(([, s]) => [s.availability_zone, s.cidr_block, s.map_public_ip_on_launch]);
    expect(subnets).toEqual([
      ["us-east-1a", "10.42.0.0/19", false],
      ["us-east-1b", "10.42.32.0/19", false],
      ["us-east-1c", "10.42.64.0/19", false],
    ]);
  });

  it("gives each subnet its own route table with no route to the internet", () => {
    const tables = resourcesOf(json, "aws_route_table");
    expect(tables).toHaveLength(3);
    for (const [, table] of tables) expect(table.route ?? []).toEqual([]);
    expect(resourcesOf(json, "aws_route")).toEqual([]);
    expect(resourcesOf(json, "aws_internet_gateway")).toEqual([]);
    expect(resourcesOf(json, "aws_nat_gateway")).toEqual([]);
    const associations = resourcesOf(json, "aws_route_table_association").map(([, a]) => [a.subnet_id, a.route_table_id]);
    expect(associations).toContainEqual([refTo(json, "aws_subnet", "network/private-subnet-us-east-1b", "id"), refTo(json, "aws_route_table", "network/private-routes-us-east-1b", "id")]);
  });

  it("closes the default security group", () => {
    expect(resourceAt(json, "aws_default_security_group", "network/default-security-group-closed")).toMatchObject({ vpc_id: vpcId, ingress: [], egress: [] });
  });

  it("sends all flow logs to a CMK-encrypted log group through a role scoped to that group", () => {
    const logGroupArn = refTo(json, "aws_cloudwatch_log_group", "network/flow-logs/log-group", "arn");
    expect(resourceAt(json, "aws_flow_log", "network/flow-log")).toMatchObject({ vpc_id: vpcId, traffic_type: "ALL", log_destination_type: "cloud-watch-logs", log_destination: logGroupArn });
    expect(resourceAt(json, "aws_cloudwatch_log_group", "network/flow-logs/log-group")).toMatchObject({ retention_in_days: 365, kms_key_id: refTo(json, "aws_kms_key", "logs-key/key", "arn") });
    const trust = policyIn(resourceAt(json, "aws_iam_role", "network/flow-log-role/role"), "assume_role_policy");
    expect(trust.Statement[0]).toMatchObject({ Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": config.accountId } } });
    const permissions = policyIn(resourceAt(json, "aws_iam_role_policy", "network/flow-log-role/permissions"));
    expect(permissions.Statement).toEqual([
      { Sid: "WriteFlowLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [logGroupArn, `${logGroupArn}:*`] },
      // AWS's documented flow-log role has it; without it delivery can fail while the apply passes.
      { Sid: "FindFlowLogGroup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: `arn:aws:logs:us-east-1:${config.accountId}:log-group:*` },
    ]);
  });

  it("adds S3 and DynamoDB gateway endpoints on every route table, limited to this account's resources", () => {
    for (const service of ["s3", "dynamodb"]) {
      const endpoint = resourceAt(json, "aws_vpc_endpoint", `network/${service}-gateway-endpoint`);
      expect(endpoint).toMatchObject({ vpc_endpoint_type: "Gateway", service_name: `com.amazonaws.us-east-1.${service}` });
      expect(endpoint.route_table_ids).toHaveLength(3);
      expect(policyIn(endpoint).Statement[0]).toMatchObject({ Action: `${service}:*`, Condition: { StringEquals: { "aws:ResourceAccount": config.accountId } } });
    }
  });

  it("adds an interface endpoint with private DNS in every subnet for each configured service", () => {
    const endpoints = resourcesOf(json, "aws_vpc_endpoint").map(([, e]) => e).filter((e) => e.vpc_endpoint_type === "Interface");
    // Firehose's endpoint service is kinesis-firehose, not its API host's "firehose".
    expect(endpoints.map((e) => e.service_name).sort()).toEqual(
      ["glue", "kinesis-firehose", "kinesis-streams", "kms", "logs", "monitoring", "sns", "sqs", "sts", "xray"].map((s) => `com.amazonaws.us-east-1.${s}`),
    );
    const endpointSg = refTo(json, "aws_security_group", "network/endpoint-sg", "id");
    for (const e of endpoints) expect(e).toMatchObject({ private_dns_enabled: true, security_group_ids: [endpointSg], subnet_ids: expect.arrayContaining([expect.stringContaining("aws_subnet.")]) });
  });

  it("lets only this account's principals use an interface endpoint, and only on this account's resources", () => {
    const endpoints = resourcesOf(json, "aws_vpc_endpoint").map(([, e]) => e).filter((e) => e.vpc_endpoint_type === "Interface");
    expect(endpoints.length).toBeGreaterThan(0);
    for (const e of endpoints) {
      expect(policyIn(e).Statement).toEqual([
        {
          Sid: "OwnAccountOnly",
          Effect: "Allow",
          Principal: "*",
          Action: "*",
          Resource: "*",
          Condition: { StringEquals: { "aws:PrincipalAccount": config.accountId }, StringEqualsIfExists: { "aws:ResourceAccount": config.accountId } },
        },
      ]);
    }
  });

  it("creates only the endpoints a config asks for", () => {
    const small = synthNetwork(["sqs", "kms"]);
    const names = resourcesOf(small, "aws_vpc_endpoint").map(([, e]) => e.service_name).sort();
    expect(names).toEqual(["com.amazonaws.us-east-1.dynamodb", "com.amazonaws.us-east-1.kms", "com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.sqs"]);
  });

  it("allows HTTPS into endpoints from the VPC only, and workloads out to endpoints only", () => {
    expect(resourceAt(json, "aws_security_group", "network/endpoint-sg").ingress).toEqual([
      expect.objectContaining({ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.42.0.0/16"] }),
    ]);
    const workload = resourceAt(json, "aws_security_group", "network/workload-sg");
    expect(workload.ingress ?? []).toEqual([]);
    expect(workload.egress).toEqual([
      expect.objectContaining({ from_port: 443, to_port: 443, cidr_blocks: ["10.42.0.0/16"] }),
      expect.objectContaining({
        from_port: 443,
        prefix_list_ids: [refTo(json, "aws_vpc_endpoint", "network/s3-gateway-endpoint", "prefix_list_id"), refTo(json, "aws_vpc_endpoint", "network/dynamodb-gateway-endpoint", "prefix_list_id")],
      }),
    ]);
  });
});
