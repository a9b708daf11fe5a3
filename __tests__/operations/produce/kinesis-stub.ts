import { createHash } from "node:crypto";
import type { PutRecordsCommand, PutRecordsCommandOutput, PutRecordsRequestEntry } from "@aws-sdk/client-kinesis";
import type { PutRecordsClient } from "../../../src/operations/produce";

/** What the stub does with one entry of a request: write it, or fail it with an entry error code. */
export type EntryDecision = "write" | "ProvisionedThroughputExceededException" | "InternalFailure";

export interface EntryContext {
  readonly request: number;
  readonly position: number;
  readonly entry: PutRecordsRequestEntry;
  readonly shardId: string;
  /** Entries of this request already decided for the same shard. */
  readonly shardPosition: number;
  /** The event as the producer encoded it. */
  readonly event: Record<string, unknown>;
}

export interface WrittenRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly event: Record<string, unknown>;
}

export interface KinesisStub extends PutRecordsClient {
  /** Every request's input, in the order they arrived. */
  readonly requests: { readonly StreamName?: string; readonly StreamARN?: string; readonly Records: PutRecordsRequestEntry[] }[];
  /** Records written, in write order (= sequence number order within a shard). */
  readonly written: WrittenRecord[];
  /** Most requests in flight at once. */
  readonly maxInFlight: number;
}

export interface StubOptions {
  readonly shards?: number;
  readonly decide?: (context: EntryContext) => EntryDecision;
  /** Milliseconds a request takes. @default 0 */
  readonly latencyMs?: (request: number) => number;
  /** Throws this error for a request instead of answering, when it returns one. */
  readonly fail?: (request: number) => Error | undefined;
}

const ERROR_MESSAGES: Record<Exclude<EntryDecision, "write">, (shardId: string) => string> = {
  ProvisionedThroughputExceededException: (shardId) => `Rate exceeded for shard ${shardId} in stream mdl-dev-use1-market-records under account 123456789012.`,
  InternalFailure: () => "Internal service failure.",
};

/** The shard a key hashes to, as Kinesis maps keys: MD5 of the key as a 128-bit number, shards splitting the range evenly. */
export function shardOf(partitionKey: string, shards: number): string {
  const hash = BigInt(`0x${createHash("md5").update(partitionKey, "utf8").digest("hex")}`);
  const index = Number((hash * BigInt(shards)) >> 128n);
  return `shardId-${String(index).padStart(12, "0")}`;
}

/**
 * A Kinesis client that answers PutRecords with the response AWS gives (API reference, PutRecords
 * "Response Syntax" and its example): FailedRecordCount, and per entry either SequenceNumber +
 * ShardId or ErrorCode + ErrorMessage, plus EncryptionType "KMS" as for a CMK stream. Written
 * records are kept per shard in sequence order.
 */
export function stubKinesis(options: StubOptions = {}): KinesisStub {
  const shards = options.shards ?? 2;
  const requests: KinesisStub["requests"] = [];
  const written: WrittenRecord[] = [];
  let sequence = 49_600_000_000_000_000_000_000_000_000_000_000_000_000_000_000n;
  let inFlight = 0;
  const stub = {
    requests,
    written,
    maxInFlight: 0,
    async send(command: PutRecordsCommand): Promise<PutRecordsCommandOutput> {
      const input = command.input;
      const request = requests.length;
      requests.push({ StreamName: input.StreamName, StreamARN: input.StreamARN, Records: input.Records ?? [] });
      inFlight++;
      stub.maxInFlight = Math.max(stub.maxInFlight, inFlight);
      try {
        const latency = options.latencyMs?.(request) ?? 0;
        await new Promise((resolve) => setTimeout(resolve, latency));
        const error = options.fail?.(request);
        if (error) throw error;
        const perShard = new Map<string, number>();
        const records = (input.Records ?? []).map((entry, position) => {
          const shardId = shardOf(entry.PartitionKey!, shards);
          const shardPosition = perShard.get(shardId) ?? 0;
          perShard.set(shardId, shardPosition + 1);
          const event = JSON.parse(Buffer.from(entry.Data!).toString("utf8")) as Record<string, unknown>;
          const decision = options.decide?.({ request, position, entry, shardId, shardPosition, event }) ?? "write";
          if (decision !== "write") return { ErrorCode: decision, ErrorMessage: ERROR_MESSAGES[decision](shardId) };
          sequence += 1n;
          written.push({ shardId, sequenceNumber: String(sequence), partitionKey: entry.PartitionKey!, event });
          return { SequenceNumber: String(sequence), ShardId: shardId };
        });
        return { FailedRecordCount: records.filter((r) => "ErrorCode" in r).length, Records: records, EncryptionType: "KMS", $metadata: { httpStatusCode: 200, requestId: `req-${request}` } };
      } finally {
        inFlight--;
      }
    },
  };
  return stub;
}

/** Per key, records written after a record of the same key that came later in the file (order broken). */
export function orderBreaks(written: readonly WrittenRecord[], indexOf: (event: Record<string, unknown>) => number): number {
  const last = new Map<string, number>();
  let breaks = 0;
  for (const record of written) {
    const index = indexOf(record.event);
    if (index < (last.get(record.partitionKey) ?? -1)) breaks++;
    last.set(record.partitionKey, Math.max(index, last.get(record.partitionKey) ?? -1));
  }
  return breaks;
}
