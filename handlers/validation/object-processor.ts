import type { Dataset } from "./core/datasets";
import type { Readable } from "node:stream";
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  ObjectKeyError,
  UnreadableObjectError,
  openRecordStream,
  parseObjectKey,
  validateObject,
  type ObjectKeyInfo,
  type ValidationConfig,
  type ValidationSummary,
} from "./core";
import { onAbort, untilAborted } from "./deadline";
import { GzipObjectWriter } from "./gzip-object-writer";
import { lineageId, type LineageOutcome, type LineageStore } from "./lineage-store";
import type { S3ObjectRef } from "./s3-event";

export interface ProcessorSettings {
  readonly validatedPrefix: string;
  readonly quarantinePrefix: string;
  readonly reportsPrefix: string;
  /** Reject share above which an alert is published. */
  readonly rejectRateAlertThreshold: number;
  readonly validator: Partial<ValidationConfig>;
  /** Zone of each dataset's trading dates: a record belongs to its object's `date=` there. @default UTC for every dataset */
  readonly partitionTimeZones?: Readonly<Partial<Record<Dataset, string>>>;
}

/** Where data-quality alerts go (SNS in the Lambda). */
export interface AlertPublisher {
  publish(subject: string, message: object): Promise<void>;
}

/** Where per-object metrics go (EMF in the Lambda). */
export interface ObjectMetrics {
  record(outcome: LineageOutcome, durationMs: number): void;
  /** A delivery of a version already done; `dataset` from its key, "unknown" when the key has none. */
  duplicate(dataset: string): void;
}

export interface ProcessorDeps {
  readonly s3: S3Client;
  readonly lineage: LineageStore;
  readonly alerts: AlertPublisher;
  readonly metrics: ObjectMetrics;
  readonly settings: ProcessorSettings;
  readonly now?: () => number;
  /**
   * Aborts when the invocation must stop (see invocationDeadline); its reason is the error the
   * object's message fails with. Set per invocation by the handler.
   * @default none: work runs until it is done
   */
  readonly deadline?: AbortSignal;
}

/** The `dataset` dimension of an object whose key names none. */
export const UNKNOWN_DATASET = "unknown";

export type ObjectResult =
  | { readonly kind: "validated" | "failed"; readonly outcome: LineageOutcome }
  | { readonly kind: "duplicate" }
  /** Another invocation is on it; the message must come back later. */
  | { readonly kind: "busy" };

/** A transient condition worth a redelivery (lease held elsewhere). */
export class RetryLaterError extends Error {
  override readonly name = "RetryLaterError";
}

/**
 * Validates one raw object version end to end: claim it in the lineage table (exactly once per
 * version), stream it through the validator, stream accepted records and rejects to their own
 * gzip objects, write the report, alert when too much was rejected and record the outcome.
 * Whole-object problems (bad key, unreadable bytes) are recorded as FAILED and not retried;
 * anything else (a failed alert or the deadline included) aborts the outputs, releases the claim
 * and is rethrown for SQS to redeliver.
 */
export async function processObject(ref: S3ObjectRef, deps: ProcessorDeps): Promise<ObjectResult> {
  const started = (deps.now ?? Date.now)();
  // Past the deadline nothing is claimed: the redelivery starts the object with a whole invocation.
  deps.deadline?.throwIfAborted();
  const key = parseKey(ref.key);
  const claim = await deps.lineage.claim(ref, "info" in key ? key.info.dataset : undefined);
  if (claim.kind === "done") {
    deps.metrics.duplicate("info" in key ? key.info.dataset : UNKNOWN_DATASET);
    return { kind: "duplicate" };
  }
  if (claim.kind === "busy") return { kind: "busy" };

  const outputs = "info" in key ? openOutputs(ref, key.info, deps) : undefined;
  try {
    // Raced against the deadline, as a validation stuck on S3 may not notice the abort by itself.
    return await untilAborted(record(ref, key, outputs, claim.attempt, deps, started), deps.deadline);
  } catch (error) {
    await outputs?.abort();
    // The claim is still PROCESSING whatever failed, a publish included (finish alerts before it
    // completes), so the redelivery can claim it again at once.
    await deps.lineage.release(ref, claim.attempt, String((error as Error)?.message ?? error));
    throw error;
  }
}

