import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { zipSync, type Zippable } from "fflate";
import { projectRoot } from "./project-root";

/** A file Terraform uploads for Glue, and the hash its S3 object is replaced on. */
export interface GlueCodeFile {
  /** Absolute path on disk. */
  readonly path: string;
  /** Object key suffix, e.g. "raw_to_processed.py" or "market_lake.zip". */
  readonly fileName: string;
  /** Hex SHA-256 of the bytes: the object's source_hash, so only a changed file is uploaded again. */
  readonly sha256Hex: string;
}

/** The code of the Glue jobs: one script per job and the shared library as a zip. */
export interface GlueCode {
  readonly scripts: Readonly<Record<string, GlueCodeFile>>;
  readonly library: GlueCodeFile;
}

/** Zip entries' timestamp: fixed, so the same sources always give the same bytes. */
const FIXED_MTIME = new Date("2020-01-01T00:00:00Z");

const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function pythonSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? (e.name === "__pycache__" ? [] : pythonSources(join(dir, e.name))) : e.name.endsWith(".py") ? [join(dir, e.name)] : []))
    .sort();
}

/**
 * Zips the package `glue-scripts/lib/market_lake` for `--extra-py-files` (Glue puts the zip on the
 * Python path, so `market_lake/` is at its root): only `.py` files, sorted, fixed timestamps and
 * compression level, so the zip's hash changes exactly when a library source does.
 */
export function buildGlueLibrary(libRoot: string, outDir: string): GlueCodeFile {
  const files: Zippable = {};
  for (const file of pythonSources(join(libRoot, "market_lake"))) files[relative(libRoot, file).split("\\").join("/")] = readFileSync(file);
  if (Object.keys(files).length === 0) throw new Error(`No Python sources under ${join(libRoot, "market_lake")}: the Glue library would be empty`);
  const zip = zipSync(files, { mtime: FIXED_MTIME, level: 6 });
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, "market_lake.zip");
  writeFileSync(path, zip);
  return { path, fileName: "market_lake.zip", sha256Hex: sha256Hex(zip) };
}

/** One job script as it is on disk. */
export function glueScript(path: string): GlueCodeFile {
  if (!existsSync(path) || !statSync(path).isFile()) throw new Error(`Glue job script ${path} does not exist`);
  return { path, fileName: path.split(/[\\/]/).pop()!, sha256Hex: sha256Hex(readFileSync(path)) };
}

let cachedLibrary: GlueCodeFile | undefined;

/** The lake's Glue code from glue-scripts/; the library zip is built once per process into build/glue/. */
export function lakeGlueCode(scriptNames: readonly string[]): GlueCode {
  const root = join(projectRoot(), "glue-scripts");
  cachedLibrary ??= buildGlueLibrary(join(root, "lib"), join(projectRoot(), "build", "glue"));
  return { scripts: Object.fromEntries(scriptNames.map((name) => [name, glueScript(join(root, "jobs", name))])), library: cachedLibrary };
}
