import fc from "fast-check";
import { ViewCache, copyWords, writeJsonStringWords } from "../../../handlers/validation/core/output-bytes";

const viewOf = (b: Buffer) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** The inside of JSON.stringify's string, with the control characters it names (\n, \t...) as \u00XX. */
function expectedJson(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/\\([bfnrt])/g, (_, c: string) => `\\u00${({ b: "08", f: "0c", n: "0a", r: "0d", t: "09" } as Record<string, string>)[c]}`);
}

describe("word-at-a-time output helpers", () => {
  it("copyWords copies every length exactly, without reading past the end", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(5), (bytes, offset) => {
        const source = Buffer.from(bytes);
        const out = Buffer.alloc(64, 0xaa);
        const end = copyWords(viewOf(source), 0, source.length, viewOf(out), offset);
        expect(end).toBe(offset + source.length);
        expect(out.subarray(offset, end)).toEqual(source);
      }),
    );
  });

  it("writeJsonStringWords escapes exactly what JSON requires, at any alignment", () => {
    const char = fc.constantFrom("a", "Z", "0", '"', "\\", "\n", "\t", "\u0001", "\u001f", " ", "\u007f", "é", "日", "🙂", "@");
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }), fc.nat(3), (chars, pad) => {
        const text = chars.join("");
        const source = Buffer.from("x".repeat(pad) + text, "utf8");
        const out = Buffer.alloc(source.length * 6 + 8);
        const end = writeJsonStringWords(viewOf(source), source, pad, source.length, viewOf(out), out, 0);
        expect(out.toString("utf8", 0, end)).toBe(expectedJson(text));
        expect(JSON.parse(`"${out.toString("utf8", 0, end)}"`)).toBe(text);
      }),
    );
  });

  it("ViewCache returns a view of the buffer it is asked for", () => {
    const cache = new ViewCache();
    const a = Buffer.from("abcd");
    const b = Buffer.from("efgh").subarray(1);
    const c = Buffer.from("ijkl");
    for (const buf of [a, b, a, c, b, a]) {
      const view = cache.of(buf);
      expect(view.byteLength).toBe(buf.length);
      expect(view.getUint8(0)).toBe(buf[0]);
    }
  });
});
