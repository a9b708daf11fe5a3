import { DatasetSchema } from "./datasets";
import { RawFields } from "./raw-fields";
import { RULES } from "./rules";
import { RejectedOutcome, reject } from "./record-validator";

/**
 * Turns one JSON line into RawFields. JSON.parse does the parsing (a hand-written JSON parser is not
 * worth it: the benchmark compares against a JSON.parse-only loop). Keys the schema does not know are
 * ignored; null and "" count as absent.
 */
export function readJsonRecord(line: string, schema: DatasetSchema, raw: RawFields): RejectedOutcome | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return reject(RULES.jsonSyntax, `invalid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return reject(RULES.jsonNotObject, `a JSON line must hold an object, got ${Array.isArray(value) ? "an array" : typeof value}`);
  }
  fillFromObject(schema, value as Record<string, unknown>, raw);
  return null;
}

/**
 * Fills `raw` from a plain object (the JSON lines path, and the handy way to call validateRecord in
 * tests). Numbers given for text fields (numeric trade ids) become their decimal text; strings given
 * for number fields are parsed by the validator like CSV text.
 */
export function fillFromObject(schema: DatasetSchema, object: Readonly<Record<string, unknown>>, raw: RawFields): void {
  raw.reset();
  const fields = schema.fields;
  for (let slot = 0; slot < fields.length; slot++) {
    const field = fields[slot]!;
    const value = object[field.name];
    if (value === undefined || value === null || value === "") continue;
    if (typeof value === "string") raw.setString(slot, value);
    else if (typeof value !== "number") raw.setWrongType(slot);
    else if (field.kind === "trade-id" || field.kind === "symbol" || field.kind === "text") raw.setString(slot, String(value));
    else raw.setNumber(slot, value);
  }
}