type ParsedKey = { readonly info: ObjectKeyInfo } | { readonly error: ObjectKeyError };

function parseKey(key: string): ParsedKey {
  try {
    return { info: parseObjectKey(key) };
  } catch (error) {
    if (!(error instanceof ObjectKeyError)) throw error;
    return { error };
  }
}

interface Outputs {
  readonly keys: ReturnType<typeof outputKeys>;
  readonly accepted: GzipObjectWriter;
  readonly quarantine: GzipObjectWriter;
  /** Removes whatever was uploaded; safe to call more than once. */
  abort(): Promise<void>;
}

function openOutputs(ref: S3ObjectRef, info: ObjectKeyInfo, deps: ProcessorDeps): Outputs {
  const keys = outputKeys(ref, info, deps.settings);
  const accepted = new GzipObjectWriter(deps.s3, ref.bucket, keys.validated, "application/x-ndjson");
  const quarantine = new GzipObjectWriter(deps.s3, ref.bucket, keys.quarantine, "application/x-ndjson");
  return { keys, accepted, quarantine, abort: async () => void (await Promise.all([accepted.abort(), quarantine.abort()])) };
}

async function record(ref: S3ObjectRef, key: ParsedKey, outputs: Outputs | undefined, attempt: number, deps: ProcessorDeps, started: number): Promise<ObjectResult> {
  if ("info" in key) return validateAndRecord(ref, key.info, outputs!, attempt, deps, started);
  const outcome = failedOutcome(`unusable key (${key.error.code}): ${key.error.message}`, elapsed(deps, started));
  await finish(ref, attempt, outcome, deps);
  return { kind: "failed", outcome };
}

/** Reads and validates the object; an unreadable one is recorded as FAILED, any other error is rethrown. */
async function validateAndRecord(ref: S3ObjectRef, info: ObjectKeyInfo, outputs: Outputs, attempt: number, deps: ProcessorDeps, started: number): Promise<ObjectResult> {
  const { accepted, quarantine, keys } = outputs;
  let stopReading = (): void => undefined;
  try {
    const object = await deps.s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }), { abortSignal: deps.deadline });
    const body = object.Body as Readable;
    // Destroying the body ends the validation's read loop, which the request's abort may not reach once the response is in.
    stopReading = onAbort(deps.deadline, (reason) => body.destroy(reason as Error));
    const gzip = info.gzip || object.ContentEncoding === "gzip";
    const summary = await validateObject(
      openRecordStream(body, { gzip }),
      { dataset: info.dataset, date: info.date, format: info.format, config: { ...deps.settings.validator, partitionTimeZone: deps.settings.partitionTimeZones?.[info.dataset] ?? "UTC" } },
      {
        accepted: (chunk) => accepted.write(chunk),
        rejected: (r) => quarantine.write(`${JSON.stringify({ rule: r.rule, message: r.message, line: r.line, text: r.text, source: `s3://${ref.bucket}/${ref.key}` })}\n`),
      },
    );
    await Promise.all([accepted.close(), quarantine.close()]);
    const written = { validated: accepted.started ? keys.validated : "", quarantine: quarantine.started ? keys.quarantine : "", report: keys.report };
    const outcome = validatedOutcome(summary, written, elapsed(deps, started));
    await writeReport(deps.s3, ref, keys.report, outcome);
    await finish(ref, attempt, outcome, deps);
    return { kind: "validated", outcome };
  } catch (error) {
    if (!(error instanceof UnreadableObjectError)) throw error;
    await outputs.abort();
    const outcome = failedOutcome(`unreadable object (${error.reason}): ${error.message}`, elapsed(deps, started), info);
    await writeReport(deps.s3, ref, keys.report, outcome);
    await finish(ref, attempt, outcome, deps);
    return { kind: "failed", outcome };
  } finally {
    stopReading();
  }
}

function elapsed(deps: ProcessorDeps, started: number): number {
  return (deps.now ?? Date.now)() - started;
}

