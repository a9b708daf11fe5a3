import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { buildGlueLibrary, glueScript } from "../../src/bundling/glue-code";
import { CodeObject } from "../../src/constructs/code-object";
import { LakeKey } from "../../src/constructs/lake-key";
import { SecureBucket } from "../../src/constructs/secure-bucket";
import { resourceAt, synthScope } from "../support/synth";

function libraryTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "glue-lib-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("Glue code packaging", () => {
  const sources = { "market_lake/__init__.py": "", "market_lake/bars.py": "def bars(): pass\n", "market_lake/io/paths.py": "X = 1\n", "market_lake/__pycache__/bars.cpython-311.pyc": "junk", "market_lake/notes.txt": "not code" };

  it("zips only the package's .py files, with market_lake/ at the zip root for --extra-py-files", () => {
    // Prepare / Act
    const lib = buildGlueLibrary(libraryTree(sources), mkdtempSync(join(tmpdir(), "out-")));
    // Assess
    expect(Object.keys(unzipSync(readFileSync(lib.path))).sort()).toEqual(["market_lake/__init__.py", "market_lake/bars.py", "market_lake/io/paths.py"]);
    expect(lib.fileName).toBe("market_lake.zip");
  });

  it("gives the same bytes for the same sources and another hash when one source changes", () => {
    const build = (files: Record<string, string>) => buildGlueLibrary(libraryTree(files), mkdtempSync(join(tmpdir(), "out-"))).sha256Hex;
    expect(build(sources)).toBe(build(sources));
    expect(build({ ...sources, "market_lake/bars.py": "def bars(): return 1\n" })).not.toBe(build(sources));
  });

  it("fails naming the folder when the package has no sources, and names a missing script", () => {
    expect(() => buildGlueLibrary(libraryTree({ "market_lake/readme.md": "x" }), mkdtempSync(join(tmpdir(), "out-")))).toThrow(/No Python sources under .*market_lake/);
    expect(() => glueScript("/nonexistent/raw_to_processed.py")).toThrow("Glue job script /nonexistent/raw_to_processed.py does not exist");
  });

  it("uploads a file with its SHA-256 as source_hash, under the bucket's key, after the bucket policy", () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), "script-"));
    writeFileSync(join(dir, "job.py"), "print('hi')\n");
    const file = glueScript(join(dir, "job.py"));
    // Act
    const json = synthScope((scope) => {
      const key = new LakeKey(scope, "processed", { aliasName: "alias/p", description: "p", accountId: "123456789012", region: "us-east-1" });
      const logs = new SecureBucket(scope, "logs", { bucketName: "logs", accountId: "123456789012", receivesAccessLogs: true, encryption: { kind: "s3-managed", justification: "S3 log delivery supports SSE-S3 only" } });
      const bucket = new SecureBucket(scope, "code", { bucketName: "code", accountId: "123456789012", encryption: { kind: "kms", key }, accessLogsTo: logs });
      new CodeObject(scope, "script", { bucket, key: "scripts/job.py", file, encryptionKey: key });
    });
    // Assess
    const object = resourceAt(json, "aws_s3_object", "script/object");
    expect(file.sha256Hex).toBe(createHash("sha256").update("print('hi')\n").digest("hex"));
    expect(object).toMatchObject({ key: "scripts/job.py", source_hash: file.sha256Hex, server_side_encryption: "aws:kms", bucket_key_enabled: true, depends_on: [expect.stringMatching(/^aws_s3_bucket_policy\.code_policy_/)] });
    expect(object.source).toMatch(new RegExp(`assets/.*${file.sha256Hex}.*/job\\.py$`));
  });
});
