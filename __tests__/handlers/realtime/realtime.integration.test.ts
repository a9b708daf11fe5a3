import { CreateStreamCommand, DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { CreateTopicCommand, SubscribeCommand } from "@aws-sdk/client-sns";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { Context } from "aws-lambda";
import { createRealtimeHandler } from "../../../handlers/realtime/handler";
import { kinesisStreamEvent } from "../../../scripts/lib/kinesis-lambda-event";
import { localClientOptions, localClients, type LocalClients } from "../../../scripts/lib/local-clients";
import { createQueue } from "../../../scripts/lib/local-queue";
import { startMotoServer, type MotoServer } from "../../../scripts/lib/moto-server";
import { DATE, SETTINGS, captureStdout, quote, trade } from "./kinesis-fixture";
import { receiveAll } from "../../support/receive-all";

const context = { functionName: "realtime-checks-it", awsRequestId: "it" } as unknown as Context;
const at = (time: string) => `${DATE}T${time}Z`;

describe("real-time handler against a local AWS API server", () => {
  let moto: MotoServer;
  let clients: LocalClients;
  let kinesis: KinesisClient;
  let topicArn: string;
  let alertsUrl: string;

  beforeAll(async () => {
    moto = await startMotoServer();
    clients = localClients(moto.endpoint);
    // The Kinesis client speaks HTTP/2 by default (for SubscribeToShard); the local server speaks HTTP/1.1.
    kinesis = new KinesisClient({ ...localClientOptions(moto.endpoint), requestHandler: new NodeHttpHandler() });
    const alerts = await createQueue(clients.sqs, "realtime-alerts-it");
    alertsUrl = alerts.url;
    ({ TopicArn: topicArn } = (await clients.sns.send(new CreateTopicCommand({ Name: "alerts-it" }))) as { TopicArn: string });
    await clients.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: alerts.arn, Attributes: { RawMessageDelivery: "true" } }));
  }, 60_000);
  afterAll(async () => moto?.stop());

  it("validates records read back from the stream with GetRecords and delivers de-duplicated anomaly alerts through SNS to SQS", async () => {
    // Prepare: a stream with one shard, the records a producer would put, read back as Lambda would get them.
    const events = [
      trade({ price: 100, ts: at("14:30:00") }),
      trade({ price: 125, ts: at("14:30:01") }),
      quote({ symbol: "IBM", bid_price: 250, ask_price: 250, ts: at("14:30:02") }),
      quote({ symbol: "IBM", bid_price: 251, ask_price: 251, ts: at("14:30:03") }),
      quote({ symbol: "MSFT", bid_price: 411, ask_price: 410, ts: at("14:30:04") }),
      trade({ price: -1, ts: at("14:30:05") }),
      trade({ price: 125.1, ts: at("14:32:00") }),
    ];
    await kinesis.send(new CreateStreamCommand({ StreamName: "market-data-it", ShardCount: 1 }));
    const { StreamDescription } = await kinesis.send(new DescribeStreamCommand({ StreamName: "market-data-it" }));
    const shardId = StreamDescription!.Shards![0]!.ShardId!;
    const put = await kinesis.send(new PutRecordsCommand({ StreamName: "market-data-it", Records: events.map((e) => ({ Data: Buffer.from(JSON.stringify(e)), PartitionKey: String(e.symbol) })) }));
    const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: "market-data-it", ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }));
    const { Records } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    const event = kinesisStreamEvent(Records!, { streamArn: StreamDescription!.StreamARN!, shardId });
    const handler = createRealtimeHandler({ sns: clients.sns, settings: { ...SETTINGS, alertTopicArn: topicArn } });
    // Act
    const { result } = await captureStdout(() => handler(event, context));
    const again = await captureStdout(() => handler(event, context));
    const alerts = await receiveAll(clients.sqs, alertsUrl);
    // Assess
    expect(put.FailedRecordCount).toBe(0);
    expect(event.Records).toHaveLength(events.length);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(again.result).toEqual({ batchItemFailures: [] });
    expect(alerts.map((a) => [a.kind, a.symbol, a.occurrences]).sort()).toEqual([
      ["crossed-quote", "MSFT", 1],
      ["gap", "AAPL", 1],
      ["locked-quote", "IBM", 2],
      ["price-jump", "AAPL", 1],
    ]);
    const jump = alerts.find((a) => a.kind === "price-jump")!;
    expect(jump).toMatchObject({ environment: "dev", dataset: "trades", sequenceNumber: event.Records[1]!.kinesis.sequenceNumber, detail: { price: 125, previousPrice: 100 } });
  });
});
