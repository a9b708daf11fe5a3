import type { _Record as KinesisRecord } from "@aws-sdk/client-kinesis";
import type { KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";

export interface ShardSource {
  readonly streamArn: string;
  readonly shardId: string;
  /** @default the region of streamArn */
  readonly region?: string;
}

/**
 * A record read with GetRecords, shaped as Lambda's Kinesis event source hands it to a function
 * (base64 data, arrival time in epoch seconds, eventID "<shardId>:<sequence number>"). The local
 * AWS server runs no event source mapping on a stream consumer, so tests and the e2e play it.
 */
export function toKinesisStreamRecord(record: KinesisRecord, source: ShardSource): KinesisStreamRecord {
  const region = source.region ?? source.streamArn.split(":")[3] ?? "us-east-1";
  return {
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey: record.PartitionKey!,
      sequenceNumber: record.SequenceNumber!,
      data: Buffer.from(record.Data ?? new Uint8Array()).toString("base64"),
      approximateArrivalTimestamp: (record.ApproximateArrivalTimestamp?.getTime() ?? Date.now()) / 1000,
    },
    eventSource: "aws:kinesis",
    eventVersion: "1.0",
    eventID: `${source.shardId}:${record.SequenceNumber}`,
    eventName: "aws:kinesis:record",
    invokeIdentityArn: `arn:aws:iam::${source.streamArn.split(":")[4]}:role/local-event-source-mapping`,
    awsRegion: region,
    eventSourceARN: source.streamArn,
  };
}

/** One invocation's event for records of one shard, in their shard order. */
export function kinesisStreamEvent(records: readonly KinesisRecord[], source: ShardSource): KinesisStreamEvent {
  return { Records: records.map((r) => toKinesisStreamRecord(r, source)) };
}
