import { lambdaMetric, sqsMetric } from "./aws-metrics";
import { metric } from "./metric";
import { graphWidget, type Widget, type WidgetContext } from "./widgets";

export interface FunctionWidgetsOptions {
  readonly functionName: string;
  /** A label for titles, e.g. "validation". */
  readonly label: string;
  /** Namespace and name of the function's error-line log metric, when it has one. @default none */
  readonly errorLines?: { readonly namespace: string; readonly name: string };
}

/** The graphs every Lambda function gets: traffic, failures, latency percentiles and concurrency. */
export function functionWidgets(options: FunctionWidgetsOptions, context: WidgetContext): Widget[] {
  const fn = options.functionName;
  const title = (what: string) => `${options.label}: ${what}`;
  return [
    graphWidget({ title: title("invocations"), metrics: [lambdaMetric(fn, "Invocations", "Sum")] }, context),
    graphWidget(
      {
        title: title("errors and throttles"),
        metrics: [
          lambdaMetric(fn, "Errors", "Sum"),
          lambdaMetric(fn, "Throttles", "Sum"),
          ...(options.errorLines ? [metric(options.errorLines.namespace, options.errorLines.name, {}, "Sum", { label: "ERROR log lines" })] : []),
        ],
      },
      context,
    ),
    graphWidget({ title: title("duration p50 / p99 (ms)"), metrics: [lambdaMetric(fn, "Duration", "p50"), lambdaMetric(fn, "Duration", "p99")] }, context),
    graphWidget({ title: title("concurrent executions"), metrics: [lambdaMetric(fn, "ConcurrentExecutions", "Maximum")] }, context),
  ];
}

export interface QueueWidgetsOptions {
  readonly queueName: string;
  /** @default no dead-letter graph */
  readonly deadLetterQueueName?: string;
  readonly label: string;
}

/** Backlog, age of the oldest message and the dead-letter depth of a queue. */
export function queueWidgets(options: QueueWidgetsOptions, context: WidgetContext): Widget[] {
  return [
    graphWidget({ title: `${options.label}: messages visible`, metrics: [sqsMetric(options.queueName, "ApproximateNumberOfMessagesVisible", "Maximum")] }, context),
    graphWidget({ title: `${options.label}: age of oldest message (s)`, metrics: [sqsMetric(options.queueName, "ApproximateAgeOfOldestMessage", "Maximum")] }, context),
    ...(options.deadLetterQueueName
      ? [graphWidget({ title: `${options.label}: dead-letter depth`, metrics: [sqsMetric(options.deadLetterQueueName, "ApproximateNumberOfMessagesVisible", "Maximum")] }, context)]
      : []),
  ];
}
