/** The EMF metric lines of handlers run in-process by the e2e stages, captured and summed. */

/** Sums of the EMF metrics a handler printed, by metric name, and by "<name>/<rule or kind>". */
export type MetricSums = Map<string, number>;

/** Adds up the values of Powertools' EMF lines (one JSON object per line with an `_aws` block). */
export function sumEmfLines(text: string, into: MetricSums = new Map()): MetricSums {
  for (const line of text.split("\n")) {
    if (!line.startsWith("{") || !line.includes('"_aws"')) continue;
    const record = JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } };
    const detail = (record.rule ?? record.kind) as string | undefined;
    for (const { Metrics } of record._aws.CloudWatchMetrics) {
      for (const { Name } of Metrics) {
        const value = Number(record[Name]);
        for (const key of detail ? [Name, `${Name}/${detail}`] : [Name]) into.set(key, (into.get(key) ?? 0) + value);
      }
    }
  }
  return into;
}

/** Runs `fn` with process.stdout captured (the Powertools Metrics of an in-process handler write there). */
export async function capturingStdout<T>(fn: () => Promise<T>): Promise<{ result: T; text: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => (chunks.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    return { result: await fn(), text: chunks.join("") };
  } finally {
    process.stdout.write = write;
  }
}
