import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";

/** A queue the tests and e2e stages read from, with the ARN a subscription or rule target needs. */
export interface LocalQueue {
  readonly url: string;
  readonly arn: string;
}

/** Creates (or finds: CreateQueue is idempotent for the same attributes) a queue and reads its ARN. */
export async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string> = {}): Promise<LocalQueue> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}
