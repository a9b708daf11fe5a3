import { ByteKeyTable, hashBytes } from "../../../handlers/validation/core/byte-key-table";
import { RecentIdSet } from "../../../handlers/validation/core/recent-id-set";

function key(text: string): [Buffer, number, number, number] {
  const bytes = Buffer.from(text);
  return [bytes, 0, bytes.length, hashBytes(bytes, 0, bytes.length)];
}

describe("ByteKeyTable", () => {
  it("gives dense ids, finds keys again after growing and tells keys apart by bytes", () => {
    // Prepare
    const table = new ByteKeyTable(10_000, 4);
    // Act
    const ids = Array.from({ length: 5000 }, (_, i) => table.insertIfAbsent(...key(`K${i}`)));
    const again = table.insertIfAbsent(...key("K42"));
    // Assess
    expect(ids).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(again).toBe(-1);
    expect(table.find(...key("K4999"))).toBe(4999);
    expect(table.find(...key("K5000"))).toBe(-1);
  });

  it("compares bytes when hashes collide", () => {
    // Prepare: same hash forced for different keys
    const table = new ByteKeyTable(16);
    const [a, aStart, aEnd] = key("AAPL");
    const [b, bStart, bEnd] = key("MSFT");
    // Act
    table.insertIfAbsent(a, aStart, aEnd, 7);
    const other = table.insertIfAbsent(b, bStart, bEnd, 7);
    // Assess
    expect(other).toBe(1);
    expect(table.find(b, bStart, bEnd, 7)).toBe(1);
    expect(table.find(a, aStart, aEnd, 7)).toBe(0);
  });

  it("is full at maxKeys and empty after clear", () => {
    // Prepare
    const table = new ByteKeyTable(2);
    table.insertIfAbsent(...key("a"));
    table.insertIfAbsent(...key("b"));
    // Act
    const fullBefore = table.full;
    table.clear();
    // Assess
    expect([fullBefore, table.full, table.size, table.find(...key("a"))]).toEqual([true, false, 0, -1]);
  });
});

describe("RecentIdSet", () => {
  it("always remembers the last `window` ids", () => {
    // Prepare
    const set = new RecentIdSet(100);
    for (let i = 0; i < 1000; i++) set.addIfAbsent(...key(`T${i}`));
    // Act
    const recent = Array.from({ length: 100 }, (_, i) => set.addIfAbsent(...key(`T${900 + i}`)));
    const old = set.addIfAbsent(...key("T0"));
    // Assess
    expect(recent.every((added) => !added)).toBe(true);
    expect(old).toBe(true);
  });
});

describe("ByteKeyTable with a zero hash", () => {
  it("finds a key whose hash is 0 before and after growing", () => {
    // Prepare: hash 0 is the empty-slot marker internally
    const table = new ByteKeyTable(1000, 2);
    const [zero, zeroStart, zeroEnd] = key("zero");
    table.insertIfAbsent(zero, zeroStart, zeroEnd, 0);
    // Act
    const before = table.find(zero, zeroStart, zeroEnd, 0);
    for (let i = 0; i < 100; i++) table.insertIfAbsent(...key(`K${i}`));
    const after = table.find(zero, zeroStart, zeroEnd, 0);
    // Assess
    expect([before, after]).toEqual([0, 0]);
  });
});