/**
 * Alerts, then records the outcome, then counts it. Alerting before the lineage item is completed
 * makes alerts at-least-once: if the publish fails the claim is still open and the redelivery
 * alerts again; if completing fails after a publish, the redelivery publishes a second time. An
 * alert may repeat but is never lost. Metrics come last so each object is counted once.
 */
async function finish(ref: S3ObjectRef, attempt: number, outcome: LineageOutcome, deps: ProcessorDeps): Promise<void> {
  // A run abandoned at its deadline must not record anything: its claim is released, its message failed.
  deps.deadline?.throwIfAborted();
  const rate = outcome.recordsIn === 0 ? 0 : outcome.quarantined / outcome.recordsIn;
  if (outcome.status === "FAILED" || rate > deps.settings.rejectRateAlertThreshold) {
    await deps.alerts.publish(outcome.status === "FAILED" ? "Raw object could not be validated" : "Reject rate above threshold", {
      object: `s3://${ref.bucket}/${ref.key}`,
      lineageId: lineageId(ref),
      status: outcome.status,
      rejectRate: Number(rate.toFixed(6)),
      threshold: deps.settings.rejectRateAlertThreshold,
      recordsIn: outcome.recordsIn,
      quarantined: outcome.quarantined,
      rejectedByRule: outcome.rejectedByRule,
      failureReason: outcome.failureReason,
      outputs: outcome.outputs,
    });
  }
  await deps.lineage.complete(ref, attempt, outcome);
  deps.metrics.record(outcome, outcome.durationMs);
}

/** Output keys mirror the input's partitions; the version (or etag) keeps reruns of new versions apart. */
export function outputKeys(ref: S3ObjectRef, info: ObjectKeyInfo, settings: ProcessorSettings): { validated: string; quarantine: string; report: string } {
  const fileName = ref.key.slice(ref.key.lastIndexOf("/") + 1).replace(/\.(csv|jsonl|ndjson)(\.gz)?$/i, "");
  const version = (ref.versionId ?? ref.etag ?? "unversioned").replace(/[^A-Za-z0-9._-]/g, "");
  const base = `dataset=${info.dataset}/date=${info.date}/${fileName}.${version}`;
  return {
    validated: `${settings.validatedPrefix}${base}.jsonl.gz`,
    quarantine: `${settings.quarantinePrefix}${base}.jsonl.gz`,
    report: `${settings.reportsPrefix}${base}.json`,
  };
}

async function writeReport(s3: S3Client, ref: S3ObjectRef, key: string, outcome: LineageOutcome): Promise<void> {
  const report = { source: { bucket: ref.bucket, key: ref.key, versionId: ref.versionId, etag: ref.etag }, lineageId: lineageId(ref), ...outcome };
  await s3.send(new PutObjectCommand({ Bucket: ref.bucket, Key: key, Body: JSON.stringify(report, null, 2), ContentType: "application/json" }));
}

function validatedOutcome(summary: ValidationSummary, outputs: Record<string, string>, durationMs: number): LineageOutcome {
  return {
    status: "VALIDATED",
    dataset: summary.dataset,
    date: summary.date,
    recordsIn: summary.records_in,
    accepted: summary.accepted,
    quarantined: summary.rejected,
    flagged: summary.flagged,
    rejectedByRule: { ...summary.rejected_by_rule },
    flaggedByRule: { ...summary.flagged_by_rule },
    bytesRead: summary.bytes_read,
    // Rare, so only present when they happened: the usual report and lineage item stay as they were.
    ...(summary.symbol_state_resets > 0 ? { symbolStateResets: summary.symbol_state_resets } : {}),
    ...(summary.ignored_columns.length > 0 ? { ignoredColumns: [...summary.ignored_columns] } : {}),
    outputs: Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== "")),
    durationMs,
  };
}

function failedOutcome(reason: string, durationMs: number, info?: ObjectKeyInfo): LineageOutcome {
  return {
    status: "FAILED",
    dataset: info?.dataset,
    date: info?.date,
    recordsIn: 0,
    accepted: 0,
    quarantined: 0,
    flagged: 0,
    rejectedByRule: {},
    flaggedByRule: {},
    bytesRead: 0,
    outputs: {},
    failureReason: reason,
    durationMs,
  };
}
