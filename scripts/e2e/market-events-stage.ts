import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import type { SQSRecord } from "aws-lambda";
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { DescribeStateMachineCommand, SFNClient } from "@aws-sdk/client-sfn";
import { SubscribeCommand } from "@aws-sdk/client-sns";
import { GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient, PutCommand, ScanCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { createIngestHandler } from "../../handlers/market-events/handler";
import type { EventResult } from "../../handlers/market-events/response";
import { readIngestSettings } from "../../handlers/market-events/settings";
import type { BusEvent } from "../../handlers/market-events/steps/saga-state";
import { readStepSettings, type StepSettings } from "../../handlers/market-events/steps/step-settings";
import type { EnvironmentConfig } from "../../src/config";
import { Naming } from "../../src/config/naming";
import { marketEventsNames, SAGA_STEPS, type SagaStep } from "../../src/operations/replay";
import { SAGA_EVENT_SOURCE } from "../../src/stacks/market-events-bus";
import { apiGatewayV2Request } from "../lib/api-gateway-v2-event";
import { localClientOptions, type LocalClients } from "../lib/local-clients";
import type { LocalDeployment } from "../lib/local-deploy";
import { createQueue } from "../lib/local-queue";
import { localSaga, type SagaOutcome } from "../lib/run-saga-locally";
import { acknowledge, backlog, drainQueue, receiveAll } from "../lib/sqs-poller";
import { capturingStdout, sumEmfLines } from "./emf-lines";
import { marketEventsPlan, type MarketEventsPlan } from "./market-events-inputs";
import { checkAfterReplay, checkFirstPass, type SagaPass, type StoreSnapshot } from "./market-events-reconcile";

export interface MarketEventsStageInput {
  readonly endpoint: string;
  readonly clients: LocalClients;
  readonly deployment: LocalDeployment;
  readonly config: EnvironmentConfig;
  /** The lake's alert topic, where compensations are announced (the lake stack is applied first). */
  readonly alertTopicArn: string;
  readonly root: string;
}

const TENANT = "desk-7";
const log = (line: string) => process.stdout.write(`  ${line}\n`);

/**
 * The market events stack on the local server, applied by the caller: posts the plan's requests
 * through the ingest handler (the deployed function's environment, real-shaped API Gateway v2
 * requests), lets the bus route the accepted events (per-type rules to the local saga-input queue,
 * the archive), runs each delivery through the deployed state machine's definition in the ASL
 * interpreter with Store failing after its write for the planned events, reconciles, then replays
 * the archive with `npm run replay` and reconciles again. Returns the problems found.
 */
export async function runMarketEventsStage(input: MarketEventsStageInput): Promise<string[]> {
  const { clients, config } = input;
  const out = input.deployment.outputs as Record<string, string>;
  const names = marketEventsNames(new Naming(config));
  const documents = DynamoDBDocumentClient.from(clients.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  // One attempt: the local server's PutEvents must not be retried by the SDK (DESIGN.md: duplicates).
  const eventBridge = new EventBridgeClient({ ...localClientOptions(input.endpoint, config.region), maxAttempts: 1 });
  const sfn = new SFNClient(localClientOptions(input.endpoint, config.region));

  const machine = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: out.state_machine_arn }));
  const problems: string[] = machine.type === "EXPRESS" ? [] : [`the deployed state machine is ${machine.type}, not EXPRESS`];
  const stepSettings = Object.fromEntries(SAGA_STEPS.map((step) => [step, readStepSettings(functionEnv(input.deployment, names.stepFunction(step)))])) as Record<SagaStep, StepSettings>;

  const startedAt = new Date();
  const plan = marketEventsPlan({ goodEvents: 150, eventsPerRequest: 50, storeFailureEvery: 25, at: new Date(startedAt.getTime() - 60_000) });
  for (const item of plan.instruments) await documents.send(new PutCommand({ TableName: out.instruments_table_name, Item: item }));
  const observers = await observe(clients, eventBridge, out.event_bus_name, input.alertTopicArn);

  const answers = await postPlan(input, plan, { eventBridge, ingestFunction: names.ingestFunction });
  const partnerTypo = await eventBridge.send(new PutEventsCommand({ Entries: [{ EventBusName: out.event_bus_name, Source: "market-data.ingest", DetailType: "news", Detail: JSON.stringify({ id: "e2e-news-1" }) }] }));
  if (partnerTypo.FailedEntryCount) problems.push(`PutEvents of an unknown type failed: ${JSON.stringify(partnerTypo.Entries)}`);

  const failStore = storeFailingOnce(documents, plan.storeFailsFor);
  const saga = localSaga({
    documents: failStore,
    eventBridge,
    sns: clients.sns,
    eventsTable: setting(stepSettings.store, "eventsTable"),
    instrumentsTable: setting(stepSettings.enrich, "instrumentsTable"),
    busName: out.event_bus_name,
    eventSource: SAGA_EVENT_SOURCE,
    alertTopicArn: input.alertTopicArn,
    validate: stepSettings.validate as Extract<StepSettings, { step: "validate" }>,
    retry: config.marketEvents.saga.retry,
    definition: JSON.parse(machine.definition!) as object,
  });
  const { QueueUrl: unknownTypesQueue } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: `${names.bus}-unknown-types` }));
  const first = await sagaPass(clients, out.local_saga_input_queue_url, saga.run);
  log(`posted ${plan.requests.reduce((n, r) => n + r.length, 0)} events in ${plan.requests.length} requests; ${first.deliveries} deliveries to the saga; ${plan.storeFailsFor.size} Store failures injected`);
  const beforeReplay = await snapshot(documents, out.events_table_name);
  problems.push(...checkFirstPass({ plan, answers: answers.results, metrics: answers.metrics, pass: first, store: beforeReplay, stored: await takeAll(clients, observers.stored), alerts: await takeAll(clients, observers.alerts), unknownTypes: await backlog(clients.sqs, unknownTypesQueue!) }));

  const replay = spawnSync(process.execPath, [join(input.root, "dist", "scripts", "replay.js"), "--env", config.environment, "--from", new Date(startedAt.getTime() - 120_000).toISOString(), "--to", new Date().toISOString(), "--poll-seconds", "1", "--endpoint", input.endpoint], { encoding: "utf8" });
  if (replay.status !== 0) return [...problems, `npm run replay exited ${replay.status}: ${replay.stdout}${replay.stderr}`];
  log(replay.stdout.trim().split("\n").pop() ?? "");
  const second = await sagaPass(clients, out.local_saga_input_queue_url, saga.run);
  log(`replay re-delivered ${second.deliveries} events to the saga`);
  problems.push(...checkAfterReplay({ plan, pass: second, before: beforeReplay, store: await snapshot(documents, out.events_table_name), stored: await takeAll(clients, observers.stored) }));
  return problems;
}

