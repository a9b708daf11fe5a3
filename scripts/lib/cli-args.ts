import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../../src/operations/glue/jobs";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** `--name value` flags and positionals, strict: an unknown or malformed flag is a UsageError (the operations CLIs exit 2). */
export function parseCommandArgs<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A number from a command-line flag, within [min, max]; undefined when absent; UsageError naming the flag otherwise. */
export function numberFlag(flag: string, text: string | undefined, min: number, max: number, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${flag}: got ${JSON.stringify(text)}, allowed values are ${integer ? "whole numbers" : "numbers"} from ${min} to ${max}`);
  }
  return value;
}
