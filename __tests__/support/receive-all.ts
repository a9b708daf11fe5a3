import { ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";

/**
 * Every message now on a queue, bodies parsed as JSON: the first receive waits up to 1 s for a
 * delivery still on its way, later ones return at once, until a receive comes back empty.
 * Messages are left undeleted (they stay invisible for the queue's visibility timeout).
 */
export async function receiveAll(sqs: SQSClient, queueUrl: string): Promise<Array<Record<string, any>>> {
  const out: Array<Record<string, any>> = [];
  for (;;) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: out.length ? 0 : 1 }));
    if (!Messages?.length) return out;
    out.push(...Messages.map((m) => JSON.parse(m.Body!)));
  }
}
