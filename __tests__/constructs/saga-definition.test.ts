import aslValidator from "asl-validator";
import { StateMachine } from "aws-local-stepfunctions";
import "../../scripts/lib/promise-with-resolvers";
import { HANDLER_TRANSIENT_ERRORS, LAMBDA_TRANSIENT_ERRORS, marketEventSagaDefinition, type SagaRetry } from "../../src/constructs/saga-definition";


const RESOURCES = {
  validateFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:mdl-dev-use1-events-validate",
  enrichFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:mdl-dev-use1-events-enrich",
  storeFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:mdl-dev-use1-events-store",
  compensateFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:mdl-dev-use1-events-compensate",
  eventBusName: "mdl-dev-use1-market-events",
  eventSource: "mdl.market-events",
  alertTopicArn: "arn:aws:sns:us-east-1:123456789012:mdl-dev-use1-alerts",
};
const RETRY: SagaRetry = { intervalSeconds: 1, backoffRate: 2, maxAttempts: 3, maxDelaySeconds: 30 };
const EVENT = { id: "e-1", type: "trade", data: { symbol: "AAPL", price: 190.1, size: 100 } };

/**
 * A function behind the Lambda invoke integration: it gets the task's Payload as its event and
 * its return value comes back as { Payload }, as the integration returns it. Counts its calls.
 */
function fn(body: (event: any) => unknown) {
  const calls: any[] = [];
  const handler = async (input: any) => {
    calls.push(input.Payload);
    return { Payload: await body(input.Payload) };
  };
  return { calls, handler };
}

/** A service integration (PutEvents, SNS Publish): gets the task's Parameters, answers `response`. */
function service(response: unknown) {
  const calls: any[] = [];
  return { calls, handler: async (input: any) => (calls.push(input), response) };
}

const error = (name: string, message: string) => Object.assign(new Error(message), { name });

type EventLog = { type: string; state?: { name: string }; Error?: string };

async function run(handlers: Record<string, (input: any) => unknown>) {
  const machine = new StateMachine(marketEventSagaDefinition(RESOURCES, RETRY) as never, { validationOptions: { checkArn: true, checkPaths: true } });
  const execution = machine.run(EVENT as never, { overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides: { Validate: 0, Enrich: 0, Store: 0, Publish: 0, Compensate: 0 } } });
  const events: EventLog[] = [];
  const collect = (async () => {
    for await (const event of execution.eventLogs) events.push(event as EventLog);
  })();
  const outcome = await execution.result.then(
    (output) => ({ output, error: undefined as unknown }),
    (failure: unknown) => ({ output: undefined, error: failure }),
  );
  await collect;
  const failed = events.find((e) => e.type === "ExecutionFailed") as { Error?: string } | undefined;
  return {
    ...outcome,
    failedWith: failed?.Error,
    entered: events.filter((e) => e.type === "StateEntered").map((e) => (e as { state: { name: string } }).state.name),
    retries: events.filter((e) => e.type === "StateRetried").length,
  };
}

describe("market event saga definition", () => {
  it("is valid Amazon States Language (asl-validator)", () => {
    const { isValid, errorsText } = aslValidator(marketEventSagaDefinition(RESOURCES, RETRY));

    expect({ isValid, errors: errorsText() }).toEqual({ isValid: true, errors: "" });
  });

  it("retries each Lambda step only on the named transient errors, with exponential backoff and jitter", () => {
    const states = marketEventSagaDefinition(RESOURCES, RETRY).States as Record<string, any>;

    for (const step of ["Validate", "Enrich", "Store", "Compensate"]) {
      expect(states[step].Retry).toEqual([{ ErrorEquals: [...LAMBDA_TRANSIENT_ERRORS, ...HANDLER_TRANSIENT_ERRORS], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3, MaxDelaySeconds: 30, JitterStrategy: "FULL" }]);
    }
    expect(states.Store.Catch).toEqual([{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: "Compensate" }]);
    expect(states.Publish.Catch).toEqual([{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: "Compensate" }]);
    expect(states.Validate.Catch[0].Next).toBe("Rejected");
  });

  it("refuses a retry policy Step Functions would refuse, naming the field", () => {
    expect(() => marketEventSagaDefinition(RESOURCES, { ...RETRY, intervalSeconds: 0 })).toThrow("saga retry.intervalSeconds is out of range");
    expect(() => marketEventSagaDefinition(RESOURCES, { ...RETRY, maxDelaySeconds: 0 })).toThrow("saga retry.maxDelaySeconds is out of range; use 1-31622400");
  });
});

