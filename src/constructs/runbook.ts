import type { IConstruct } from "constructs";

/**
 * The sections of docs/runbook.md an alarm can link, by what fired. The values are the sections'
 * GitHub anchors: a test checks that every one is a heading of the runbook, so an alarm cannot
 * link a section that does not exist.
 */
export const RUNBOOK_SECTIONS = {
  functionErrors: "function-errors-or-error-log-lines",
  functionThrottles: "function-throttles",
  functionDuration: "function-duration-near-the-timeout",
  dlqNotEmpty: "dead-letter-queue-not-empty",
  queueBacklog: "validation-queue-backlog",
  failureQueueNotEmpty: "stream-on-failure-queue-not-empty",
  streamThrottled: "stream-writes-throttled",
  iteratorAge: "stream-readers-behind",
  consumerLag: "stuck-kinesis-consumer",
  ingestionRate: "ingestion-rate-anomaly",
  deliveryFreshness: "firehose-delivery-late-or-failing",
  glueElapsed: "glue-run-near-its-timeout",
  glueFailedTasks: "glue-failed-tasks",
  glueFailureAlerts: "glue-failure-alerts-undelivered",
  pipelineUnhealthy: "pipeline-unhealthy",
  apiErrors: "market-events-api-errors",
  sagaFailing: "market-event-saga-failing",
  deliveryFailing: "market-events-delivery-failing",
  busDeadLetters: "market-events-bus-dead-letters",
  unknownEventTypes: "unknown-market-event-types",
  tableThrottledOrFailing: "dynamodb-table-throttled-or-failing",
  replicationBehind: "second-region-replication-behind",
} as const;

export type RunbookSection = (typeof RUNBOOK_SECTIONS)[keyof typeof RUNBOOK_SECTIONS];

/** Context key the stack sets to the runbook's address (config `alarms.runbookUrl`). */
export const RUNBOOK_URL_CONTEXT = "mdl:runbookUrl";

/** The repository path of the runbook, used when no stack set the context (a construct tested alone). */
export const DEFAULT_RUNBOOK_URL = "docs/runbook.md";

/**
 * Where an alarm's runbook section is: the runbook's address from the construct tree's context
 * (set once per stack, as aws-cdk carries cross-cutting settings) and the section's anchor.
 */
export function runbookLink(scope: IConstruct, section: RunbookSection): string {
  const base = (scope.node.tryGetContext(RUNBOOK_URL_CONTEXT) as string | undefined) ?? DEFAULT_RUNBOOK_URL;
  return `${base}#${section}`;
}
