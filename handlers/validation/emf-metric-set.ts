import { writeStdoutLine } from "./stdout-line";

type Env = Readonly<Record<string, string | undefined>>;
export type MetricUnit = "Count" | "Bytes" | "Milliseconds";

/** Where and under which names a function's metrics go. */
export interface EmfConfig {
  readonly namespace: string;
  /** Added to every metric as the `service` dimension. */
  readonly service: string;
  /** @default one line on stdout, where CloudWatch Logs extracts the metrics */
  readonly write?: (line: string) => void;
  readonly now?: () => number;
}

/** The variables (and defaults) Powertools Metrics used, so the stack's environment stays as it is. */
export function emfConfigFromEnv(env: Env): EmfConfig {
  return { namespace: env.POWERTOOLS_METRICS_NAMESPACE || "default_namespace", service: env.POWERTOOLS_SERVICE_NAME || "service_undefined" };
}

/** CloudWatch's limits for one EMF document: metrics per directive, values per metric. */
const MAX_METRICS = 100;
const MAX_VALUES = 100;

/**
 * Metrics that share one set of dimensions, buffered and written by `flush` as one CloudWatch
 * embedded metric format document
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * A metric added again keeps every value (an EMF value array), so CloudWatch still sees each sample.
 */
export class EmfMetricSet {
  private readonly dimensions: Readonly<Record<string, string>>;
  private readonly metrics = new Map<string, { unit: MetricUnit; values: number[] }>();

  constructor(
    private readonly config: EmfConfig,
    dimensions: Readonly<Record<string, string>> = {},
  ) {
    this.dimensions = { service: config.service, ...dimensions };
  }

  add(name: string, unit: MetricUnit, value: number): void {
    const stored = this.metrics.get(name);
    if ((stored && stored.values.length >= MAX_VALUES) || (!stored && this.metrics.size >= MAX_METRICS)) this.flush();
    const metric = this.metrics.get(name) ?? { unit, values: [] };
    metric.values.push(value);
    this.metrics.set(name, metric);
  }

  /** Writes the buffered metrics as one document and forgets them; writes nothing when there are none. */
  flush(): void {
    if (this.metrics.size === 0) return;
    const names = [...this.metrics.keys()];
    const document = {
      _aws: {
        Timestamp: (this.config.now ?? Date.now)(),
        CloudWatchMetrics: [{ Namespace: this.config.namespace, Dimensions: [Object.keys(this.dimensions)], Metrics: names.map((name) => ({ Name: name, Unit: this.metrics.get(name)!.unit })) }],
      },
      ...this.dimensions,
      ...Object.fromEntries(names.map((name) => {
        const { values } = this.metrics.get(name)!;
        return [name, values.length === 1 ? values[0] : values];
      })),
    };
    this.metrics.clear();
    (this.config.write ?? writeStdoutLine)(JSON.stringify(document));
  }
}
