import { readFileSync } from "node:fs";
import type { Plugin } from "esbuild";

const STRING_LITERAL = /"(?:[^"\\\n]|\\.)*"/g;
/** A string literal (left as it is) or a computed key naming an identifier. */
const STRING_OR_COMPUTED_KEY = /("(?:[^"\\\n]|\\.)*")|\[([A-Za-z_$][\w$]*)\]:/g;

/**
 * The AWS SDK's schema modules (one per client: every shape of every operation) write their traits
 * as `{ [_hH]: _xarc }`, keys taken from file-level string constants. esbuild cannot tell such a
 * computed key from one with side effects, so it keeps every schema: 66 KB of S3's are in the
 * bundle though the handler sends 7 of its ~100 operations (measured with lib-storage and
 * lib-dynamodb bundled: the rewrite takes 56 KB off the validation bundle, 1.4 KB off the real-time one) (aws/aws-sdk-js-v3#7607,
 * evanw/esbuild#4373). Putting each constant's string in place of its name makes the keys
 * literals; the code means exactly the same, and esbuild drops the schemas nothing reaches.
 *
 * Returns the source unchanged unless it has the shape that makes the substitution safe: no
 * function, class or `let` that could declare a second binding of a constant's name, and arrows
 * only of the parameterless `() =>` form.
 */
export function inlineSchemaKeyConstants(source: string): string {
  const code = source.replace(STRING_LITERAL, '""');
  if (/\bfunction\b|\bclass\b|\blet\b/.test(code) || /(?<!\(\)\s*)=>/.test(code)) return source;
  const constants = new Map<string, string>();
  const declarations = new Map<string, number>();
  for (const [, name, literal] of source.matchAll(/^const ([A-Za-z_$][\w$]*) = ("(?:[^"\\\n]|\\.)*");$/gm)) constants.set(name, literal);
  for (const [, name] of code.matchAll(/\b(?:const|var)\s+([A-Za-z_$][\w$]*)/g)) declarations.set(name, (declarations.get(name) ?? 0) + 1);
  return source.replace(STRING_OR_COMPUTED_KEY, (match, literal: string | undefined, name: string) =>
    literal === undefined && constants.has(name) && declarations.get(name) === 1 ? `[${constants.get(name)}]:` : match,
  );
}

/** A client's package.json as its runtime config reads it (`packageInfo.version`, for the user agent); the rest is 2.5 KB per client. */
export function packageVersionOnly(packageJson: string): string {
  return JSON.stringify({ version: (JSON.parse(packageJson) as { version: string }).version });
}

const SCHEMA_MODULE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/][^\\/]+\.js$/;
const CLIENT_PACKAGE_JSON = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]package\.json$/;

/** Applies both rewrites to the AWS SDK client modules as esbuild loads them. */
export function sdkTreeShakingPlugin(): Plugin {
  return {
    name: "aws-sdk-tree-shaking",
    setup(build) {
      build.onLoad({ filter: SCHEMA_MODULE }, (args) => ({ contents: inlineSchemaKeyConstants(readFileSync(args.path, "utf8")), loader: "js" }));
      build.onLoad({ filter: CLIENT_PACKAGE_JSON }, (args) => ({ contents: packageVersionOnly(readFileSync(args.path, "utf8")), loader: "json" }));
    },
  };
}
