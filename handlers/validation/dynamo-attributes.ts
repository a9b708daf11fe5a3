import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/** What the lineage table holds: JSON-like values. Undefined fields are left out, as lib-dynamodb's removeUndefinedValues did. */
export type ItemValue = string | number | boolean | null | undefined | readonly ItemValue[] | { readonly [key: string]: ItemValue };
export type Item = Readonly<Record<string, ItemValue>>;

/**
 * A JavaScript value as a DynamoDB attribute value. By hand rather than through lib-dynamodb's
 * document client, which added 10 KB to the Lambda bundle for the few shapes this table stores.
 */
export function toAttribute(value: ItemValue): AttributeValue {
  if (value === null) return { NULL: true };
  if (typeof value === "string") return { S: value };
  if (typeof value === "boolean") return { BOOL: value };
  if (typeof value === "number") {
    // DynamoDB numbers are decimal text: NaN and Infinity have none, and past 2^53 the text would not be the number meant.
    if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be stored as a DynamoDB number`);
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) throw new TypeError(`${value} is beyond Number.MAX_SAFE_INTEGER and would lose precision`);
    return { N: String(value) };
  }
  if (Array.isArray(value)) return { L: value.filter((v) => v !== undefined).map(toAttribute) };
  if (typeof value === "object") return { M: toItem(value as Item) };
  throw new TypeError(`A ${typeof value} cannot be stored as a DynamoDB attribute`);
}

export function toItem(item: Item): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(item)) if (value !== undefined) attributes[name] = toAttribute(value);
  return attributes;
}

/** A DynamoDB attribute value as JavaScript: numbers as numbers, sets as Sets, binary as bytes. */
export function fromAttribute(attribute: AttributeValue): unknown {
  if (attribute.S !== undefined) return attribute.S;
  if (attribute.N !== undefined) return Number(attribute.N);
  if (attribute.BOOL !== undefined) return attribute.BOOL;
  if (attribute.NULL !== undefined) return null;
  if (attribute.M !== undefined) return fromItem(attribute.M);
  if (attribute.L !== undefined) return attribute.L.map(fromAttribute);
  if (attribute.B !== undefined) return attribute.B;
  if (attribute.SS !== undefined) return new Set(attribute.SS);
  if (attribute.NS !== undefined) return new Set(attribute.NS.map(Number));
  if (attribute.BS !== undefined) return new Set(attribute.BS);
  throw new TypeError(`Unknown DynamoDB attribute value ${JSON.stringify(attribute)}`);
}

export function fromItem(attributes: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).map(([name, attribute]) => [name, fromAttribute(attribute)]));
}
