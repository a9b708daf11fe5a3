import { Readable } from "node:stream";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { ClaimResult, LineageOutcome, LineageStatus, LineageStore } from "../../../handlers/validation/lineage-store";
import type { ProcessorDeps } from "../../../handlers/validation/object-processor";
import { readSettings } from "../../../handlers/validation/settings";

export type LineageCall = [string, unknown];

/** A lineage store whose claim always answers `claim`, recording every call. */
export function fakeLineage(claim: ClaimResult) {
  const calls: LineageCall[] = [];
  const store = {
    claim: async () => (calls.push(["claim", null]), claim),
    complete: async (_ref: unknown, _attempt: number, outcome: LineageOutcome) => void calls.push(["complete", outcome]),
    release: async (_ref: unknown, _attempt: number, error: string) => void calls.push(["release", error]),
  } as unknown as LineageStore;
  return { store, calls };
}

/**
 * A lineage store of one item with the real store's conditions: complete and release only act on
 * the current attempt while PROCESSING (a failed release is swallowed, as LineageStore does), and
 * a claim is only retaken once released. Leases never expire here.
 */
export function statefulLineage() {
  const calls: LineageCall[] = [];
  let item: { status: LineageStatus; attempt: number; released: boolean } | undefined;
  const open = (attempt: number) => item?.attempt === attempt && item.status === "PROCESSING";
  const store = {
    claim: async (): Promise<ClaimResult> => {
      calls.push(["claim", null]);
      if (item && item.status !== "PROCESSING") return { kind: "done", status: item.status };
      if (item && !item.released) return { kind: "busy", leaseUntil: Number.MAX_SAFE_INTEGER };
      item = { status: "PROCESSING", attempt: (item?.attempt ?? 0) + 1, released: false };
      return { kind: "claimed", attempt: item.attempt };
    },
    complete: async (_ref: unknown, attempt: number, outcome: LineageOutcome) => {
      if (!open(attempt)) throw new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} });
      calls.push(["complete", outcome]);
      item!.status = outcome.status;
    },
    release: async (_ref: unknown, attempt: number, error: string) => {
      if (!open(attempt)) return;
      calls.push(["release", error]);
      item!.released = true;
    },
  } as unknown as LineageStore;
  return { store, calls, status: () => item?.status };
}

export function processorDeps(s3: Partial<S3Client>, lineage: LineageStore, alerts: object[] = [], env: Record<string, string> = {}): ProcessorDeps {
  return {
    s3: s3 as S3Client,
    lineage,
    alerts: { publish: async (_subject, message) => void alerts.push(message) },
    metrics: { record: () => undefined, duplicate: () => undefined },
    settings: readSettings({ ENVIRONMENT: "test", LINEAGE_TABLE: "t", ALERT_TOPIC_ARN: "a", REJECT_RATE_ALERT_THRESHOLD: "0.5", ...env }),
  };
}

/** An alert publisher that fails its first `failures` calls, then collects the messages. */
export function flakyAlerts(failures: number) {
  const published: object[] = [];
  let calls = 0;
  return {
    published,
    publisher: {
      publish: async (_subject: string, message: object) => {
        if (++calls <= failures) throw Object.assign(new Error("SNS is unavailable"), { name: "InternalErrorException" });
        published.push(message);
      },
    },
  };
}

/** What lib-storage's Upload reads from a client's config besides `send`: its endpoint (for the Location it returns) and checksum setting. */
export const UPLOAD_CONFIG = {
  endpoint: async () => ({ protocol: "https:", hostname: "s3.us-east-1.amazonaws.com", path: "/" }),
  requestChecksumCalculation: async () => "WHEN_REQUIRED",
  forcePathStyle: true,
} as unknown as S3Client["config"];

/** An S3 client serving `body` for every GetObject and collecting the keys of PutObject calls. */
export function s3Serving(body: string) {
  const puts: string[] = [];
  const client = {
    config: UPLOAD_CONFIG,
    send: async (command: unknown) => {
      if (command instanceof GetObjectCommand) return { Body: Readable.from(body === "" ? [] : [Buffer.from(body)]) };
      if (command instanceof PutObjectCommand) return void puts.push(command.input.Key!);
      throw new Error(`unexpected ${(command as object).constructor.name}`);
    },
  };
  return { client, puts };
}

export interface SentCommand {
  readonly name: string;
  readonly key?: string;
  readonly abortSignal?: AbortSignal;
}

/**
 * An S3 client whose GetObject body yields `head` and then never ends (a stalled read); multipart
 * upload calls succeed. Every command is logged, with the abort signal it was sent with, and
 * handed to `onSend`.
 */
export function s3Stalling(head: Buffer, onSend: (name: string) => void = () => undefined) {
  const sent: SentCommand[] = [];
  const bodies: Readable[] = [];
  const client = {
    config: UPLOAD_CONFIG,
    send: async (command: { input: { Key?: string } }, options?: { abortSignal?: AbortSignal }) => {
      const name = command.constructor.name;
      sent.push({ name, key: command.input.Key, abortSignal: options?.abortSignal });
      onSend(name);
      if (command instanceof GetObjectCommand) {
        const body = new Readable({ read: () => undefined });
        body.push(head);
        bodies.push(body);
        return { Body: body };
      }
      if (command instanceof CreateMultipartUploadCommand) return { UploadId: "upload-1" };
      if (command instanceof UploadPartCommand) return { ETag: `"part-${command.input.PartNumber}"` };
      if (command instanceof AbortMultipartUploadCommand) return {};
      throw new Error(`unexpected ${name}`);
    },
  } as unknown as S3Client;
  return { client, sent, bodies };
}
