import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { denyInsecureTransport, policyDocument } from "../policy/policy-document";
import type { LakeKey } from "./lake-key";

export interface AlertTopicProps {
  readonly topicName: string;
  readonly accountId: string;
  /** Key whose policy lets CloudWatch alarms publish (LakeKey allowCloudWatchAlarms). */
  readonly encryptionKey: LakeKey;
  /** E-mail address subscribed to the topic. @default no subscription */
  readonly email?: string;
  /**
   * Keep the Deny statement that carries a Condition (TLS only). Only the local AWS API server
   * needs false. @default true
   */
  readonly enforceConditionalDenies?: boolean;
}

/**
 * A CMK-encrypted SNS topic for alerts. Its policy lets CloudWatch alarms of this account
 * publish; functions publish through their IAM role. Nobody outside the account can publish,
 * and nobody without TLS.
 */
export class AlertTopic extends Construct {
  readonly topic: SnsTopic;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, "topic", { name: props.topicName, kmsMasterKeyId: props.encryptionKey.arn });
    this.arn = this.topic.arn;
    new SnsTopicPolicy(this, "policy", {
      arn: this.topic.arn,
      policy: policyDocument([
        {
          Sid: "CloudWatchAlarmsOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: this.topic.arn,
          Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
        },
        {
          Sid: "AccountPrincipalsWithIamPermission",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
          Action: ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes"],
          Resource: this.topic.arn,
        },
        ...((props.enforceConditionalDenies ?? true) ? [denyInsecureTransport("sns:Publish", this.topic.arn)] : []),
      ]),
    });
    if (props.email) {
      new SnsTopicSubscription(this, "email", { topicArn: this.topic.arn, protocol: "email", endpoint: props.email });
    }
  }
}
