import { decodeS3Key, MalformedMessageError, parseMessageBody } from "../../../handlers/validation/s3-event";

const notification = (key: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Records: [{ eventSource: "aws:s3", eventName: "ObjectCreated:Put", s3: { bucket: { name: "raw" }, object: { key, versionId: "v1", eTag: "abc", size: 10, ...extra } } }],
  });

describe("parseMessageBody", () => {
  it.each([
    ["dataset%3Dtrades/date%3D2026-11-20/nyse+feed.csv", "dataset=trades/date=2026-11-20/nyse feed.csv"],
    ["dataset%3Dtrades%2Fdate%3D2026-11-20%2Fa%20b%2Bc.csv", "dataset=trades/date=2026-11-20/a b+c.csv"],
    ["plain.csv", "plain.csv"],
  ])("decodes the URL-encoded key %s", (encoded, decoded) => {
    expect(parseMessageBody(notification(encoded))).toEqual({ kind: "objects", objects: [{ bucket: "raw", key: decoded, versionId: "v1", etag: "abc", size: 10 }] });
  });

  it("recognises the s3:TestEvent S3 sends when the notification is saved", () => {
    expect(parseMessageBody(JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent", Bucket: "raw" }))).toEqual({ kind: "test-event" });
  });

  it("reads EventBridge-shaped S3 events", () => {
    const body = JSON.stringify({ source: "aws.s3", "detail-type": "Object Created", detail: { bucket: { name: "raw" }, object: { key: "dataset%3Dbars/date%3D2026-11-20/b.csv", "version-id": "v9", etag: "e", size: 3 } } });
    expect(parseMessageBody(body)).toEqual({ kind: "objects", objects: [{ bucket: "raw", key: "dataset=bars/date=2026-11-20/b.csv", versionId: "v9", etag: "e", size: 3 }] });
  });

  it("ignores removal events and unknown JSON, saying why", () => {
    const removed = JSON.stringify({ Records: [{ eventSource: "aws:s3", eventName: "ObjectRemoved:Delete", s3: { bucket: { name: "raw" }, object: { key: "k" } } }] });
    expect(parseMessageBody(removed)).toEqual({ kind: "ignored", reason: "no ObjectCreated records (ObjectRemoved:Delete)" });
    expect(parseMessageBody('{"hello":1}')).toEqual({ kind: "ignored", reason: "unrecognised message (hello)" });
  });

  it.each([["not json"], ["42"], [JSON.stringify({ Records: [{ eventSource: "aws:s3", eventName: "ObjectCreated:Put", s3: {} }] })]])("rejects %s as malformed", (body) => {
    expect(() => parseMessageBody(body)).toThrow(MalformedMessageError);
  });

  it.each([[undefined, "undefined"], ["", "empty"], [null, "object"]])("rejects a message with no body (%p), saying so", (body, what) => {
    expect(() => parseMessageBody(body)).toThrow(new MalformedMessageError(`message has no body (${what})`));
  });

  it.each([
    ["dataset%3Dtrades/a%zz.csv", '"%zz" at offset 18'],
    ["dataset%3Dtrades/a%2", '"%2" at offset 18'],
    ["dataset%3Dtrades/%E0%A4%A.csv", '"%A." at offset 23'],
    ["dataset%3Dtrades/%C3%28.csv", "escapes that are not UTF-8"],
  ])("rejects the key %s as a malformed percent-escape, naming the key and the escape", (key, where) => {
    // Act
    const parse = () => parseMessageBody(notification(key));

    // Assess: a MalformedMessageError, not decodeURIComponent's bare URIError
    expect(parse).toThrow(MalformedMessageError);
    expect(parse).toThrow(`object key "${key}" has a malformed percent-escape (${where})`);
  });

  it("decodes '+' as a space and %2B as a plus", () => {
    expect(decodeS3Key("a+b%2Bc")).toBe("a b+c");
  });
});
