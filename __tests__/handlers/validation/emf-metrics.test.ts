import { EmfMetricSet, type EmfConfig } from "../../../handlers/validation/emf-metric-set";
import { emfObjectMetrics } from "../../../handlers/validation/emf-metrics";

/** A config whose documents are collected, parsed, instead of written to stdout. */
function capturingConfig(): { config: EmfConfig; docs: Array<Record<string, any>> } {
  const docs: Array<Record<string, any>> = [];
  return { config: { namespace: "MarketDataLake", service: "validate-raw", write: (line) => void docs.push(JSON.parse(line)) }, docs };
}

describe("emfObjectMetrics", () => {
  it("emits per-object counts by dataset and rejects by dataset and rule", () => {
    // Prepare
    const { config, docs } = capturingConfig();
    const sink = emfObjectMetrics(new EmfMetricSet(config), config);
    // Act
    sink.record(
      { status: "VALIDATED", dataset: "trades", date: "2026-11-20", recordsIn: 10, accepted: 8, quarantined: 2, flagged: 1, rejectedByRule: { "price.positive": 2 }, flaggedByRule: {}, bytesRead: 580, outputs: {}, durationMs: 12 },
      12,
    );
    // Assess
    const perObject = docs.find((d) => "RecordsIn" in d)!;
    expect(perObject).toMatchObject({ dataset: "trades", ObjectsValidated: 1, RecordsIn: 10, RecordsAccepted: 8, RecordsQuarantined: 2, RecordsFlagged: 1, BytesRead: 580, ObjectDuration: 12 });
    expect(perObject._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: "MarketDataLake", Dimensions: [expect.arrayContaining(["service", "dataset"])] });
    expect(perObject._aws.CloudWatchMetrics[0].Metrics).toHaveLength(7);
    const byRule = docs.find((d) => "RejectsByRule" in d)!;
    expect(byRule).toMatchObject({ dataset: "trades", rule: "price.positive", RejectsByRule: 2 });
    expect(byRule._aws.CloudWatchMetrics[0].Dimensions[0]).toEqual(expect.arrayContaining(["dataset", "rule"]));
  });

  it("counts duplicate deliveries on the invocation's metrics, written when the handler flushes them", () => {
    // Prepare
    const { config, docs } = capturingConfig();
    const invocation = new EmfMetricSet(config);
    // Act
    emfObjectMetrics(invocation, config).duplicate();
    const beforeFlush = docs.length;
    invocation.flush();
    // Assess
    expect(beforeFlush).toBe(0);
    expect(docs).toEqual([expect.objectContaining({ service: "validate-raw", DuplicateDeliveries: 1 })]);
  });
});
