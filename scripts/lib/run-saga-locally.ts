import { PutEventsCommand, type EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { StateMachine } from "aws-local-stepfunctions";
import "./promise-with-resolvers";
import { marketEventSagaDefinition, type SagaRetry } from "../../src/constructs/saga-definition";
import { createStepHandler } from "../../handlers/market-events/steps/steps";
import type { BusEvent } from "../../handlers/market-events/steps/saga-state";
import type { ValidateSettings } from "../../handlers/market-events/steps/validate-step";

export interface LocalSagaOptions {
  /** Clients against the local AWS server (or wrapped, to inject faults). */
  readonly documents: DynamoDBDocumentClient;
  readonly eventBridge: EventBridgeClient;
  readonly sns: SNSClient;
  readonly eventsTable: string;
  readonly instrumentsTable: string;
  readonly busName: string;
  readonly eventSource: string;
  readonly alertTopicArn: string;
  readonly validate: ValidateSettings;
  readonly retry: SagaRetry;
  /**
   * The definition to run: the deployed one read back with DescribeStateMachine (the e2e). Its
   * state names bind the tasks. @default marketEventSagaDefinition of this code, on stand-in ARNs
   */
  readonly definition?: object;
  /** "instant": retries at once (fast tests); "as-defined": the definition's backoff, jitter included. @default "instant" */
  readonly retryWaits?: "instant" | "as-defined";
}

export interface SagaOutcome {
  readonly status: "SUCCEEDED" | "FAILED";
  /** The Fail state's Error (EventRejected, SagaCompensated...) when FAILED. */
  readonly error?: string;
  readonly output?: unknown;
  /** States entered, in order. */
  readonly entered: readonly string[];
  readonly retries: number;
}

const LAMBDA = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/**
 * Runs the deployed saga's definition (marketEventSagaDefinition, the same builder the stack uses)
 * in aws-local-stepfunctions, a real ASL interpreter: its Lambda tasks are the real step handlers
 * in-process, and Publish and the alerts are real PutEvents and SNS Publish calls, all with SDK
 * clients against the local AWS server, which itself runs no Step Functions executions (DESIGN.md).
 */
export function localSaga(options: LocalSagaOptions): { run(event: BusEvent): Promise<SagaOutcome> } {
  const resources = {
    validateFunctionArn: LAMBDA("validate"),
    enrichFunctionArn: LAMBDA("enrich"),
    storeFunctionArn: LAMBDA("store"),
    compensateFunctionArn: LAMBDA("compensate"),
    eventBusName: options.busName,
    eventSource: options.eventSource,
    alertTopicArn: options.alertTopicArn,
  };
  const common = { environment: "local", serviceName: "market-events-saga", metricsNamespace: "MarketDataLake" };
  const deps = { documents: options.documents };
  const steps = {
    Validate: createStepHandler({ step: "validate", ...common, ...options.validate }, deps),
    Enrich: createStepHandler({ step: "enrich", ...common, instrumentsTable: options.instrumentsTable }, deps),
    Store: createStepHandler({ step: "store", ...common, eventsTable: options.eventsTable }, deps),
    Compensate: createStepHandler({ step: "compensate", ...common, eventsTable: options.eventsTable }, deps),
  };
  // The Lambda invoke integration: Payload in, { Payload } out.
  const lambda = (step: keyof typeof steps) => async (input: { Payload: BusEvent }) => ({ Payload: await steps[step](input.Payload) });
  const publish = async (input: { Entries: Array<Record<string, unknown>> }) => {
    const answer = await options.eventBridge.send(new PutEventsCommand({ Entries: input.Entries.map((e) => ({ ...e, Detail: JSON.stringify(e.Detail) })) }));
    if (answer.FailedEntryCount) throw Object.assign(new Error(`PutEvents refused: ${JSON.stringify(answer.Entries)}`), { name: "EventBridge.InternalException" });
    return answer;
  };
  const notify = async (input: { TopicArn: string; Subject: string; Message: string }) => options.sns.send(new PublishCommand(input));
  const handlers = { Validate: lambda("Validate"), Enrich: lambda("Enrich"), Store: lambda("Store"), Compensate: lambda("Compensate"), Publish: publish, NotifyCompensated: notify, NotifyCompensationFailed: notify };
  const instant = (options.retryWaits ?? "instant") === "instant";
  const machine = new StateMachine((options.definition ?? marketEventSagaDefinition(resources, options.retry)) as never, { validationOptions: { checkArn: true, checkPaths: true } });
  return {
    async run(event) {
      const execution = machine.run(event as never, {
        overrides: {
          taskResourceLocalHandlers: handlers as never,
          ...(instant ? { retryIntervalOverrides: Object.fromEntries(Object.keys(handlers).map((state) => [state, 0])) } : {}),
        },
      });
      const events: Array<{ type: string; state?: { name: string }; Error?: string }> = [];
      const collect = (async () => {
        for await (const e of execution.eventLogs) events.push(e as never);
      })();
      const outcome = await execution.result.then(
        (output: unknown) => ({ status: "SUCCEEDED" as const, output }),
        () => ({ status: "FAILED" as const }),
      );
      await collect;
      const failed = events.find((e) => e.type === "ExecutionFailed");
      return {
        ...outcome,
        ...(failed ? { error: failed.Error } : {}),
        entered: events.filter((e) => e.type === "StateEntered").map((e) => e.state!.name),
        retries: events.filter((e) => e.type === "StateRetried").length,
      };
    },
  };
}
