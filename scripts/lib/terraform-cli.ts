import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { projectRoot } from "../../src/bundling/project-root";

/** The provider the project is generated for; the offline mirror must hold exactly this. */
export const AWS_PROVIDER = { source: "registry.terraform.io/hashicorp/aws", version: "5.100.0" } as const;

const KNOWN_MIRRORS = ["/opt/tf-plugins", "/usr/share/terraform/plugins", "/usr/local/share/terraform/plugins"];

function holdsAwsProvider(mirror: string): boolean {
  return existsSync(join(mirror, AWS_PROVIDER.source, AWS_PROVIDER.version));
}

/**
 * The folder holding `registry.terraform.io/hashicorp/aws/<version>/`: TF_PROVIDER_MIRROR when
 * set, else a known location, else a shallow search of the file system (what DESIGN.md describes:
 * `find / -maxdepth 3 -type d -name registry.terraform.io`).
 */
export function findProviderMirror(): string {
  const fromEnv = process.env.TF_PROVIDER_MIRROR;
  if (fromEnv) {
    if (!holdsAwsProvider(fromEnv)) throw new Error(`TF_PROVIDER_MIRROR=${fromEnv} does not contain ${AWS_PROVIDER.source}/${AWS_PROVIDER.version}`);
    return fromEnv;
  }
  const known = KNOWN_MIRRORS.find(holdsAwsProvider);
  if (known) return known;
  const found = searchProviderMirror("/");
  if (found) return found;
  throw new Error(`No offline Terraform provider mirror with ${AWS_PROVIDER.source}/${AWS_PROVIDER.version} found; set TF_PROVIDER_MIRROR to the folder that contains registry.terraform.io/`);
}

/**
 * The shallowest folder at most two levels below `root` (root itself included) that holds the
 * provider, so `registry.terraform.io` itself is at most three levels deep, as with
 * `find root -maxdepth 3`; undefined when there is none.
 */
export function searchProviderMirror(root: string): string | undefined {
  let level = [root];
  for (let depth = 0; ; depth++) {
    const found = level.find(holdsAwsProvider);
    if (found || depth === 2) return found;
    level = level.flatMap((dir) => safeList(dir).map((name) => join(dir, name)));
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && !["proc", "sys", "dev", "node_modules"].includes(d.name)).map((d) => d.name);
  } catch {
    return [];
  }
}

/**
 * Writes the project's own Terraform CLI config (never the home directory's): providers from the
 * offline mirror, a shared plugin cache, and returns the environment to run terraform with.
 */
export function offlineTerraformEnv(workDir: string): NodeJS.ProcessEnv {
  const mirror = findProviderMirror();
  const dir = resolve(workDir);
  const cache = join(dir, "plugin-cache");
  mkdirSync(cache, { recursive: true });
  const config = join(dir, "terraform.tfrc");
  writeFileSync(
    config,
    [
      `plugin_cache_dir = "${cache}"`,
      "provider_installation {",
      `  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/hashicorp/*"]\n  }`,
      `  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }`,
      "}",
      "",
    ].join("\n"),
  );
  return { ...process.env, TF_CLI_CONFIG_FILE: config, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
}

export function terraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  const result = spawnSync("terraform", args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new Error(`Could not run terraform (${result.error.message}); install Terraform ${requiredTerraformVersion()} and put it on PATH`);
  return result;
}

/**
 * The Terraform version the project requires, read from the one place that declares it: the
 * required_version of terraform-backend.tf at the repository root.
 */
export function requiredTerraformVersion(): string {
  const file = join(projectRoot(__dirname), "terraform-backend.tf");
  const match = existsSync(file) ? /required_version\s*=\s*"([^"]+)"/.exec(readFileSync(file, "utf8")) : null;
  return match ? match[1]! : "(the required_version of terraform-backend.tf)";
}
