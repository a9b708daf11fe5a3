import type { Context } from "aws-lambda";
import type { RecordLog } from "./record-handler";
import { writeStdoutLine } from "./stdout-line";

type Env = Readonly<Record<string, string | undefined>>;
export type LogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

/** Powertools' numeric levels, so the same level variables mean the same thing. */
const LEVELS: Readonly<Record<string, number>> = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, FATAL: 24, SILENT: 28 };

export interface StructuredLoggerOptions {
  /** @default process.env */
  readonly env?: Env;
  /** @default one line on stdout */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

/**
 * JSON log lines in the shape Powertools Logger wrote them (level, message, timestamp, service,
 * the Lambda context, the X-Ray trace id as correlation id, then the caller's fields), so log
 * queries keep working. Level: POWERTOOLS_LOG_LEVEL or LOG_LEVEL (default INFO), raised to the
 * function's AWS_LAMBDA_LOG_LEVEL when that is stricter, as Lambda would drop the rest anyway.
 */
export class StructuredLogger implements RecordLog {
  private readonly env: Env;
  private readonly write: (line: string) => void;
  private readonly now: () => Date;
  private readonly threshold: number;
  private readonly service: string;
  private coldStart: boolean;
  private context: Record<string, unknown> = {};

  constructor(options: StructuredLoggerOptions = {}) {
    this.env = options.env ?? process.env;
    this.write = options.write ?? writeStdoutLine;
    this.now = options.now ?? (() => new Date());
    this.service = this.env.POWERTOOLS_SERVICE_NAME || "service_undefined";
    const configured = LEVELS[(this.env.POWERTOOLS_LOG_LEVEL || this.env.LOG_LEVEL || "INFO").toUpperCase()] ?? LEVELS.INFO;
    this.threshold = Math.max(configured, LEVELS[(this.env.AWS_LAMBDA_LOG_LEVEL ?? "").toUpperCase()] ?? 0);
    // Provisioned or SnapStart environments are initialised ahead of their first request.
    this.coldStart = this.env.AWS_LAMBDA_INITIALIZATION_TYPE === "on-demand";
  }

  /** The invocation's context, on every line until the next invocation replaces it. */
  addContext(context: Context): void {
    this.context = {
      cold_start: this.coldStart,
      function_arn: context.invokedFunctionArn,
      function_memory_size: context.memoryLimitInMB,
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    };
    this.coldStart = false;
  }

  debug(message: string, extra: Record<string, unknown> = {}): void {
    this.log("DEBUG", message, extra);
  }

  info(message: string, extra: Record<string, unknown> = {}): void {
    this.log("INFO", message, extra);
  }

  warn(message: string, extra: Record<string, unknown> = {}): void {
    this.log("WARN", message, extra);
  }

  error(message: string, extra: Record<string, unknown> = {}): void {
    this.log("ERROR", message, extra);
  }

  private log(level: LogLevel, message: string, extra: Record<string, unknown>): void {
    if (LEVELS[level] < this.threshold) return;
    const entry: Record<string, unknown> = { level, message, timestamp: this.now().toISOString(), service: this.service, ...this.context, xray_trace_id: this.traceId(), ...extra };
    for (const key of Object.keys(entry)) if (entry[key] === undefined || entry[key] === null || entry[key] === "") delete entry[key];
    this.write(toJson(entry));
  }

  /** The Root of the invocation's trace header: the id that joins logs, traces and other services' logs. */
  private traceId(): string | undefined {
    const header = (globalThis as { awslambda?: { InvokeStore?: { getXRayTraceId?(): string | undefined } } }).awslambda?.InvokeStore?.getXRayTraceId?.() ?? this.env._X_AMZN_TRACE_ID;
    if (!header) return undefined;
    return header.includes("=") ? /(?:^|;)Root=([^;]*)/.exec(header)?.[1] : header;
  }
}

/** Errors as their name, message, stack and cause (JSON.stringify gives `{}`), bigints as text. */
function toJson(entry: Record<string, unknown>): string {
  // The objects from the root to the value being written (as given, and as written): meeting one
  // again is a cycle, which would make stringify throw and lose the whole line, so it is left out.
  const ancestors: Array<{ given: object; written: object }> = [];
  return JSON.stringify(entry, function (this: object, _key, value: unknown) {
    if (typeof value === "bigint") return value.toString();
    if (typeof value !== "object" || value === null) return value;
    while (ancestors.length > 0 && ancestors[ancestors.length - 1].written !== this) ancestors.pop();
    if (ancestors.some((a) => a.given === value)) return undefined;
    const written = value instanceof Error ? { ...value, name: value.name, message: value.message, stack: value.stack, cause: value.cause } : value;
    ancestors.push({ given: value, written });
    return written;
  });
}
