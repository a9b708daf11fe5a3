/**
 * What an SQS message of the validation queue can carry: an S3 event notification (keys
 * URL-encoded, spaces as "+"), the `s3:TestEvent` S3 sends when a notification is saved, or an
 * EventBridge "Object Created" event if the bucket is wired through EventBridge instead.
 */

/** One object version to validate. */
export interface S3ObjectRef {
  readonly bucket: string;
  /** Decoded key, exactly as stored in S3. */
  readonly key: string;
  readonly versionId?: string;
  readonly etag?: string;
  readonly size?: number;
}

export type ParsedMessage =
  | { readonly kind: "objects"; readonly objects: readonly S3ObjectRef[] }
  | { readonly kind: "test-event" }
  /** Valid JSON of a shape we do not handle (e.g. ObjectRemoved): acknowledged and counted. */
  | { readonly kind: "ignored"; readonly reason: string };

/**
 * A message no retry can make readable (no body, not JSON, no key, a key that is not
 * URL-encoding): it fails as its own batch item, so the batch's other messages are unaffected, and
 * reaches the DLQ visibly after maxReceiveCount receives, where it can be read and redriven.
 */
export class MalformedMessageError extends Error {
  override readonly name = "MalformedMessageError";
}

/** S3 notifications encode keys like HTML forms: "+" is a space, everything else is %XX. */
export function decodeS3Key(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, " "));
  } catch (error) {
    // decodeURIComponent's URIError ("URI malformed") names neither the key nor the escape.
    throw new MalformedMessageError(`object key "${encoded}" has a malformed percent-escape (${badEscape(encoded)}); S3 URL-encodes every key it sends`, { cause: error });
  }
}

/** The first %-escape that is not two hex digits, or the bytes that are no UTF-8 sequence. */
function badEscape(encoded: string): string {
  const broken = /%(?![0-9A-Fa-f]{2})[^%]{0,2}/.exec(encoded);
  return broken ? `"${broken[0]}" at offset ${broken.index}` : "escapes that are not UTF-8";
}

interface NotificationRecord {
  eventSource?: string;
  eventName?: string;
  s3?: { bucket?: { name?: string }; object?: { key?: string; versionId?: string; eTag?: string; size?: number } };
}

export function parseMessageBody(body: unknown): ParsedMessage {
  if (typeof body !== "string" || body.trim() === "") throw new MalformedMessageError(`message has no body (${body === "" ? "empty" : typeof body})`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MalformedMessageError(`message body is not JSON: ${body.slice(0, 200)}`);
  }
  if (typeof parsed !== "object" || parsed === null) throw new MalformedMessageError("message body is not a JSON object");
  const message = parsed as Record<string, unknown>;

  if (message.Event === "s3:TestEvent") return { kind: "test-event" };
  if (Array.isArray(message.Records)) return fromNotification(message.Records as NotificationRecord[]);
  if (message.source === "aws.s3" && message["detail-type"] === "Object Created") return fromEventBridge(message.detail);
  return { kind: "ignored", reason: `unrecognised message (${Object.keys(message).slice(0, 5).join(", ")})` };
}

function fromNotification(records: NotificationRecord[]): ParsedMessage {
  const created = records.filter((r) => r.eventSource === "aws:s3" && String(r.eventName ?? "").startsWith("ObjectCreated:"));
  if (created.length === 0) return { kind: "ignored", reason: `no ObjectCreated records (${records.map((r) => r.eventName).join(", ")})` };
  const objects = created.map((r) => {
    const bucket = r.s3?.bucket?.name;
    const key = r.s3?.object?.key;
    if (!bucket || key === undefined) throw new MalformedMessageError("S3 record without bucket name or object key");
    return { bucket, key: decodeS3Key(key), versionId: r.s3?.object?.versionId, etag: r.s3?.object?.eTag, size: r.s3?.object?.size };
  });
  return { kind: "objects", objects };
}

function fromEventBridge(detail: unknown): ParsedMessage {
  const d = detail as { bucket?: { name?: string }; object?: { key?: string; "version-id"?: string; etag?: string; size?: number } } | undefined;
  const bucket = d?.bucket?.name;
  const key = d?.object?.key;
  if (!bucket || key === undefined) throw new MalformedMessageError("EventBridge S3 event without bucket name or object key");
  // EventBridge keys are URL-encoded as in notifications (Powertools decodes both the same way).
  return { kind: "objects", objects: [{ bucket, key: decodeS3Key(key), versionId: d?.object?.["version-id"], etag: d?.object?.etag, size: d?.object?.size }] };
}
