import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { bundleHandler } from "../../src/bundling/handler-bundle";

describe("bundleHandler", () => {
  let dir: string;
  const entry = () => join(dir, "src", "index.ts");

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "bundle-test-"));
    mkdirSync(join(dir, "src"));
    writeFileSync(entry(), 'import { gzipSync } from "node:zlib";\nexport const handler = async (e: { n: number }) => gzipSync(String(e.n * 2)).length;\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("makes byte-identical zips from the same code, with sorted entries and fixed timestamps", () => {
    // Act
    const first = bundleHandler({ name: "fn", entry: entry(), outDir: join(dir, "out1"), inputs: [join(dir, "src")] });
    const second = bundleHandler({ name: "fn", entry: entry(), outDir: join(dir, "out2"), inputs: [join(dir, "src")] });
    // Assess
    expect(second.sha256Base64).toBe(first.sha256Base64);
    expect(readFileSync(second.zipPath).equals(readFileSync(first.zipPath))).toBe(true);
    const files = unzipSync(readFileSync(first.zipPath));
    expect(Object.keys(files)).toEqual(["index.js", "index.js.map"]);
    expect(Buffer.from(files["index.js"]).toString()).toContain("exports");
  });

  it("changes the hash when the code changes, and only then", () => {
    const out = join(dir, "out");
    const before = bundleHandler({ name: "fn", entry: entry(), outDir: out, inputs: [join(dir, "src")] });
    const unchanged = bundleHandler({ name: "fn", entry: entry(), outDir: out, inputs: [join(dir, "src")] });
    writeFileSync(entry(), "export const handler = async () => 42;\n");
    const after = bundleHandler({ name: "fn", entry: entry(), outDir: out, inputs: [join(dir, "src")] });
    expect(unchanged.sha256Base64).toBe(before.sha256Base64);
    expect(after.sha256Base64).not.toBe(before.sha256Base64);
  });

  it("runs the bundled handler", async () => {
    const bundle = bundleHandler({ name: "fn", entry: entry(), outDir: join(dir, "out"), inputs: [join(dir, "src")] });
    const code = Buffer.from(unzipSync(readFileSync(bundle.zipPath))["index.js"]).toString();
    const module = { exports: {} as { handler: (e: { n: number }) => Promise<number> } };
    new Function("module", "exports", "require", code)(module, module.exports, require);
    await expect(module.exports.handler({ n: 21 })).resolves.toBeGreaterThan(0);
  });

  it("fails with the file and the compiler's message on broken code", () => {
    writeFileSync(entry(), "export const handler = (;\n");
    expect(() => bundleHandler({ name: "fn", entry: entry(), outDir: join(dir, "out"), inputs: [join(dir, "src")] })).toThrow(/Bundling handler "fn" from .*index\.ts failed/);
  });
});
