import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import type { AlertSubscription } from "../config";
import { denyInsecureTransport, type PolicyStatement } from "../policy/policy-document";
import { lazyPolicy } from "./lazy-policy";
import type { LakeKey } from "./lake-key";

export interface AlertTopicProps {
  readonly topicName: string;
  readonly accountId: string;
  /** Key whose policy lets CloudWatch alarms publish (LakeKey allowCloudWatchAlarms). */
  readonly encryptionKey: LakeKey;
  /**
   * The only subscriptions the topic accepts; each is created here. Alerts carry object keys and
   * reject details, so nobody may subscribe another endpoint, whatever their IAM permissions.
   * @default none: no subscription is possible
   */
  readonly subscriptions?: readonly AlertSubscription[];
  /**
   * Keep the Deny statements that carry a Condition (TLS only, subscription allow-list). Only the
   * local AWS API server needs false. @default true
   */
  readonly enforceConditionalDenies?: boolean;
}

/**
 * A CMK-encrypted SNS topic for alerts. Its policy lets CloudWatch alarms of this account
 * publish; functions publish through their IAM role. Nobody outside the account can publish,
 * nobody without TLS, and nobody can subscribe an endpoint the config does not list.
 */
export class AlertTopic extends Construct {
  readonly topic: SnsTopic;
  readonly arn: string;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const subscriptions = props.subscriptions ?? [];
    const enforceConditions = props.enforceConditionalDenies ?? true;
    this.topic = new SnsTopic(this, "topic", { name: props.topicName, kmsMasterKeyId: props.encryptionKey.arn });
    this.arn = this.topic.arn;
    this.statements.push(
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
        Action: ["sns:Publish", "sns:GetTopicAttributes"],
        Resource: this.topic.arn,
      },
      ...(enforceConditions || subscriptions.length === 0 ? subscribeAllowList(this.topic.arn, subscriptions) : []),
      ...(enforceConditions ? [denyInsecureTransport("sns:Publish", this.topic.arn)] : []),
    );
    new SnsTopicPolicy(this, "policy", { arn: this.topic.arn, policy: lazyPolicy(this.statements) });
    subscriptions.forEach((s, i) => new SnsTopicSubscription(this, `subscription-${i}`, { topicArn: this.topic.arn, protocol: s.protocol, endpoint: s.endpoint }));
  }

  /** Lets one EventBridge rule of this account publish (the key must allow EventBridge too). */
  allowEventBridgeRule(sid: string, ruleArn: string): void {
    this.statements.push({ Sid: sid, Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: this.topic.arn, Condition: { ArnEquals: { "aws:SourceArn": ruleArn } } });
  }
}

/**
 * An Allow is not enough: a principal of this account whose IAM policy allows sns:Subscribe on
 * the topic needs no grant here. Only an explicit Deny in the topic policy stops it, so Subscribe
 * is denied to everyone for any endpoint (sns:Endpoint) or protocol (sns:Protocol) outside the
 * list; two statements, because the keys of one statement are ANDed. With no list, it is denied
 * outright.
 */
function subscribeAllowList(topicArn: string, subscriptions: readonly AlertSubscription[]): PolicyStatement[] {
  const base = { Effect: "Deny", Principal: "*", Action: "sns:Subscribe", Resource: topicArn } as const;
  if (subscriptions.length === 0) return [{ Sid: "NoSubscriptions", ...base }];
  const unique = (values: string[]) => [...new Set(values)];
  return [
    { Sid: "SubscribeListedEndpointsOnly", ...base, Condition: { StringNotEquals: { "sns:Endpoint": unique(subscriptions.map((s) => s.endpoint)) } } },
    { Sid: "SubscribeListedProtocolsOnly", ...base, Condition: { StringNotEquals: { "sns:Protocol": unique(subscriptions.map((s) => s.protocol)) } } },
  ];
}
