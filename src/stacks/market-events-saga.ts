import { Construct } from "constructs";
import type { HandlerBundle } from "../bundling/handler-bundle";
import type { WorkflowCost } from "../config/workflow-cost";
import { SagaStateMachine } from "../constructs/saga-state-machine";
import { ObservedFunction } from "../constructs/observed-function";
import { marketEventSagaDefinition } from "../constructs/saga-definition";
import { SAGA_STEPS, type SagaStep } from "../operations/replay/market-events-names";
import type { PolicyStatement } from "../policy/policy-document";
import { LAKE_METRICS_NAMESPACE } from "../../handlers/shared/metric-catalog";
import { SAGA_EVENT_SOURCE } from "./market-events-bus";
import type { MarketEventsPartProps } from "./market-events-stack";
import type { MarketEventsStore } from "./market-events-store";

export interface MarketEventsSagaProps extends MarketEventsPartProps {
  readonly bundle: HandlerBundle;
  readonly store: MarketEventsStore;
  readonly workflow: WorkflowCost;
  /** Roles that start executions (the bus rules' target roles): the key lets them encrypt the input. */
  readonly executionStarterRoleArns: readonly string[];
}

/**
 * The saga of one event: four step functions (one package; SAGA_STEP picks the step) and the state
 * machine running Validate -> Enrich -> Store -> Publish | Compensate -> alert
 * (src/constructs/saga-definition.ts), of the type the cost arithmetic chose (Express at every
 * configured peak). The alert is the lake's topic, encrypted with the lake's platform key, which
 * the state machine may use only through SNS and only by that key's alias.
 */
export class MarketEventsSaga extends Construct {
  readonly steps: Readonly<Record<SagaStep, ObservedFunction>>;
  readonly stateMachine: SagaStateMachine;
  readonly stateMachineArn: string;

  constructor(scope: Construct, id: string, props: MarketEventsSagaProps) {
    super(scope, id);
    const { config, names, key, lake, capacity, store } = props;
    const m = config.marketEvents;
    const viaDynamo = { StringEquals: { "kms:ViaService": `dynamodb.${config.region}.amazonaws.com` } };
    const tableKey: PolicyStatement = { Sid: "TableKeyThroughDynamoDb", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: key.arn, Condition: viaDynamo };
    const perStep: Record<SagaStep, { description: string; environment: Record<string, string>; statements: PolicyStatement[] }> = {
      validate: {
        description: "Market event saga, Validate: the lake's record rules and the order book rules again (partners put events directly)",
        environment: { MAX_SPREAD_RATIO: String(config.validation.maxSpreadRatio), MAX_ORDER_BOOK_DEPTH: String(m.maxOrderBookDepth), PARTITION_TIME_ZONES: JSON.stringify(config.partitionTimeZones) },
        statements: [],
      },
      enrich: {
        description: "Market event saga, Enrich: instrument reference data, notional, mid, spread in bps, venue",
        environment: { INSTRUMENTS_TABLE_NAME: store.instruments.name },
        statements: [{ Sid: "ReadInstruments", Effect: "Allow", Action: "dynamodb:GetItem", Resource: store.instruments.arn }, tableKey],
      },
      store: {
        description: "Market event saga, Store: the event and its saga record in one conditional transaction, once per tenant and id",
        environment: { EVENTS_TABLE_NAME: store.events.name },
        statements: [{ Sid: "WriteEvents", Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:ConditionCheckItem"], Resource: store.events.arn }, tableKey],
      },
      compensate: {
        description: "Market event saga, Compensate: undo this delivery's Store and mark the saga COMPENSATED with the cause",
        environment: { EVENTS_TABLE_NAME: store.events.name },
        statements: [{ Sid: "UndoEvents", Effect: "Allow", Action: ["dynamodb:DeleteItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"], Resource: store.events.arn }, tableKey],
      },
    };
    const steps = {} as Record<SagaStep, ObservedFunction>;
    for (const step of SAGA_STEPS) {
      steps[step] = new ObservedFunction(this, step, {
        functionName: names.stepFunction(step),
        description: perStep[step].description,
        bundle: props.bundle,
        memoryMb: m.saga.memoryMb,
        timeoutSeconds: m.saga.timeoutSeconds,
        reservedConcurrency: step === "compensate" ? capacity.compensateConcurrency : capacity.stepConcurrency,
        durationAlarmShareOfTimeout: config.alarms.durationShareOfTimeout,
        encryptionKey: key,
        logRetentionDays: config.logRetentionDays,
        deadLetterQueueArn: props.deadLetters.arn,
        alarmActions: [lake.alertTopicArn],
        environment: {
          SAGA_STEP: step,
          POWERTOOLS_SERVICE_NAME: `market-events-saga-${step}`,
          POWERTOOLS_METRICS_NAMESPACE: LAKE_METRICS_NAMESPACE,
          ENVIRONMENT: config.environment,
          ...perStep[step].environment,
        },
        statements: perStep[step].statements,
      });
    }
    this.steps = steps;
    const definition = marketEventSagaDefinition(
      {
        validateFunctionArn: steps.validate.arn,
        enrichFunctionArn: steps.enrich.arn,
        storeFunctionArn: steps.store.arn,
        compensateFunctionArn: steps.compensate.arn,
        eventBusName: names.bus,
        eventSource: SAGA_EVENT_SOURCE,
        alertTopicArn: lake.alertTopicArn,
      },
      m.saga.retry,
    );
    // Lambda invoke, PutEvents on the bus and Publish to the topic are derived from the definition.
    this.stateMachine = new SagaStateMachine(this, "state-machine", {
      stateMachineName: names.stateMachine,
      definition,
      type: props.workflow.type,
      region: config.region,
      accountId: config.accountId,
      encryptionKey: key,
      logRetentionDays: config.logRetentionDays,
      executionStarterRoleArns: props.executionStarterRoleArns,
      alarmActions: [lake.alertTopicArn],
      statements: [
        {
          // The lake's topic key: its ARN holds a random id this stack cannot compute, so it is
          // granted by alias, and only as SNS uses it to encrypt a published message.
          Sid: "LakeTopicKeyByAlias",
          Effect: "Allow",
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: `arn:aws:kms:${config.region}:${config.accountId}:key/*`,
          Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": lake.platformKeyAlias }, StringEquals: { "kms:ViaService": `sns.${config.region}.amazonaws.com` } },
        },
      ],
    });
    this.stateMachineArn = this.stateMachine.arn;
  }
}
