import { firstMalformedRecord } from "../../scripts/e2e/reconcile";

describe("firstMalformedRecord", () => {
  const record = (ts: string) => JSON.stringify({ symbol: "AAPL", ts, price: 189.5 });

  it("accepts normalised records of the partition day", () => {
    // Act
    const found = firstMalformedRecord([record("2026-11-20T14:30:00.000000000Z"), record("2026-11-20T23:59:59.999999999Z")], "2026-11-20");
    // Assess
    expect(found).toBeUndefined();
  });

  it("finds a line written over another (broken JSON), a record of another day, and one without a symbol", () => {
    // Prepare
    const overwritten = `${record("2026-11-20T14:30:01.000000000Z")}0,"size":100}`;
    // Act
    const found = [
      firstMalformedRecord([record("2026-11-20T14:30:00.000000000Z"), overwritten], "2026-11-20"),
      firstMalformedRecord([record("2026-11-21T00:00:00.000000000Z")], "2026-11-20"),
      firstMalformedRecord([JSON.stringify({ ts: "2026-11-20T00:00:00.000000000Z" })], "2026-11-20"),
    ];
    // Assess
    expect(found.every((line) => line !== undefined)).toBe(true);
    expect(found[0]).toBe(overwritten);
  });
});
