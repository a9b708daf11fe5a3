import type { SQSRecord } from "aws-lambda";
import { processObject, RetryLaterError, type ObjectResult, type ProcessorDeps } from "./object-processor";
import { MalformedMessageError, parseMessageBody, type ParsedMessage } from "./s3-event";

/** The slice of a logger the handler uses (a Powertools Logger in the Lambda). */
export interface RecordLog {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/**
 * Handles one SQS message: every object it names is processed; the message succeeds only if all
 * of them did. Throwing marks the message failed in the partial batch response, so SQS redelivers
 * it (and after maxReceiveCount moves it to the DLQ); other messages of the batch are unaffected.
 */
export async function handleRecord(record: SQSRecord, deps: ProcessorDeps, log: RecordLog): Promise<ObjectResult[]> {
  const message = parseMessage(record);
  if (message.kind === "test-event") {
    log.info("s3:TestEvent acknowledged", { messageId: record.messageId });
    return [];
  }
  if (message.kind === "ignored") {
    log.warn("message ignored", { messageId: record.messageId, reason: message.reason });
    return [];
  }
  const results: ObjectResult[] = [];
  for (const ref of message.objects) {
    const result = await processObject(ref, deps);
    if (result.kind === "busy") throw new RetryLaterError(`s3://${ref.bucket}/${ref.key} is being validated by another invocation`);
    log.info("object processed", { object: `s3://${ref.bucket}/${ref.key}`, versionId: ref.versionId, result: result.kind, ...("outcome" in result ? { outcome: result.outcome } : {}) });
    results.push(result);
  }
  return results;
}

/** The message's content, or a MalformedMessageError naming the message (and the key, if that is what is broken). */
function parseMessage(record: SQSRecord): ParsedMessage {
  try {
    return parseMessageBody(record?.body);
  } catch (error) {
    if (error instanceof MalformedMessageError) throw new MalformedMessageError(`SQS message ${record?.messageId ?? "(no messageId)"}: ${error.message}`, { cause: error });
    throw error;
  }
}
