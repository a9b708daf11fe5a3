import { AscendingIdLog } from "../../../handlers/validation/core/ascending-id-log";

function bytes(text: string): [Buffer, number, number] {
  const buffer = Buffer.from(`,${text},`, "latin1"); // offsets inside a larger buffer, as in a CSV line
  return [buffer, 1, buffer.length - 1];
}

function logOf(...ids: string[]): AscendingIdLog {
  const log = new AscendingIdLog(2);
  for (const id of ids) {
    if (!log.isAboveLast(...bytes(id))) throw new Error(`${id} is not ascending`);
    log.append(...bytes(id));
  }
  return log;
}

describe("AscendingIdLog", () => {
  it("orders shorter ids first, then bytewise (so numbered ids ascend numerically)", () => {
    // Prepare
    const log = logOf("T9");
    // Act
    const above = ["T10", "T99", "U0", "TA", "T9 "].map((id) => log.isAboveLast(...bytes(id)));
    const notAbove = ["T9", "T8", "S9", "9", "T"].map((id) => log.isAboveLast(...bytes(id)));
    // Assess
    expect(above).toEqual([true, true, true, true, true]);
    expect(notAbove).toEqual([false, false, false, false, false]);
  });

  it("finds every appended id by binary search, and nothing else, across growth", () => {
    // Prepare
    const ids = Array.from({ length: 3000 }, (_, i) => `${7 * i + 3}`);
    const log = logOf(...ids);
    // Act
    const found = ids.filter((id) => log.contains(...bytes(id)));
    const missing = ["0", "4", "20997", "21000", "T3"].filter((id) => log.contains(...bytes(id)));
    // Assess
    expect(found).toHaveLength(3000);
    expect(missing).toEqual([]);
  });

  it("hands its last id to the next log, which then orders after it", () => {
    // Prepare
    const full = logOf("A1", "A2", "A3");
    const next = logOf("Z9");
    // Act
    const copied = full.copyLastTo(next);
    const emptyCopied = new AscendingIdLog().copyLastTo(next);
    // Assess
    expect(copied).toBe(true);
    expect(emptyCopied).toBe(false);
    expect(next.size).toBe(0);
  });

  it("keeps the last id as the high mark after copyLastTo", () => {
    // Prepare
    const next = new AscendingIdLog();
    // Act
    logOf("A1", "A3").copyLastTo(next);
    // Assess
    expect([next.size, next.contains(...bytes("A3")), next.isAboveLast(...bytes("A2")), next.isAboveLast(...bytes("A4"))]).toEqual([1, true, false, true]);
  });
});