function functionEnv(deployment: LocalDeployment, name: string): Record<string, string> {
  const env = deployment.functionEnvironments[name];
  if (!env) throw new Error(`deployed function ${name} not found in the market events state`);
  return env;
}

function setting<K extends string>(settings: StepSettings, key: K): string {
  const value = (settings as unknown as Record<string, unknown>)[key];
  if (typeof value !== "string") throw new Error(`the ${settings.step} step's settings have no ${key}`);
  return value;
}

/** Posts every request through the ingest handler built from the deployed function's environment. */
async function postPlan(input: MarketEventsStageInput, plan: MarketEventsPlan, deps: { eventBridge: EventBridgeClient; ingestFunction: string }): Promise<{ results: EventResult[]; metrics: Map<string, number> }> {
  const settings = readIngestSettings(functionEnv(input.deployment, deps.ingestFunction));
  const handler = createIngestHandler({
    eventBridge: deps.eventBridge,
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: settings.idempotencyTableName, awsSdkV3Client: input.clients.dynamo }),
    settings,
    // The rejections are the plan's own (checked from the answers): only errors are news here.
    logger: new Logger({ serviceName: settings.serviceName, logLevel: "ERROR" }),
  });
  const m = input.config.marketEvents;
  const claims = { iss: m.jwtIssuer, aud: m.jwtAudiences[0], [settings.tenantClaim]: TENANT, scope: "events/write" };
  const results: EventResult[] = [];
  const metrics = new Map<string, number>();
  for (const events of plan.requests) {
    const { result, text } = await capturingStdout(() => handler(apiGatewayV2Request(JSON.stringify({ events }), { claims })));
    sumEmfLines(text, metrics);
    if (result.statusCode !== 200) throw new Error(`the ingest handler answered ${result.statusCode}: ${result.body}`);
    results.push(...(JSON.parse(result.body!) as { results: EventResult[] }).results);
  }
  return { results, metrics };
}

