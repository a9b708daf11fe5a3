import { metricLineJson, type MetricLine } from "./metric";

/** A widget before layout: its type, size and the body's `properties`. */
export interface Widget {
  readonly type: "metric" | "text" | "alarm";
  /** Columns of CloudWatch's 24-column grid. */
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

export interface GraphOptions {
  readonly title: string;
  readonly metrics: readonly MetricLine[];
  /** Seconds. @default 300 */
  readonly period?: number;
  /** @default 8 (three to a row) */
  readonly width?: number;
  /** @default 6 */
  readonly height?: number;
  /** @default false */
  readonly stacked?: boolean;
  /** Left axis label. @default none */
  readonly unit?: string;
}

export interface WidgetContext {
  /** Every metric widget names its region: the dashboard may be opened from any console region. */
  readonly region: string;
}

function metricWidget(view: "timeSeries" | "singleValue", options: GraphOptions, context: WidgetContext): Widget {
  if (options.metrics.length === 0) throw new Error(`widget "${options.title}": give at least one metric`);
  const ids = options.metrics.map((m) => ("id" in m ? m.id : undefined)).filter((id): id is string => id !== undefined);
  if (new Set(ids).size !== ids.length) throw new Error(`widget "${options.title}": metric ids must be unique (${ids.join(", ")})`);
  return {
    type: "metric",
    width: options.width ?? 8,
    height: options.height ?? 6,
    properties: {
      title: options.title,
      view,
      region: context.region,
      period: options.period ?? 300,
      stacked: options.stacked ?? false,
      metrics: options.metrics.map(metricLineJson),
      ...(options.unit ? { yAxis: { left: { label: options.unit, showUnits: false } } } : {}),
    },
  };
}

export const graphWidget = (options: GraphOptions, context: WidgetContext): Widget => metricWidget("timeSeries", options, context);

export const singleValueWidget = (options: GraphOptions, context: WidgetContext): Widget => metricWidget("singleValue", { width: 4, height: 4, ...options }, context);

/** A row header; `markdown` may span lines. */
export function textWidget(markdown: string, width = 24, height = 1): Widget {
  if (!markdown.trim()) throw new Error("textWidget: markdown must not be empty");
  return { type: "text", width, height, properties: { markdown } };
}

/** Alarm status widget: up to 100 alarm ARNs (CloudWatch's limit for this widget). */
export function alarmStatusWidget(title: string, alarmArns: readonly string[], width = 24, height?: number): Widget {
  if (alarmArns.length === 0) throw new Error(`alarmStatusWidget "${title}": give at least one alarm ARN`);
  if (alarmArns.length > 100) throw new Error(`alarmStatusWidget "${title}": ${alarmArns.length} alarms, the widget shows at most 100; split it`);
  return { type: "alarm", width, height: height ?? Math.max(2, Math.ceil(alarmArns.length / 4) + 1), properties: { title, alarms: [...alarmArns], sortBy: "stateUpdatedTimestamp" } };
}
