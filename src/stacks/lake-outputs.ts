import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { DATA_TIERS } from "../config";
import type { LakeNetwork } from "../constructs/lake-network";
import type { PartnerAccessRole } from "../constructs/partner-access-role";
import type { LakeKeys } from "./lake-keys";
import type { LakeStorage } from "./lake-storage";
import type { ValidationPipeline } from "./validation-pipeline";
import type { LakeEtl } from "./lake-etl";
import type { LakeQueries } from "./lake-queries";
import type { LakeStreaming } from "./lake-streaming";

export interface LakeOutputsProps {
  readonly storage: LakeStorage;
  readonly keys: LakeKeys;
  readonly network: LakeNetwork;
  readonly partnerRoles: ReadonlyMap<string, PartnerAccessRole>;
  readonly validation: ValidationPipeline;
  readonly etl: LakeEtl;
  readonly queries: LakeQueries;
  readonly streaming: LakeStreaming;
}

/**
 * What operators, partner onboarding and later stacks read with `terraform output -json`.
 * Output names are a contract: renaming one breaks scripts; add, do not rename.
 */
export function addLakeOutputs(scope: Construct, { storage, keys, network, partnerRoles, validation, etl, queries, streaming }: LakeOutputsProps): void {
  const output = (id: string, value: unknown, description: string) => new TerraformOutput(scope, id, { value, description });
  for (const tier of DATA_TIERS) {
    output(`${tier}_bucket_name`, storage.tiers[tier].name, `Name of the ${tier} tier bucket`);
    output(`${tier}_bucket_arn`, storage.tiers[tier].arn, `ARN of the ${tier} tier bucket`);
    output(`${tier}_key_arn`, keys.tiers[tier].arn, `KMS key ARN of the ${tier} tier`);
  }
  output("access_log_bucket_name", storage.accessLogs.name, "Bucket receiving S3 server access logs");
  output("platform_key_arn", keys.platform.arn, "KMS key ARN for logs, queues, topics and the lineage table");
  output("vpc_id", network.vpc.id, "Lake VPC id");
  output("private_subnet_ids", network.subnets.map((s) => s.id), "Private subnet ids, one per availability zone");
  output("workload_security_group_id", network.workloadSecurityGroup.id, "Security group for functions and jobs in the VPC");
  output("gateway_endpoint_ids", { s3: network.gatewayEndpoints.s3.id, dynamodb: network.gatewayEndpoints.dynamodb.id }, "Gateway endpoint ids");
  output(
    "interface_endpoint_ids",
    Object.fromEntries(Object.entries(network.interfaceEndpoints).map(([service, endpoint]) => [service, endpoint!.id])),
    "Interface endpoint ids by service",
  );
  output("validation_queue_url", validation.queue.queue.url, "SQS queue of raw object-created events");
  output("validation_queue_arn", validation.queue.queue.arn, "ARN of the validation queue");
  output("validation_dlq_url", validation.queue.deadLetterQueue.url, "Dead-letter queue of the validation queue (npm run redrive moves messages back)");
  output("validation_dlq_arn", validation.queue.deadLetterQueue.arn, "ARN of the validation dead-letter queue");
  output("validation_function_name", validation.function.name, "Validation Lambda function");
  output("lineage_table_name", validation.lineage.name, "DynamoDB lineage table (one item per raw object version)");
  output("alert_topic_arn", validation.alerts.arn, "SNS topic for data-quality and operational alerts");
  output("glue_job_names", { ...etl.names.jobs }, "Glue jobs by step (npm run glue addresses them)");
  output("glue_workflow_name", etl.workflow.name, "Glue workflow: scheduled raw-to-processed, then processed-to-curated");
  output("glue_code_bucket_name", etl.codeBucket.name, "Bucket of the Glue job scripts and library");
  output("catalog_databases", { processed: etl.names.processedDatabase, curated: etl.names.curatedDatabase }, "Glue Data Catalog databases");
  output("athena_workgroup_name", queries.workgroup.name, "Athena workgroup consumers query the curated tier in");
  output("catalog_key_arn", keys.catalog.arn, "KMS key ARN of the Glue Data Catalog");
  output("stream_name", streaming.stream.name, "Kinesis stream producers write market records to (npm run produce)");
  output("stream_arn", streaming.stream.arn, "ARN of the Kinesis stream");
  output("stream_consumer_arn", streaming.subscription.consumer.arn, "Enhanced fan-out consumer feeding the real-time function");
  output("delivery_stream_name", streaming.delivery.name, "Firehose delivery stream writing records to the raw bucket (dataset=/date= partitions)");
  output("realtime_function_name", streaming.function.name, "Real-time function (record rules and market anomalies on streamed records)");
  output("realtime_on_failure_queue_url", streaming.onFailure.url, "Queue of Kinesis batches the real-time function gave up on (shard and sequence numbers)");
  output("partner_role_arns", Object.fromEntries([...partnerRoles].map(([name, role]) => [name, role.arn])), "Cross-account role ARNs by \"<producer|consumer>/<partner>\" (assume with the partner's ExternalId)");
}