/** Queues the stage reads the outcome from: "stored" events (not replayed ones) and the lake's alerts. */
async function observe(clients: LocalClients, eventBridge: EventBridgeClient, busName: string, alertTopicArn: string) {
  const stored = await createQueue(clients.sqs, "e2e-market-events-stored");
  await eventBridge.send(new PutRuleCommand({ Name: "e2e-stored-observer", EventBusName: busName, EventPattern: JSON.stringify({ source: [SAGA_EVENT_SOURCE], "detail-type": ["stored"], "replay-name": [{ exists: false }] }) }));
  await eventBridge.send(new PutTargetsCommand({ Rule: "e2e-stored-observer", EventBusName: busName, Targets: [{ Id: "queue", Arn: stored.arn }] }));
  const alerts = await createQueue(clients.sqs, "e2e-market-events-alerts");
  await clients.sns.send(new SubscribeCommand({ TopicArn: alertTopicArn, Protocol: "sqs", Endpoint: alerts.arn, Attributes: { RawMessageDelivery: "true" } }));
  return { stored: stored.url, alerts: alerts.url };
}

/**
 * A document client whose Store transaction for a listed event commits and then fails once with
 * TimeoutError (the answer lost, the function killed): the partial write the saga must undo.
 */
function storeFailingOnce(documents: DynamoDBDocumentClient, ids: ReadonlySet<string>): DynamoDBDocumentClient {
  const failed = new Set<string>();
  return new Proxy(documents, {
    get(target, key) {
      if (key !== "send") return Reflect.get(target, key);
      return async (command: unknown) => {
        const result = await target.send(command as never);
        const id = command instanceof TransactWriteCommand ? String(command.input.TransactItems?.[0]?.Put?.Item?.id ?? "") : "";
        if (ids.has(id) && !failed.has(id)) {
          failed.add(id);
          throw Object.assign(new Error("socket hang up after the write (injected)"), { name: "TimeoutError" });
        }
        return result;
      };
    },
  });
}

/** Drains the saga-input queue (the per-type rules' local target), one saga execution per delivery. */
async function sagaPass(clients: LocalClients, queueUrl: string, run: (event: BusEvent) => Promise<SagaOutcome>): Promise<SagaPass> {
  const outcomes: SagaOutcome[] = [];
  const stats = await drainQueue({
    sqs: clients.sqs,
    queueUrl,
    batchSize: 10,
    timeoutMs: 600_000,
    handler: async (event) => {
      for (const record of event.Records) outcomes.push((await capturingStdout(() => run(JSON.parse(record.body) as BusEvent))).result);
      return { batchItemFailures: [] };
    },
  });
  return { deliveries: stats.messages, outcomes };
}

/** Every message now on an observer queue, deleted as read (a later read sees only newer ones). */
async function takeAll(clients: LocalClients, queueUrl: string): Promise<SQSRecord[]> {
  const records = await receiveAll(clients.sqs, queueUrl, 10_000);
  await acknowledge(clients.sqs, queueUrl, records, []);
  return records;
}

/** Every item of the events table, by "pk|sk". */
async function snapshot(documents: DynamoDBDocumentClient, table: string): Promise<StoreSnapshot> {
  const items = new Map<string, Record<string, unknown>>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) items.set(`${item.pk}|${item.sk}`, item);
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
