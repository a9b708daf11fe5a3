import type { InputObject } from "../../scripts/e2e/inputs";
import { firstMalformedRecord, reconciliationProblems } from "../../scripts/e2e/reconcile";

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

describe("reconciliationProblems: quarantine against the rows the generator broke", () => {
  const badRows = [
    { line: 4, rule: "price.range" as const },
    { line: 9, rule: "symbol.format" as const },
  ];
  const input: InputObject = { key: "dataset=trades/date=2026-11-20/with-bad-rows.csv", body: Buffer.alloc(0), records: 10, badRows, expect: { status: "VALIDATED" } };
  const validated = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ symbol: "AAPL", ts: `2026-11-20T14:30:0${i}.000000000Z` }));
  const quarantine = (rows: readonly { line: number; rule: string }[]) => rows.map((r) => JSON.stringify({ ...r, message: "m", text: "t" }));
  const counts = (accepted: number, quarantined: number) => ({ status: "VALIDATED", recordsIn: 10, accepted, quarantined, validatedLines: accepted, quarantineLines: quarantined });

  it("passes when exactly the broken rows are quarantined, each for its rule", () => {
    // Act
    const problems = reconciliationProblems(input, counts(8, 2), undefined, validated(8), quarantine(badRows));
    // Assess
    expect(problems).toEqual([]);
  });

  it("fails when a bad row was accepted, even though records in = accepted + quarantined", () => {
    // Act
    const problems = reconciliationProblems(input, counts(9, 1), undefined, validated(9), quarantine(badRows.slice(0, 1)));
    // Assess
    expect(problems).toEqual(["quarantined 1, the generator broke 2 row(s)", "bad line(s) not quarantined: 9 (symbol.format)"]);
  });

  it("fails when every bad row was accepted (nothing quarantined)", () => {
    // Act
    const problems = reconciliationProblems(input, counts(10, 0), undefined, validated(10), []);
    // Assess
    expect(problems[0]).toBe("quarantined 0, the generator broke 2 row(s)");
  });

  it("fails when the right count was quarantined but for another rule or at another line", () => {
    // Act
    const wrongRule = reconciliationProblems(input, counts(8, 2), undefined, validated(8), quarantine([badRows[0]!, { line: 9, rule: "timestamp.partition" }]));
    const wrongLine = reconciliationProblems(input, counts(8, 2), undefined, validated(8), quarantine([badRows[0]!, { line: 5, rule: "symbol.format" }]));
    // Assess
    expect(wrongRule).toEqual(["quarantined for another rule: 9 timestamp.partition instead of symbol.format"]);
    expect(wrongLine).toEqual(["bad line(s) not quarantined: 9 (symbol.format)", "good line(s) quarantined: 5 (symbol.format)"]);
  });

  it("does not expect quarantine of an object that should fail as a whole", () => {
    // Prepare
    const failed: InputObject = { ...input, badRows: [], records: 0, expect: { status: "FAILED", reason: /empty/ } };
    // Act
    const problems = reconciliationProblems(failed, { ...counts(0, 0), status: "FAILED", recordsIn: 0 }, "empty object", [], []);
    // Assess
    expect(problems).toEqual([]);
  });
});
