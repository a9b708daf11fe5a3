import { EmfMetricSet, emfConfigFromEnv, type EmfConfig } from "../../../handlers/validation/emf-metric-set";

function capturing(): { config: EmfConfig; lines: string[] } {
  const lines: string[] = [];
  return { config: { namespace: "MarketDataLake", service: "validate-raw", write: (line) => void lines.push(line), now: () => 1_790_000_000_000 }, lines };
}

describe("EmfMetricSet", () => {
  it("writes one EMF document with the namespace, the service and own dimensions, units and values", () => {
    // Prepare
    const { config, lines } = capturing();
    const metrics = new EmfMetricSet(config, { dataset: "trades" });
    metrics.add("RecordsIn", "Count", 10);
    metrics.add("BytesRead", "Bytes", 580);
    // Act
    metrics.flush();
    // Assess
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual({
      _aws: {
        Timestamp: 1_790_000_000_000,
        CloudWatchMetrics: [{ Namespace: "MarketDataLake", Dimensions: [["service", "dataset"]], Metrics: [{ Name: "RecordsIn", Unit: "Count" }, { Name: "BytesRead", Unit: "Bytes" }] }],
      },
      service: "validate-raw",
      dataset: "trades",
      RecordsIn: 10,
      BytesRead: 580,
    });
  });

  it("keeps every value of a metric added again, and starts empty after a flush", () => {
    // Prepare
    const { config, lines } = capturing();
    const metrics = new EmfMetricSet(config);
    // Act
    metrics.add("DuplicateDeliveries", "Count", 1);
    metrics.add("DuplicateDeliveries", "Count", 1);
    metrics.flush();
    metrics.flush();
    // Assess
    expect(lines.map((l) => JSON.parse(l).DuplicateDeliveries)).toEqual([[1, 1]]);
  });

  it("writes nothing when no metric was added", () => {
    const { config, lines } = capturing();
    new EmfMetricSet(config).flush();
    expect(lines).toEqual([]);
  });

  it("starts a new document before passing CloudWatch's 100 values per metric and 100 metrics per document", () => {
    // Prepare
    const { config, lines } = capturing();
    const metrics = new EmfMetricSet(config);
    // Act
    for (let i = 0; i < 150; i++) metrics.add("Same", "Count", i);
    metrics.flush();
    for (let i = 0; i < 150; i++) metrics.add(`M${i}`, "Count", i);
    metrics.flush();
    // Assess
    const docs = lines.map((l) => JSON.parse(l));
    expect(docs.map((d) => (Array.isArray(d.Same) ? d.Same.length : undefined)).slice(0, 2)).toEqual([100, 50]);
    expect(docs.slice(2).map((d) => d._aws.CloudWatchMetrics[0].Metrics.length)).toEqual([100, 50]);
  });

  it("reads namespace and service from the variables the stack sets, with Powertools' defaults", () => {
    expect(emfConfigFromEnv({ POWERTOOLS_METRICS_NAMESPACE: "MarketDataLake", POWERTOOLS_SERVICE_NAME: "validate-raw" })).toEqual({ namespace: "MarketDataLake", service: "validate-raw" });
    expect(emfConfigFromEnv({})).toEqual({ namespace: "default_namespace", service: "service_undefined" });
  });
});
