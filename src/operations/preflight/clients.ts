import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EC2Client } from "@aws-sdk/client-ec2";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { KMSClient } from "@aws-sdk/client-kms";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** The read-only AWS clients the checks call; tests pass stubs of the ones a check uses. */
export interface PreflightClients {
  readonly sts: STSClient;
  readonly lambda: LambdaClient;
  readonly ec2: EC2Client;
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly kms: KMSClient;
  readonly kinesis: KinesisClient;
  readonly serviceQuotas: ServiceQuotasClient;
}

export interface PreflightClientOptions {
  readonly region: string;
  /** A local AWS API server; S3 then uses path-style addressing. @default AWS's endpoints */
  readonly endpoint?: string;
  /** @default the SDK's default credential chain */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly maxAttempts?: number;
}

export function preflightClients(options: PreflightClientOptions): PreflightClients {
  return {
    sts: new STSClient(options),
    lambda: new LambdaClient(options),
    ec2: new EC2Client(options),
    s3: new S3Client({ ...options, forcePathStyle: options.endpoint !== undefined }),
    dynamodb: new DynamoDBClient(options),
    kms: new KMSClient(options),
    // The Kinesis client defaults to HTTP/2 (for SubscribeToShard), which a plain-http local
    // server does not speak; DescribeLimits needs nothing but HTTP/1.1.
    kinesis: new KinesisClient({ ...options, requestHandler: new NodeHttpHandler() }),
    serviceQuotas: new ServiceQuotasClient(options),
  };
}
