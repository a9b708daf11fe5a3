import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import { LOG_RETENTION_DAYS } from "../config/aws-constants";
import type { LakeKey } from "./lake-key";

export interface EncryptedLogGroupProps {
  /** Full log group name, e.g. "/aws/vpc/mdl-dev-use1-flow-logs". */
  readonly name: string;
  /** Key the log group is encrypted with; its policy must allow CloudWatch Logs. */
  readonly encryptionKey: LakeKey;
  /** One of the retention values CloudWatch Logs accepts. */
  readonly retentionDays: number;
}

/** A CloudWatch log group encrypted with a customer-managed key and a fixed retention. */
export class EncryptedLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(props.retentionDays)) {
      throw new Error(`${this.node.path}: retentionDays ${props.retentionDays} is not accepted by CloudWatch Logs; use one of ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.name,
      kmsKeyId: props.encryptionKey.arn,
      retentionInDays: props.retentionDays,
    });
    this.name = this.logGroup.name;
    this.arn = this.logGroup.arn;
  }
}
