import { PutObjectCommand } from "@aws-sdk/client-s3";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import type { Context, SQSRecord } from "aws-lambda";
import { LAKE_METRICS_NAMESPACE, VALIDATION_METRICS } from "../../../handlers/shared/metric-catalog";
import { createObservability } from "../../../handlers/shared/powertools";
import { createValidationHandler } from "../../../handlers/validation/handler";
import { powertoolsObjectMetrics } from "../../../handlers/validation/object-metrics";
import type { LocalClients } from "../../../scripts/lib/local-clients";
import { acknowledge, processorDeps, receiveAll, useLocalValidationStage, type ValidationEnvironment } from "../../support/validation-fixture";
import { captureStdout, checkAgainstCatalog, emfDocuments } from "../shared/emf-catalog";

const context = { functionName: "validate-raw", awsRequestId: "catalog", getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const HEADER = "trade_id,symbol,ts,price,size,exchange,conditions";

describe("validation metrics against the catalog (local AWS API server)", () => {
  const stage = useLocalValidationStage("catalog");
  let clients: LocalClients;
  let env: ValidationEnvironment;
  beforeAll(() => ({ clients, env } = stage));

  /** One poll through the handler as index.ts builds it: Powertools Logger and Metrics, EMF to stdout. */
  async function poll(): Promise<{ records: SQSRecord[]; lines: string[] }> {
    const { logger, metrics } = createObservability({ serviceName: "validation", namespace: LAKE_METRICS_NAMESPACE, environment: "dev" });
    const handler = createValidationHandler(processorDeps(clients, env, { metrics: powertoolsObjectMetrics(metrics) }), { log: logger });
    const records = await receiveAll(clients, env.queueUrl);
    const { result, lines } = await captureStdout(() => handler({ Records: records }, context));
    await acknowledge(clients, env.queueUrl, records, result.batchItemFailures.map((f) => f.itemIdentifier));
    return { records, lines };
  }

  it("writes every catalog metric with its unit and exact dimension set, service, environment and dataset on every document", async () => {
    // Prepare: an object with rejects, one whose key names no known dataset, then a redelivery of the first
    const good = "dataset=trades/date=2026-11-20/catalog.csv";
    const rows = [HEADER, "T1,AAPL,2026-11-20T14:30:00Z,190.1,100,Q,@", "T2,AAPL,2026-11-20T14:30:01Z,-5,100,Q,@"];
    await clients.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: good, Body: `${rows.join("\n")}\n` }));
    await clients.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: "dataset=nosuch/date=2026-11-20/x.csv", Body: "a\n" }));

    // Act
    const first = await poll();
    const notification = first.records.find((r) => r.body.includes("catalog.csv"))!;
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: env.queueUrl, MessageBody: notification.body }));
    const again = await poll();

    // Assess
    const documents = emfDocuments([...first.lines, ...again.lines]);
    const emitted = checkAgainstCatalog(documents, VALIDATION_METRICS, LAKE_METRICS_NAMESPACE);
    expect([...emitted].sort()).toEqual(Object.keys(VALIDATION_METRICS).sort());
    for (const document of documents) expect(document).toMatchObject({ service: "validation", environment: "dev", dataset: expect.any(String) });
    expect(documents.find((d) => VALIDATION_METRICS.duplicateDeliveries.name in d)).toMatchObject({ dataset: "trades", DuplicateDeliveries: 1 });
    expect(documents.find((d) => VALIDATION_METRICS.objectsFailed.name in d)).toMatchObject({ dataset: "unknown", ObjectsFailed: 1 });
    expect(documents.find((d) => d.rule === "price.range")).toMatchObject({ dataset: "trades", RejectsByRule: 1 });
  }, 30_000);
});
