import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The steps of an npm script's `a && b && c` command, named for a person: `npm run X` as X, a
 * `node dist/scripts/Y.js` as Y, anything else by its first word (so `jest --silent` is jest).
 */
export function npmScriptSteps(command: string): string[] {
  return command.split("&&").map((step) => {
    const words = step.trim().split(/\s+/).filter((w) => !w.startsWith("-"));
    if (words[0] === "npm" && words[1] === "run") return words[2];
    const script = words[0] === "node" ? /(?:^|\/)scripts\/(.+)\.js$/.exec(words[1] ?? "") : null;
    return script ? script[1] : words[0];
  });
}

/** The steps of `npm run <name>` as package.json at `root` defines it. */
export function packageScriptSteps(root: string, name: string): string[] {
  const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  if (!scripts[name]) throw new Error(`package.json has no "${name}" script`);
  return npmScriptSteps(scripts[name]);
}
