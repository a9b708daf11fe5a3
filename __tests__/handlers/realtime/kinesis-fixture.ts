/** Real-shaped Kinesis events and fakes for the real-time function's tests. */
import type { PublishBatchCommandInput, PublishBatchCommandOutput, SNSClient } from "@aws-sdk/client-sns";
import type { KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";
import type { RealtimeSettings } from "../../../handlers/realtime/settings";

export const STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/market-data-dev";
export const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:alerts-dev";
export const DATE = "2026-11-20";

export const SETTINGS: RealtimeSettings = {
  alertTopicArn: TOPIC_ARN,
  environment: "dev",
  priceJumpRatio: 0.1,
  maxSpreadRatio: 0.05,
  outOfOrderPolicy: "flag",
  maxGapSeconds: 60,
  partitionTimeZones: { trades: "UTC", quotes: "UTC", bars: "UTC" },
  serviceName: "realtime-checks",
  metricsNamespace: "MarketDataLake",
};

/** The environment the stack gives the function, matching SETTINGS. */
export const ENV: Record<string, string> = {
  ALERT_TOPIC_ARN: TOPIC_ARN,
  ENVIRONMENT: "dev",
  PRICE_JUMP_RATIO: "0.1",
  MAX_SPREAD_RATIO: "0.05",
  OUT_OF_ORDER_POLICY: "flag",
  MAX_GAP_SECONDS: "60",
  PARTITION_TIME_ZONES: '{"trades":"UTC","quotes":"UTC","bars":"UTC"}',
  POWERTOOLS_SERVICE_NAME: "realtime-checks",
  POWERTOOLS_METRICS_NAMESPACE: "MarketDataLake",
};

/** A 56-digit Kinesis sequence number; `n` orders them as the shard would. */
export const sequenceNumber = (n: number) => `4959033827149025660855969253836157109592157598913${String(n).padStart(7, "0")}`;

export type StreamedEvent = Record<string, unknown>;

let tradeIds = 0;
export const trade = (fields: StreamedEvent = {}): StreamedEvent => ({
  dataset: "trades",
  trading_date: DATE,
  trade_id: `T${++tradeIds}`,
  symbol: "AAPL",
  ts: `${DATE}T14:30:00.000Z`,
  price: 190.1,
  size: 100,
  exchange: "Q",
  ...fields,
});

export const quote = (fields: StreamedEvent = {}): StreamedEvent => ({
  dataset: "quotes",
  trading_date: DATE,
  symbol: "MSFT",
  ts: `${DATE}T14:30:00.000Z`,
  bid_price: 410.1,
  bid_size: 300,
  ask_price: 410.12,
  ask_size: 200,
  ...fields,
});

export const bar = (fields: StreamedEvent = {}): StreamedEvent => ({
  dataset: "bars",
  trading_date: DATE,
  symbol: "SPY",
  ts: `${DATE}T14:30:00Z`,
  open: 600,
  high: 601,
  low: 599.5,
  close: 600.5,
  volume: 120_000,
  ...fields,
});

/** One record as Lambda's Kinesis event source hands it over; `data` is the event as JSON, or raw text. */
export function kinesisRecord(data: StreamedEvent | string, n: number, arrival = Date.parse(`${DATE}T14:30:01Z`) / 1000 + n / 1000): KinesisStreamRecord {
  const seq = sequenceNumber(n);
  const bytes = typeof data === "string" ? data : JSON.stringify(data);
  return {
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey: typeof data === "string" ? "unknown" : String(data.symbol ?? "unknown"),
      sequenceNumber: seq,
      data: Buffer.from(bytes, "utf8").toString("base64"),
      approximateArrivalTimestamp: arrival,
    },
    eventSource: "aws:kinesis",
    eventVersion: "1.0",
    eventID: `shardId-000000000000:${seq}`,
    eventName: "aws:kinesis:record",
    invokeIdentityArn: "arn:aws:iam::123456789012:role/realtime-checks-dev",
    awsRegion: "us-east-1",
    eventSourceARN: STREAM_ARN,
  };
}

export function kinesisEvent(events: ReadonlyArray<StreamedEvent | string>): KinesisStreamEvent {
  return { Records: events.map((e, i) => kinesisRecord(e, i + 1)) };
}

export interface FakeSns {
  readonly client: SNSClient;
  readonly requests: PublishBatchCommandInput[];
}

/**
 * An SNSClient whose PublishBatch is answered by `answer` (default: every entry succeeds); the
 * requests are kept for assertions.
 */
export function fakeSns(answer?: (input: PublishBatchCommandInput) => Partial<PublishBatchCommandOutput> | Promise<Partial<PublishBatchCommandOutput>>): FakeSns {
  const requests: PublishBatchCommandInput[] = [];
  const client = {
    async send(command: { input: PublishBatchCommandInput; constructor: { name: string } }) {
      if (command.constructor.name !== "PublishBatchCommand") throw new Error(`unexpected ${command.constructor.name}`);
      requests.push(command.input);
      if (answer) return answer(command.input);
      return { Successful: command.input.PublishBatchRequestEntries!.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}` })), Failed: [] };
    },
  } as unknown as SNSClient;
  return { client, requests };
}

export { captureStdout, emfDocuments } from "../shared/emf-catalog";
