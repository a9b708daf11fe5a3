/**
 * Writes one line to stdout, bypassing `console`: in Lambda the runtime patches `console` to
 * prefix or wrap each line, and an EMF document or a JSON log entry must reach CloudWatch Logs as
 * the raw JSON line to be parsed.
 */
export function writeStdoutLine(line: string): void {
  process.stdout.write(`${line}\n`);
}
