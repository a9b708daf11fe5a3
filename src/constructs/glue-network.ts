import { GlueConnection } from "@cdktf/provider-aws/lib/glue-connection";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import type { LakeNetwork } from "./lake-network";

export interface GlueNetworkProps {
  /** Prefix of the connection and security group names, e.g. "mdl-dev-use1-glue". */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  readonly network: LakeNetwork;
  readonly availabilityZones: readonly string[];
}

/**
 * Where Glue workers run: NETWORK connections, one per private subnet, so jobs reach S3, the
 * catalog, KMS and CloudWatch only through the VPC endpoints (no internet route exists). A job
 * lists every zone's connection: Glue fails a run over to the next connection when the first one's
 * zone or subnet cannot take it (Glue troubleshooting, "Failover behavior between VPCs"), and
 * each subnet needs a free IP address per worker (prod's /19 subnets hold ~8,000).
 *
 * The security group refers to itself: Glue requires its workers to reach each other on every
 * TCP port (driver/executor shuffle), and nothing else may reach them. Out: each other, HTTPS to
 * the interface endpoints (VPC range) and to S3/DynamoDB through the gateway endpoints.
 */
export class GlueNetwork extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly connections: ReadonlyArray<{ readonly name: string; readonly arn: string }>;

  constructor(scope: Construct, id: string, props: GlueNetworkProps) {
    super(scope, id);
    const { network } = props;
    this.securityGroup = new SecurityGroup(this, "workers-sg", {
      name: `${props.namePrefix}-workers`,
      description: "Glue workers: all TCP among themselves, HTTPS to the VPC endpoints only",
      vpcId: network.vpc.id,
      ingress: [{ description: "Glue workers to each other (Glue requires all TCP, self-referencing)", protocol: "tcp", fromPort: 0, toPort: 65535, selfAttribute: true }],
      egress: [
        { description: "Glue workers to each other", protocol: "tcp", fromPort: 0, toPort: 65535, selfAttribute: true },
        ...network.endpointEgress,
      ],
    });
    this.connections = network.subnets.map((subnet, i) => {
      const zone = props.availabilityZones[i];
      const name = `${props.namePrefix}-${zone}`;
      const connection = new GlueConnection(this, `connection-${zone}`, {
        name,
        description: `Glue workers in the lake VPC, ${zone}`,
        connectionType: "NETWORK",
        physicalConnectionRequirements: { availabilityZone: zone, subnetId: subnet.id, securityGroupIdList: [this.securityGroup.id] },
      });
      return { name: connection.name, arn: `arn:aws:glue:${props.region}:${props.accountId}:connection/${name}` };
    });
  }
}
