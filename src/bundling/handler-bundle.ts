import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { BuildOptions } from "esbuild";
import { zipSync, type Zippable } from "fflate";
import { buildBlocking } from "./blocking-build";
import { projectRoot } from "./project-root";

/** A Lambda deployment package on disk and the hash Lambda compares to detect new code. */
export interface HandlerBundle {
  readonly name: string;
  /** Absolute path of the zip. */
  readonly zipPath: string;
  /** base64 SHA-256 of the zip: `source_code_hash`, so a plan shows an update only when code changed. */
  readonly sha256Base64: string;
  readonly zipBytes: number;
  readonly codeBytes: number;
}

export interface BundleOptions {
  /** Handler name, also the zip's file name. */
  readonly name: string;
  /** TypeScript entry exporting `handler`. */
  readonly entry: string;
  /** Folder the zip is written to. */
  readonly outDir: string;
  /**
   * Files whose change must rebuild the bundle; when their hash matches the last build, the zip
   * on disk is reused (synth stays fast). @default the entry's folder, src/bundling (the shims and
   * the SDK rewrites) and package-lock.json
   */
  readonly inputs?: readonly string[];
}

/** Bumped whenever the esbuild options below change, so old zips are not reused. */
const BUNDLE_RECIPE = "esbuild-node20-cjs-min-esm-first-shims-sdk-tree-shaking-v4";

/** `path` itself if it is a file, every file below it if it is a folder. */
function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((e) => filesUnder(join(path, e.name)));
}

function inputsHash(paths: readonly string[]): string {
  const hash = createHash("sha256").update(BUNDLE_RECIPE);
  for (const file of paths.flatMap(filesUnder).sort()) {
    hash.update(file).update(readFileSync(file));
  }
  return hash.digest("hex");
}

/** Zip entries' timestamp: fixed, so the same code always gives the same bytes. */
const FIXED_MTIME = new Date("2020-01-01T00:00:00Z");

/**
 * Bundles one handler with esbuild (minified, tree-shaken, AWS SDK v3 bundled so the deployed
 * version is the tested one, its schema modules rewritten to tree-shake (sdk-tree-shaking.ts),
 * external source map) and zips it deterministically: sorted entries, fixed timestamps and
 * permissions, fixed compression level. Runs at synth in ~0.4 s per handler.
 */
export function bundleHandler({ name, entry, outDir, inputs }: BundleOptions): HandlerBundle {
  const absoluteOut = resolve(outDir);
  const manifestPath = join(absoluteOut, `${name}.bundle.json`);
  const inputHash = inputsHash(inputs ?? [dirname(resolve(entry)), bundlingSources(), resolve(process.cwd(), "package-lock.json")]);
  if (existsSync(manifestPath)) {
    const previous = JSON.parse(readFileSync(manifestPath, "utf8")) as HandlerBundle & { inputHash: string };
    if (previous.inputHash === inputHash && existsSync(previous.zipPath)) return previous;
  }
  const outfile = join(absoluteOut, name, "index.js");
  const outputFiles = build(name, entry, {
    entryPoints: [resolve(entry)],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    treeShaking: true,
    sourcemap: "external",
    // The sources are in the repository; leaving them out of the map cuts the package by ~3 MB.
    sourcesContent: false,
    // ES module builds of the AWS SDK tree-shake; the CommonJS ones do not (708 KB vs 979 KB).
    mainFields: ["module", "main"],
    // Modules the SDK clients import that are dead weight in these handlers: see each shim.
    alias: {
      "@aws-sdk/credential-provider-node": join(bundlingSources(), "lambda-credentials-shim.ts"),
      "@smithy/core/event-streams": join(bundlingSources(), "event-streams-shim.ts"),
      "mnemonist/lru-cache": join(bundlingSources(), "lru-cache-shim.ts"),
    },
    legalComments: "none",
    // Paths in the source map relative to the repository, never to this machine.
    sourceRoot: "",
    absWorkingDir: process.cwd(),
    outfile,
    logLevel: "silent",
  });
  const files: Zippable = {};
  for (const file of [...outputFiles].sort((a, b) => a.path.localeCompare(b.path))) {
    files[relative(join(absoluteOut, name), file.path)] = [file.contents, { mtime: FIXED_MTIME, attrs: 0o644 << 16, level: 9 }];
  }
  const zip = zipSync(files, { mtime: FIXED_MTIME });
  mkdirSync(absoluteOut, { recursive: true });
  const zipPath = join(absoluteOut, `${name}.zip`);
  writeFileSync(zipPath, zip);
  const bundle: HandlerBundle = {
    name,
    zipPath,
    sha256Base64: createHash("sha256").update(zip).digest("base64"),
    zipBytes: zip.byteLength,
    codeBytes: outputFiles.find((f) => f.path.endsWith("index.js"))?.contents.byteLength ?? 0,
  };
  writeFileSync(manifestPath, JSON.stringify({ ...bundle, inputHash }, null, 2));
  return bundle;
}

function build(name: string, entry: string, options: BuildOptions): Array<{ path: string; contents: Uint8Array }> {
  try {
    return buildBlocking(options);
  } catch (error) {
    throw new Error(`Bundling handler "${name}" from ${entry} failed: ${(error as Error).message}`);
  }
}

/**
 * src/bundling as TypeScript source, also when running from dist/: the shims are bundled from it,
 * since tsc's CommonJS output would make esbuild pull in the SDK modules they import without tree
 * shaking (+3 KB for the credentials shim) and the deployed bundle would differ from the tested one.
 */
function bundlingSources(): string {
  return join(projectRoot(__dirname), "src", "bundling");
}
