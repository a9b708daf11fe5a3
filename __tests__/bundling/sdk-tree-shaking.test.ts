import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { buildSync } from "esbuild";
import { inlineSchemaKeyConstants, packageVersionOnly } from "../../src/bundling/sdk-tree-shaking";

const CLIENTS = ["client-s3", "client-dynamodb", "client-sns"];
const schemaModule = (client: string) => require.resolve(`@aws-sdk/${client}`).replace(/dist-cjs[\\/]index\.js$/, "dist-es/schemas/schemas_0.js");

/** Loads a schema module's source as it would run (bundled with its imports) and returns its exports. */
function evaluate(source: string, path: string): Record<string, unknown> {
  const code = buildSync({ stdin: { contents: source, resolveDir: dirname(path), sourcefile: path }, bundle: true, format: "cjs", platform: "node", write: false, logLevel: "silent" }).outputFiles[0].text;
  const module = { exports: {} as Record<string, unknown> };
  new Function("module", "exports", "require", code)(module, module.exports, require);
  return module.exports;
}

/** Every schema, written out in full, with a lazy reference `() => X$` written as the kind and name of what it returns. */
function schemasAsText(exports: Record<string, unknown>): string {
  const schemas = Object.entries(exports).filter(([name]) => name.endsWith("$"));
  return JSON.stringify(schemas, (_key, value: unknown) => {
    if (typeof value !== "function") return value;
    const target = (value as () => unknown)();
    return { lazy: Array.isArray(target) ? target.slice(0, 3) : target };
  });
}

describe("inlineSchemaKeyConstants", () => {
  it.each(CLIENTS)("leaves every schema of %s exactly as it was", (client) => {
    // Prepare
    const path = schemaModule(client);
    const source = readFileSync(path, "utf8");
    // Act
    const rewritten = inlineSchemaKeyConstants(source);
    // Assess
    expect(rewritten).not.toBe(source);
    expect(schemasAsText(evaluate(rewritten, path))).toBe(schemasAsText(evaluate(source, path)));
  });

  it("puts the constant's string in place of its name in computed keys only", () => {
    // Prepare
    const source = ['const _hH = "httpHeader";', 'const _x = "x-amz-request-charged";', 'export var A$ = [3, "n", "A", 0, [_x], [[0, { [_hH]: _x }]]];', 'export var B$ = [3, "n", "B", 0, [], [() => A$, "[_hH]:"]];'].join("\n");
    // Act
    const rewritten = inlineSchemaKeyConstants(source);
    // Assess
    expect(rewritten).toContain('[[0, { ["httpHeader"]: _x }]]');
    expect(rewritten).toContain('[_x]');
    expect(rewritten).toContain('"[_hH]:"');
  });

  it.each([
    ["a function", "function f(_hH) { return { [_hH]: 1 }; }"],
    ["an arrow with a parameter", "var f = (_hH) => ({ [_hH]: 1 });"],
    ["a let", "{ let _hH = 2; var o = { [_hH]: 1 }; }"],
    ["a class", "class C { [_hH] = 1 }"],
  ])("changes nothing in a module with %s, where a name could mean another binding", (_what, code) => {
    const source = `const _hH = "httpHeader";\n${code}\n`;
    expect(inlineSchemaKeyConstants(source)).toBe(source);
  });
});

describe("packageVersionOnly", () => {
  it("keeps just the version the client's user agent reads", () => {
    expect(JSON.parse(packageVersionOnly(JSON.stringify({ name: "@aws-sdk/client-s3", version: "3.1169.0", dependencies: { a: "1" } })))).toEqual({ version: "3.1169.0" });
  });
});
