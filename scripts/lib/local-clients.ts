import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GlueClient } from "@aws-sdk/client-glue";
import { kinesisClient } from "../../src/operations/produce/kinesis-client";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";

/** Client options for a local API server: its endpoint, fake "test" credentials, one retry. */
export function localClientOptions(endpoint: string, region = "us-east-1") {
  return { endpoint, region, credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 2 };
}

/** Real AWS SDK v3 clients pointed at a local API server with fake credentials. */
export function localClients(endpoint: string) {
  const common = localClientOptions(endpoint);
  return {
    s3: new S3Client({ ...common, forcePathStyle: true }),
    sqs: new SQSClient(common),
    sns: new SNSClient(common),
    dynamo: new DynamoDBClient(common),
    glue: new GlueClient(common),
    // HTTP/1.1: the SDK's default HTTP/2 handler for Kinesis fails against a plain-HTTP local server.
    kinesis: kinesisClient(common),
  };
}

export type LocalClients = ReturnType<typeof localClients>;
