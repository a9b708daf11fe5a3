/**
 * Errors that concern a whole object rather than one record.
 *
 * The validation Lambda treats these as permanent: the object is recorded as failed with the reason
 * (invariant 3 in DESIGN.md) instead of being retried. Any other error (network, sink failure) is
 * transient and should be left to SQS redelivery, which is why these carry their own class.
 */

/** Why an object could not be read as records at all. */
export type UnreadableReason =
  | "encoding" // bytes are not valid UTF-8
  | "empty" // no header (CSV) or no line at all (JSON lines)
  | "truncated-gzip" // the gzip stream ends before its trailer
  | "corrupt-gzip" // any other zlib error (bad header, bad checksum, bad data)
  | "header" // CSV header lacks a required column or repeats one
  | "line-too-long"; // a line exceeds the configured limit (binary data, wrong format)

export class UnreadableObjectError extends Error {
  override readonly name = "UnreadableObjectError";

  constructor(
    readonly reason: UnreadableReason,
    message: string,
    /** 1-based line number where the problem was found, when it belongs to a line. */
    readonly line?: number,
  ) {
    super(message);
  }
}

export type ObjectKeyErrorCode =
  | "missing-dataset-partition"
  | "unknown-dataset"
  | "missing-date-partition"
  | "invalid-date"
  | "unknown-extension";

/** The object key does not follow `.../dataset=<name>/date=<YYYY-MM-DD>/<file>.<csv|jsonl|ndjson>[.gz]`. */
export class ObjectKeyError extends Error {
  override readonly name = "ObjectKeyError";

  constructor(
    readonly code: ObjectKeyErrorCode,
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}
