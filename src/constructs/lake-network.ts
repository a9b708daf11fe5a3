import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup, type SecurityGroupEgress } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import type { InterfaceEndpointService, NetworkConfig } from "../config";
import { interfaceEndpointServiceName } from "../config/aws-constants";
import type { Naming } from "../config/naming";
import { policyDocument } from "../policy/policy-document";
import { EncryptedLogGroup } from "./encrypted-log-group";
import type { LakeKey } from "./lake-key";
import { LeastPrivilegeRole } from "./least-privilege-role";

export interface LakeNetworkProps {
  readonly network: NetworkConfig;
  readonly naming: Naming;
  readonly region: string;
  readonly accountId: string;
  /** Key for the flow-log group; its policy must allow CloudWatch Logs. */
  readonly logKey: LakeKey;
  readonly logRetentionDays: number;
}

/**
 * A private-only VPC for the lake's functions and jobs: subnets in every configured zone with
 * route tables that have no internet route, the default security group closed, flow logs to an
 * encrypted log group, gateway endpoints for S3 and DynamoDB and interface endpoints (private
 * DNS) for every other AWS API the code inside calls, so no traffic needs a NAT or the internet.
 */
export class LakeNetwork extends Construct {
  readonly vpc: Vpc;
  readonly subnets: Subnet[];
  readonly routeTables: RouteTable[];
  /** Security group for functions and jobs in the VPC: HTTPS out to the endpoints only. */
  readonly workloadSecurityGroup: SecurityGroup;
  readonly endpointSecurityGroup: SecurityGroup;
  /** Egress to the VPC endpoints only (HTTPS): what every security group of code in the VPC allows out. */
  readonly endpointEgress: readonly SecurityGroupEgress[];
  readonly gatewayEndpoints: Record<"s3" | "dynamodb", VpcEndpoint>;
  readonly interfaceEndpoints: Partial<Record<InterfaceEndpointService, VpcEndpoint>> = {};
  readonly flowLogGroup: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: LakeNetworkProps) {
    super(scope, id);
    const { network, naming, region, accountId } = props;
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: network.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true, // required for interface endpoints' private DNS
      tags: { Name: naming.resource("vpc") },
    });
    const vpcId = this.vpc.id;

    this.subnets = network.availabilityZones.map((zone, i) =>
      new Subnet(this, `private-subnet-${zone}`, {
        vpcId,
        availabilityZone: zone,
        cidrBlock: network.privateSubnetCidrs[i],
        mapPublicIpOnLaunch: false,
        tags: { Name: naming.resource(`private-${zone}`), Tier: "private" },
      }),
    );
    // One table per zone keeps zones independent if a later change adds zonal routes.
    this.routeTables = this.subnets.map((subnet, i) => {
      const zone = network.availabilityZones[i];
      const table = new RouteTable(this, `private-routes-${zone}`, { vpcId, tags: { Name: naming.resource(`private-${zone}`) } });
      new RouteTableAssociation(this, `private-routes-${zone}-association`, { subnetId: subnet.id, routeTableId: table.id });
      return table;
    });

    new DefaultSecurityGroup(this, "default-security-group-closed", { vpcId, ingress: [], egress: [], tags: { Name: naming.resource("default-closed") } });

    this.flowLogGroup = new EncryptedLogGroup(this, "flow-logs", {
      name: `/aws/vpc/${naming.resource("flow-logs")}`,
      encryptionKey: props.logKey,
      retentionDays: props.logRetentionDays,
    });
    const flowLogRole = new LeastPrivilegeRole(this, "flow-log-role", {
      roleName: naming.iamRole("vpc-flow-logs"),
      description: "Delivers VPC flow logs of the lake VPC to its log group",
      trust: { Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": accountId } } },
      statements: [
        {
          Sid: "WriteFlowLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [this.flowLogGroup.arn, `${this.flowLogGroup.arn}:*`],
        },
        // In AWS's documented flow-log role: without it the flow log can sit in an access error
        // and deliver nothing while the apply is green. A list call: it takes no single log group,
        // so it is scoped to this account's groups in the region (log-group:*), not "*".
        { Sid: "FindFlowLogGroup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: `arn:aws:logs:${region}:${accountId}:log-group:*` },
      ],
    });
    new FlowLog(this, "flow-log", {
      vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.flowLogGroup.arn,
      iamRoleArn: flowLogRole.arn,
      maxAggregationInterval: 60,
    });

    this.endpointSecurityGroup = new SecurityGroup(this, "endpoint-sg", {
      name: naming.resource("endpoints"),
      description: "Interface endpoints: HTTPS from inside the lake VPC",
      vpcId,
      ingress: [{ description: "HTTPS from the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [network.vpcCidr] }],
    });

    const routeTableIds = this.routeTables.map((t) => t.id);
    const gateway = (service: "s3" | "dynamodb") =>
      new VpcEndpoint(this, `${service}-gateway-endpoint`, {
        vpcId,
        serviceName: `com.amazonaws.${region}.${service}`,
        vpcEndpointType: "Gateway",
        routeTableIds,
        // Only resources of this account are reachable through the endpoint: data cannot be
        // copied from inside the VPC to a bucket or table of another account.
        policy: policyDocument([{ Sid: "OwnAccountResourcesOnly", Effect: "Allow", Principal: "*", Action: `${service}:*`, Resource: "*", Condition: { StringEquals: { "aws:ResourceAccount": accountId } } }]),
        tags: { Name: naming.resource(`${service}-gateway`) },
      });
    this.gatewayEndpoints = { s3: gateway("s3"), dynamodb: gateway("dynamodb") };

    this.endpointEgress = [
      { description: "HTTPS to interface endpoints", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [network.vpcCidr] },
      {
        description: "HTTPS to S3 and DynamoDB through the gateway endpoints",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        prefixListIds: [this.gatewayEndpoints.s3.prefixListId, this.gatewayEndpoints.dynamodb.prefixListId],
      },
    ];
    this.workloadSecurityGroup = new SecurityGroup(this, "workload-sg", {
      name: naming.resource("workloads"),
      description: "Lake functions and jobs: HTTPS to VPC endpoints only",
      vpcId,
      egress: [...this.endpointEgress],
    });

    for (const service of network.interfaceEndpoints) {
      this.interfaceEndpoints[service] = new VpcEndpoint(this, `${service}-interface-endpoint`, {
        vpcId,
        serviceName: interfaceEndpointServiceName(region, service),
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: this.subnets.map((s) => s.id),
        securityGroupIds: [this.endpointSecurityGroup.id],
        // Without a policy an interface endpoint passes any credentials to any account's queues,
        // topics, streams and keys: a way out of the VPC for data. Only this account's principals,
        // and only this account's resources where the request names one (not every action does).
        policy: policyDocument([
          {
            Sid: "OwnAccountOnly",
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalAccount": accountId }, StringEqualsIfExists: { "aws:ResourceAccount": accountId } },
          },
        ]),
        tags: { Name: naming.resource(`${service}-endpoint`) },
      });
    }
  }
}
