import type { CustomMetric } from "../../../handlers/shared/metric-catalog";
import { LAKE_METRICS_NAMESPACE } from "../../../handlers/shared/metric-catalog";

/** A CloudWatch statistic as the dashboard body spells it ("p99" for percentiles). */
export type Statistic = "Sum" | "Average" | "Minimum" | "Maximum" | "SampleCount" | `p${number}`;

/** One metric line of a graph: namespace, name and the full dimension set CloudWatch stores it under. */
export interface Metric {
  readonly kind: "metric";
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: Statistic;
  /** Seconds. @default the widget's period */
  readonly period?: number;
  /** Legend text. @default CloudWatch's generated label */
  readonly label?: string;
  /** Id for metric math; a metric with an id used only by math can be hidden. @default none */
  readonly id?: string;
  /** @default true */
  readonly visible?: boolean;
}

/** A metric math line (`expression` + `id`) over metrics of the same widget. */
export interface MathExpression {
  readonly kind: "expression";
  readonly expression: string;
  readonly id: string;
  readonly label: string;
}

export type MetricLine = Metric | MathExpression;

export type MetricOptions = Partial<Pick<Metric, "period" | "label" | "id" | "visible">>;

export function metric(namespace: string, name: string, dimensions: Readonly<Record<string, string>>, stat: Statistic, options: MetricOptions = {}): Metric {
  if (!namespace || !name) throw new Error(`metric: namespace and name must be non-empty (got "${namespace}", "${name}")`);
  return { kind: "metric", namespace, name, dimensions, stat, ...options };
}

export function mathExpression(id: string, expression: string, label: string): MathExpression {
  if (!/^[a-z][a-zA-Z0-9_]*$/.test(id)) throw new Error(`mathExpression: id "${id}" must start with a lower-case letter and hold letters, digits or _ (CloudWatch's rule for metric ids)`);
  return { kind: "expression", expression, id, label };
}

/**
 * A metric of the custom metric catalog: a value for every dimension of the entry and no other,
 * because CloudWatch matches the full dimension set and a graph with one more or one fewer shows nothing.
 */
export function catalogMetric<const E extends CustomMetric>(
  entry: E,
  values: { readonly [K in E["dimensions"][number]]: string },
  stat: Statistic,
  options: MetricOptions = {},
): Metric {
  const given = Object.keys(values).sort();
  const wanted = [...entry.dimensions].sort();
  if (given.join() !== wanted.join()) throw new Error(`catalogMetric ${entry.name}: give exactly the dimensions [${wanted.join(", ")}] (got [${given.join(", ")}])`);
  return metric(LAKE_METRICS_NAMESPACE, entry.name, values as Record<string, string>, stat, options);
}

/** The `metrics` array entry of the dashboard body: [namespace, name, dimName, dimValue, ..., {options}]. */
export function metricLineJson(line: MetricLine): unknown[] {
  if (line.kind === "expression") return [{ expression: line.expression, id: line.id, label: line.label }];
  const options: Record<string, unknown> = { stat: line.stat };
  if (line.period !== undefined) options.period = line.period;
  if (line.label !== undefined) options.label = line.label;
  if (line.id !== undefined) options.id = line.id;
  if (line.visible === false) options.visible = false;
  return [line.namespace, line.name, ...Object.entries(line.dimensions).flat(), options];
}
