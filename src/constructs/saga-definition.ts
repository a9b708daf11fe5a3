/**
 * The market events saga as an Amazon States Language definition (pure data; the state machine
 * construct of the market events stack deploys it). One execution per event:
 *
 *   Validate -> Enrich -> Store -> Publish -> Stored
 *      |          |         \________/
 *      v          v              v (any error after the retries)
 *   Rejected  Unenriched     Compensate (undo what Store wrote, mark the saga COMPENSATED with the cause)
 *                                 -> NotifyCompensated (alert topic) -> Compensated (Fail)
 *
 * Nothing is written before Store, so a failure there or earlier needs no compensation; Store and
 * Publish do, since Store may have written part of what it writes. Every Task retries only the
 * transient errors it can meet, with exponential backoff and full jitter; everything else fails the
 * step at once and goes to its Catch.
 */

/** Errors of the Lambda invoke integration that a retry can fix (Step Functions developer guide, "Handling errors"). */
export const LAMBDA_TRANSIENT_ERRORS = ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"] as const;

/** Errors the saga's own functions throw for throttling or an unavailable dependency (their error name). */
export const HANDLER_TRANSIENT_ERRORS = ["ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded", "ServiceUnavailable"] as const;

/** Errors of the EventBridge PutEvents and SNS Publish integrations that a retry can fix. */
export const SERVICE_TRANSIENT_ERRORS = ["EventBridge.InternalException", "EventBridge.ThrottlingException", "SNS.ThrottledException", "SNS.InternalErrorException"] as const;

export interface SagaRetry {
  /** Wait before the first retry (s). */
  readonly intervalSeconds: number;
  /** Multiplier of the wait per retry. */
  readonly backoffRate: number;
  /** Retries after the first attempt. */
  readonly maxAttempts: number;
  /** Longest wait (s). */
  readonly maxDelaySeconds: number;
}

export interface SagaResources {
  readonly validateFunctionArn: string;
  readonly enrichFunctionArn: string;
  readonly storeFunctionArn: string;
  readonly compensateFunctionArn: string;
  /** Where the "stored" event goes. */
  readonly eventBusName: string;
  /** `Source` of the "stored" event. */
  readonly eventSource: string;
  readonly alertTopicArn: string;
}

type Json = Record<string, unknown>;

const retrier = (errors: readonly string[], retry: SagaRetry): Json => ({
  ErrorEquals: [...errors],
  IntervalSeconds: retry.intervalSeconds,
  BackoffRate: retry.backoffRate,
  MaxAttempts: retry.maxAttempts,
  MaxDelaySeconds: retry.maxDelaySeconds,
  JitterStrategy: "FULL",
});

/** A Lambda task whose result (the function's return value) is kept at `resultPath`. */
const lambdaTask = (functionArn: string, resultPath: string, retry: SagaRetry, next: Json): Json => ({
  Type: "Task",
  Resource: "arn:aws:states:::lambda:invoke",
  Parameters: { FunctionName: functionArn, "Payload.$": "$" },
  ResultSelector: { "result.$": "$.Payload" },
  ResultPath: resultPath,
  Retry: [retrier([...LAMBDA_TRANSIENT_ERRORS, ...HANDLER_TRANSIENT_ERRORS], retry)],
  ...next,
});

/** An SNS Publish of the whole state (the event, the failure, what Compensate did) to the alert topic. */
const notifyTask = (topicArn: string, subject: string, retry: SagaRetry, next: string): Json => ({
  Type: "Task",
  Resource: "arn:aws:states:::sns:publish",
  Parameters: { TopicArn: topicArn, Subject: subject, "Message.$": "States.JsonToString($)" },
  ResultPath: "$.notified",
  Retry: [retrier(SERVICE_TRANSIENT_ERRORS, retry)],
  Next: next,
});

const catchAll = (next: string): Json => ({ Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: next }] });

function checkRetry(retry: SagaRetry): void {
  const bad = (field: string, allowed: string) => new Error(`saga retry.${field} is out of range; use ${allowed}`);
  if (!Number.isInteger(retry.intervalSeconds) || retry.intervalSeconds < 1) throw bad("intervalSeconds", "a whole number >= 1 (Step Functions' minimum)");
  if (!(retry.backoffRate >= 1)) throw bad("backoffRate", ">= 1");
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 0 || retry.maxAttempts > 99_999_999) throw bad("maxAttempts", "0-99999999");
  if (!Number.isInteger(retry.maxDelaySeconds) || retry.maxDelaySeconds < retry.intervalSeconds || retry.maxDelaySeconds > 31_622_400) throw bad("maxDelaySeconds", `${retry.intervalSeconds}-31622400`);
}

export function marketEventSagaDefinition(resources: SagaResources, retry: SagaRetry): Json {
  checkRetry(retry);
  return {
    Comment: "Market event saga: validate, enrich, store exactly once, publish; compensate and alert on failure after Store",
    StartAt: "Validate",
    States: {
      Validate: lambdaTask(resources.validateFunctionArn, "$.validation", retry, { Next: "Enrich", ...catchAll("Rejected") }),
      Enrich: lambdaTask(resources.enrichFunctionArn, "$.enrichment", retry, { Next: "Store", ...catchAll("Unenriched") }),
      Store: lambdaTask(resources.storeFunctionArn, "$.stored", retry, { Next: "Publish", ...catchAll("Compensate") }),
      Publish: {
        Type: "Task",
        Resource: "arn:aws:states:::events:putEvents",
        Parameters: { Entries: [{ EventBusName: resources.eventBusName, Source: resources.eventSource, DetailType: "stored", "Detail.$": "$.stored.result" }] },
        ResultPath: "$.published",
        Retry: [retrier(SERVICE_TRANSIENT_ERRORS, retry)],
        Next: "Stored",
        ...catchAll("Compensate"),
      },
      Stored: { Type: "Succeed" },
      Compensate: lambdaTask(resources.compensateFunctionArn, "$.compensation", retry, { Next: "NotifyCompensated", ...catchAll("NotifyCompensationFailed") }),
      NotifyCompensated: notifyTask(resources.alertTopicArn, "Market event compensated", retry, "Compensated"),
      NotifyCompensationFailed: notifyTask(resources.alertTopicArn, "Market event compensation FAILED: manual cleanup", retry, "CompensationFailed"),
      Rejected: { Type: "Fail", Error: "EventRejected", Cause: "Validate refused the event; nothing was stored" },
      Unenriched: { Type: "Fail", Error: "EnrichmentFailed", Cause: "Enrich failed after its retries; nothing was stored" },
      Compensated: { Type: "Fail", Error: "SagaCompensated", Cause: "Store or Publish failed after their retries; what Store wrote was undone and the alert topic told" },
      CompensationFailed: { Type: "Fail", Error: "CompensationFailed", Cause: "Compensate failed after its retries; the alert topic was told to clean up by hand" },
    },
  };
}