describe("market event saga executed by a real ASL interpreter (aws-local-stepfunctions)", () => {
  const published = () => service({ Entries: [{ EventId: "stored-1" }], FailedEntryCount: 0 });

  it("stores a good event once and publishes it", async () => {
    // Prepare
    const store = fn((input) => ({ id: input.id, stored: true }));
    const compensate = fn(() => ({}));
    const notify = service({ MessageId: "m" });
    const publish = published();

    // Act
    const result = await run({
      Validate: fn(() => ({ valid: true })).handler,
      Enrich: fn(() => ({ notional: 19_010, venue: "XNAS" })).handler,
      Store: store.handler,
      Publish: publish.handler,
      Compensate: compensate.handler,
      NotifyCompensated: notify.handler,
    });

    // Assess
    expect(result.error).toBeUndefined();
    expect(result.entered).toEqual(["Validate", "Enrich", "Store", "Publish", "Stored"]);
    expect(store.calls).toHaveLength(1);
    expect(store.calls[0]).toMatchObject({ id: "e-1", validation: { result: { valid: true } }, enrichment: { result: { notional: 19_010 } } });
    expect(compensate.calls).toHaveLength(0);
    expect(publish.calls[0].Entries).toEqual([{ EventBusName: RESOURCES.eventBusName, Source: RESOURCES.eventSource, DetailType: "stored", Detail: { id: "e-1", stored: true } }]);
    expect(notify.calls).toHaveLength(0);
  });

  it("compensates and alerts when Store fails after a partial write", async () => {
    // Prepare: Store writes the event item, then fails writing the saga item
    const written: string[] = [];
    const store = fn(() => {
      written.push("event#e-1");
      throw error("ConditionalCheckFailedException", "saga item e-1 already exists");
    });
    const compensate = fn((input) => {
      written.splice(written.indexOf("event#e-1"), 1);
      return { undone: ["event#e-1"], status: "COMPENSATED", cause: input.failure.Error };
    });
    const notify = service({ MessageId: "m" });

    // Act
    const result = await run({
      Validate: fn(() => ({ valid: true })).handler,
      Enrich: fn(() => ({ notional: 19_010 })).handler,
      Store: store.handler,
      Compensate: compensate.handler,
      NotifyCompensated: notify.handler,
    });

    // Assess: not retried (not a transient error), undone, told, and the execution fails as compensated
    expect(store.calls).toHaveLength(1);
    expect(written).toEqual([]);
    expect(compensate.calls[0].failure).toMatchObject({ Error: "ConditionalCheckFailedException" });
    expect(notify.calls).toHaveLength(1);
    expect(notify.calls[0]).toMatchObject({ TopicArn: RESOURCES.alertTopicArn, Subject: "Market event compensated" });
    expect(JSON.parse(notify.calls[0].Message).compensation.result).toMatchObject({ status: "COMPENSATED", cause: "ConditionalCheckFailedException" });
    expect(result.entered).toEqual(["Validate", "Enrich", "Store", "Compensate", "NotifyCompensated", "Compensated"]);
    expect(result.failedWith).toBe("SagaCompensated");
  });

  it("retries a transient Store error with the configured attempts, then succeeds", async () => {
    // Prepare: throttled twice, then fine
    let attempts = 0;
    const store = fn(() => {
      attempts++;
      if (attempts <= 2) throw error("ProvisionedThroughputExceededException", "throttled");
      return { stored: true };
    });

    // Act
    const result = await run({
      Validate: fn(() => ({ valid: true })).handler,
      Enrich: fn(() => ({})).handler,
      Store: store.handler,
      Publish: published().handler,
    });

    // Assess
    expect(result.error).toBeUndefined();
    expect(attempts).toBe(3);
    expect(result.retries).toBe(2);
  });

  it("gives up after MaxAttempts retries of a transient error and compensates", async () => {
    const store = fn(() => {
      throw error("ThrottlingException", "still throttled");
    });
    const compensate = fn(() => ({ status: "COMPENSATED" }));

    const result = await run({
      Validate: fn(() => ({ valid: true })).handler,
      Enrich: fn(() => ({})).handler,
      Store: store.handler,
      Compensate: compensate.handler,
      NotifyCompensated: service({ MessageId: "m" }).handler,
    });

    expect(store.calls).toHaveLength(1 + RETRY.maxAttempts);
    expect(compensate.calls).toHaveLength(1);
    expect(result.failedWith).toBe("SagaCompensated");
  });

  it("rejects an invalid event without storing or compensating", async () => {
    const store = fn(() => ({}));

    const result = await run({
      Validate: fn(() => {
        throw error("EventInvalid", "price must be > 0");
      }).handler,
      Store: store.handler,
    });

    expect(result.entered).toEqual(["Validate", "Rejected"]);
    expect(store.calls).toHaveLength(0);
    expect(result.failedWith).toBe("EventRejected");
  });
});
