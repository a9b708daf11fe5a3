import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { localClientOptions } from "../../../scripts/lib/local-clients";
import { kinesisClient } from "../../../src/operations/produce";
import { startMotoServer, type MotoServer } from "../../../scripts/lib/moto-server";

/** One local server for the enclosing describe block, and a real Kinesis client for it. */
export function useLocalKinesis(): { readonly endpoint: () => string; readonly kinesis: () => KinesisClient } {
  let moto: MotoServer;
  let kinesis: KinesisClient;
  beforeAll(async () => {
    moto = await startMotoServer();
    kinesis = kinesisClient(localClientOptions(moto.endpoint));
  }, 30_000);
  afterAll(async () => moto?.stop());
  return { endpoint: () => moto.endpoint, kinesis: () => kinesis };
}

let fresh = 0;
/** A stream no other test on the server uses, with `shards` shards, once it is ACTIVE. */
export async function createStream(kinesis: KinesisClient, shards = 2, name = `produce-test-${process.pid}-${++fresh}`): Promise<string> {
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  for (let i = 0; i < 100; i++) {
    const { StreamDescriptionSummary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (StreamDescriptionSummary?.StreamStatus === "ACTIVE") return name;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`stream ${name} did not become ACTIVE`);
}

export interface ReadRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly event: Record<string, unknown>;
}

/**
 * Every record of every shard, each shard from TRIM_HORIZON with GetRecords until a read returns
 * nothing, in sequence order within each shard (what a consumer of the shard sees).
 */
export async function readStream(kinesis: KinesisClient, streamName: string): Promise<ReadRecord[]> {
  const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  const out: ReadRecord[] = [];
  for (const shard of Shards ?? []) {
    let iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
    while (iterator) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      for (const r of page.Records ?? []) {
        out.push({ shardId: shard.ShardId!, sequenceNumber: r.SequenceNumber!, partitionKey: r.PartitionKey!, event: JSON.parse(Buffer.from(r.Data!).toString("utf8")) });
      }
      if (!page.Records?.length) break;
      iterator = page.NextShardIterator;
    }
  }
  return out;
}

/** Shards of the stream that hold records. */
export const shardsUsed = (records: readonly ReadRecord[]): number => new Set(records.map((r) => r.shardId)).size;
