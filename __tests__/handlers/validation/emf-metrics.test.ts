import { Metrics } from "@aws-lambda-powertools/metrics";
import { emfObjectMetrics } from "../../../handlers/validation/emf-metrics";

/** Every EMF document Powertools prints while `act` runs. */
function capturedEmf(act: () => void): Array<Record<string, any>> {
  const lines: string[] = [];
  const spies = [jest.spyOn(console, "log"), jest.spyOn(console, "info")].map((s) => s.mockImplementation((line: unknown) => void lines.push(String(line))));
  const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
  try {
    act();
  } finally {
    spies.forEach((s) => s.mockRestore());
    write.mockRestore();
  }
  return lines.flatMap((l) => l.split("\n")).filter((l) => l.includes("_aws")).map((l) => JSON.parse(l));
}

describe("emfObjectMetrics", () => {
  it("emits per-object counts by dataset and rejects by dataset and rule", () => {
    // Prepare
    const metrics = new Metrics({ namespace: "MarketDataLake", serviceName: "validate-raw" });
    const sink = emfObjectMetrics(metrics, { namespace: "MarketDataLake", serviceName: "validate-raw" });
    // Act
    const docs = capturedEmf(() =>
      sink.record(
        { status: "VALIDATED", dataset: "trades", date: "2026-11-20", recordsIn: 10, accepted: 8, quarantined: 2, flagged: 1, rejectedByRule: { "price.positive": 2 }, flaggedByRule: {}, bytesRead: 580, outputs: {}, durationMs: 12 },
        12,
      ),
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

  it("counts duplicate deliveries on the invocation's metrics", () => {
    const metrics = new Metrics({ namespace: "MarketDataLake", serviceName: "validate-raw" });
    emfObjectMetrics(metrics).duplicate();
    const docs = capturedEmf(() => metrics.publishStoredMetrics());
    expect(docs).toEqual([expect.objectContaining({ DuplicateDeliveries: 1 })]);
  });
});
