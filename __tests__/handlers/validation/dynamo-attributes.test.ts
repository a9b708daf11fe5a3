import { fromItem, toItem, type Item } from "../../../handlers/validation/dynamo-attributes";

/** A lineage item with every shape the table stores. */
const lineageItem: Item = {
  object_id: "raw/dataset=trades/date=2026-11-20/t.csv#v1",
  version_id: null,
  size: 1234,
  ratio: 0.015,
  negative: -3,
  done: true,
  rejected_by_rule: { "price.positive": 2, "size.positive": 1 },
  outputs: {},
  tags: ["a", undefined, "b"],
  failure_reason: undefined,
  empty: "",
};

/** The same item as DynamoDB stores it (what lib-dynamodb's marshall with removeUndefinedValues gave). */
const stored = {
  object_id: { S: "raw/dataset=trades/date=2026-11-20/t.csv#v1" },
  version_id: { NULL: true },
  size: { N: "1234" },
  ratio: { N: "0.015" },
  negative: { N: "-3" },
  done: { BOOL: true },
  rejected_by_rule: { M: { "price.positive": { N: "2" }, "size.positive": { N: "1" } } },
  outputs: { M: {} },
  tags: { L: [{ S: "a" }, { S: "b" }] },
  empty: { S: "" },
};

describe("toItem / fromItem", () => {
  it("marshals every shape, leaving undefined values out", () => {
    expect(toItem(lineageItem)).toStrictEqual(stored);
  });

  it("unmarshals what it marshalled back to the item, less its undefined values", () => {
    // Act
    const item = fromItem(stored);
    // Assess
    const { failure_reason: _undefined, ...defined } = lineageItem;
    expect(item).toStrictEqual({ ...defined, tags: ["a", "b"] });
  });

  it("reads sets and binary values other writers may have stored", () => {
    const item = fromItem({ ss: { SS: ["x", "y"] }, ns: { NS: ["1", "2.5"] }, b: { B: new Uint8Array([1, 2]) } });
    expect(item).toEqual({ ss: new Set(["x", "y"]), ns: new Set([1, 2.5]), b: new Uint8Array([1, 2]) });
  });

  it("refuses numbers DynamoDB cannot hold exactly, and values of no DynamoDB type", () => {
    expect(() => toItem({ n: Number.NaN })).toThrow(/cannot be stored as a DynamoDB number/);
    expect(() => toItem({ n: Infinity })).toThrow(/cannot be stored as a DynamoDB number/);
    expect(() => toItem({ n: 2 ** 60 })).toThrow(/MAX_SAFE_INTEGER/);
    expect(() => toItem({ f: (() => 1) as unknown as string })).toThrow(/function cannot be stored/);
  });
});
