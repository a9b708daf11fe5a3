import { processObject } from "../../../handlers/validation/object-processor";
import { flakyAlerts, processorDeps, s3Serving, statefulLineage } from "./processor-fakes";

const TRADES = [
  "trade_id,symbol,ts,price,size,exchange,conditions",
  "T1,AAPL,2026-11-20T14:30:00Z,189.5,100,Q,@",
  "T2,AAPL,2026-11-20T14:30:01Z,189.5", // too few columns: quarantined
  "T3,AAPL,2026-11-20T14:30:02Z,189.5", // likewise: 2 of 3 rejected, above the 0.5 threshold
].join("\n");

describe("processObject alerts", () => {
  it.each([
    ["a reject rate above the threshold", "dataset=trades/date=2026-11-20/f.csv", TRADES, "validated"],
    ["an unusable key", "no-partitions/f.csv", TRADES, "failed"],
    ["an unreadable (empty) object", "dataset=trades/date=2026-11-20/f.csv", "", "failed"],
  ])("are never lost for %s: a failed publish leaves the claim open, and the redelivery alerts and completes it", async (_name, key, body, kind) => {
    // Prepare
    const ref = { bucket: "raw", key, versionId: "v1" };
    const lineage = statefulLineage();
    const alerts = flakyAlerts(1);
    const deps = { ...processorDeps(s3Serving(body).client, lineage.store), alerts: alerts.publisher };
    // Act
    const first = processObject(ref, deps);
    await expect(first).rejects.toThrow("SNS is unavailable");
    const afterFailure = { calls: lineage.calls.map(([c]) => c), status: lineage.status() };
    const redelivery = await processObject(ref, deps);
    const again = await processObject(ref, deps);
    // Assess
    expect(afterFailure).toEqual({ calls: ["claim", "release"], status: "PROCESSING" });
    expect(redelivery).toMatchObject({ kind, outcome: { status: kind === "validated" ? "VALIDATED" : "FAILED" } });
    expect(alerts.published).toEqual([expect.objectContaining({ object: `s3://raw/${key}`, status: kind === "validated" ? "VALIDATED" : "FAILED" })]);
    expect(lineage.calls.map(([c]) => c)).toEqual(["claim", "release", "claim", "complete", "claim"]);
    expect(again).toEqual({ kind: "duplicate" });
  });
});
