import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { marketEventsHandlerBundles, type MarketEventsHandlerBundles } from "../bundling/market-events-handlers";
import type { EnvironmentConfig } from "../config";
import { marketEventsCapacity, type MarketEventsCapacity } from "../config/market-events-capacity";
import type { Naming } from "../config/naming";
import { PlatformStack, type PlatformStackProps } from "./platform-stack";
import { chooseWorkflowType, MARKET_EVENTS_SAGA } from "../config/workflow-cost";
import { ruleTargetRoleName } from "../constructs/event-bus";
import { FailureQueue } from "../constructs/failure-queue";
import { LakeKey } from "../constructs/lake-key";
import { EVENT_TYPES, marketEventsNames } from "../operations/replay/market-events-names";
import { lakeReferences, type LakeReferences } from "./lake-references";
import { MarketEventsApi } from "./market-events-api";
import { MarketEventsBus } from "./market-events-bus";
import { MarketEventsSaga } from "./market-events-saga";
import { MarketEventsStore } from "./market-events-store";
import { SecondaryRegion } from "./secondary-region";

export { marketEventsStackName } from "./deploy-order";

export interface MarketEventsStackProps extends PlatformStackProps {
  /** Lambda packages. @default bundled from handlers/market-events at synth */
  readonly handlers?: MarketEventsHandlerBundles;
}

/** What every part of the market events stack is built from. */
export interface MarketEventsPartProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly names: ReturnType<typeof marketEventsNames>;
  readonly capacity: MarketEventsCapacity;
  /** The stack's key: tables, queues, logs, the bus and the state machine. */
  readonly key: LakeKey;
  readonly lake: LakeReferences;
  /** Where the functions' failed asynchronous invocations go. */
  readonly deadLetters: FailureQueue;
  readonly localAwsServer: boolean;
}

/**
 * Market events of one environment (`market-events-<env>`): HTTP API (JWT) -> ingest function
 * (validation, idempotency) -> EventBridge bus (archive, replay, per-type rules) -> Step Functions
 * saga (validate, enrich, store exactly once, publish | compensate + alert) -> DynamoDB, with a
 * replica region in prod. Deployed after data-lake-<env> (src/stacks/deploy-order.ts), whose alert
 * topic it uses by computed name.
 */
export class MarketEventsStack extends PlatformStack {
  readonly key: LakeKey;
  readonly store: MarketEventsStore;
  readonly bus: MarketEventsBus;
  readonly saga: MarketEventsSaga;
  readonly api: MarketEventsApi;
  readonly secondary?: SecondaryRegion;
  /** Local mode only: the queue the per-type rules deliver to instead of the state machine. */
  readonly localSagaInput?: FailureQueue;

  constructor(scope: Construct, id: string, props: MarketEventsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { localAwsServer, mode } = this;
    const handlers = props.handlers ?? marketEventsHandlerBundles();
    const names = marketEventsNames(this.naming);
    const lake = lakeReferences(config, this.naming);

    this.key = new LakeKey(this, "key", {
      accountId: config.accountId,
      region: config.region,
      aliasName: this.naming.kmsAlias("market-events"),
      description: `Market events: bus, archive, tables, queues, state machine and logs (${config.environment})`,
      usedVia: ["dynamodb", "sqs", "lambda"],
      allowCloudWatchLogs: true,
      allowEventBridge: true,
    });
    const deadLetters = new FailureQueue(this, "function-dead-letters", {
      queueName: this.naming.resource("market-events-function-dlq"),
      region: config.region,
      encryptionKey: this.key,
      holds: "asynchronous invocations of the market events functions that failed every retry",
      alarmActions: [lake.alertTopicArn],
      enforceConditionalDenies: !localAwsServer,
    });
    const part: MarketEventsPartProps = { config, naming: this.naming, names, capacity: marketEventsCapacity(config), key: this.key, lake, deadLetters, localAwsServer };

    if (config.marketEvents.secondaryRegion && !localAwsServer) {
      this.secondary = new SecondaryRegion(this, "secondary", { ...part, region: config.marketEvents.secondaryRegion, mode });
    }
    this.store = new MarketEventsStore(this, "store", { ...part, replica: this.secondary });
    // The per-type rules start the saga through roles named from the rules (EventBus.addRule).
    const starterRoles = localAwsServer ? [] : EVENT_TYPES.map((type) => `arn:aws:iam::${config.accountId}:role/${ruleTargetRoleName(names.rule(type))}`);
    this.saga = new MarketEventsSaga(this, "saga", { ...part, bundle: handlers.saga, store: this.store, workflow: chooseWorkflowType(config.capacity.peakMarketEventsPerMinute, MARKET_EVENTS_SAGA), executionStarterRoleArns: starterRoles });
    // The local AWS server answers 500 to PutEvents through a rule with a Step Functions target
    // (DESIGN.md): there the rules deliver to a queue the e2e drains into the saga instead.
    this.localSagaInput = localAwsServer
      ? new FailureQueue(this, "local-saga-input", { queueName: `${names.bus}-saga-input`, region: config.region, encryptionKey: this.key, holds: "events for the saga (local mode only: the e2e runs them)", whatToDo: "the e2e drains it", alarmActions: [lake.alertTopicArn], enforceConditionalDenies: false })
      : undefined;
    const sagaTarget = this.localSagaInput ? { kind: "queue" as const, arn: this.localSagaInput.arn, queue: this.localSagaInput } : { kind: "state-machine" as const, arn: this.saga.stateMachineArn, roleStatements: this.saga.stateMachine.startExecutionStatements() };
    this.bus = new MarketEventsBus(this, "bus", { ...part, sagaTarget, replica: this.secondary });
    this.api = new MarketEventsApi(this, "api", { ...part, bundle: handlers.ingest, store: this.store, bus: this.bus });

    this.addOutputs();
  }

  private addOutputs(): void {
    const output = (id: string, value: unknown, description: string) => new TerraformOutput(this, id, { value, description });
    output("api_endpoint", this.api.endpoint, "Invoke URL of POST /v1/events (the stage's)");
    output("event_bus_name", this.bus.name, "Market events bus");
    output("event_bus_arn", this.bus.arn, "Market events bus ARN (partners PutEvents here)");
    output("archive_name", this.bus.archiveName, "Archive of every event on the bus (npm run replay)");
    output("state_machine_arn", this.saga.stateMachineArn, "The market event saga");
    output("events_table_name", this.store.events.name, "Stored events (single table)");
    output("instruments_table_name", this.store.instruments.name, "Instruments reference data Enrich reads");
    output("idempotency_table_name", this.store.idempotency.name, "Ingest idempotency records");
    output("key_arn", this.key.arn, "KMS key of the market events stack");
    output("ingest_function_name", this.api.ingest.function.name, "The function behind POST /v1/events");
    if (this.localSagaInput) output("local_saga_input_queue_url", this.localSagaInput.url, "Local mode: the queue the rules deliver to (the e2e runs the saga on it)");
  }
}
