import type { CustomMetric } from "../../../handlers/shared/metric-catalog";

/**
 * Lines written to stdout and stderr while `run` runs: Powertools Metrics and Logger write there
 * (the Logger's warnings and errors go to stderr, as console.warn and console.error do).
 */
export async function captureStdout<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split("\n").filter((l) => l.length > 0));
    return true;
  };
  const spies = [jest.spyOn(process.stdout, "write").mockImplementation(capture), jest.spyOn(process.stderr, "write").mockImplementation(capture)];
  try {
    return { result: await run(), lines };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** The EMF documents among captured lines. */
export const emfDocuments = (lines: readonly string[]) => lines.filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l) as Record<string, any>);

interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: Array<{ Name: string; Unit: string }>;
}

/**
 * Checks every metric of every EMF document against `catalog`: a catalog entry of that name, its
 * unit, and exactly its dimension set (each dimension with a value in the document). Returns the
 * catalog keys the documents emitted, so a test can check every entry is emitted by some scenario.
 */
export function checkAgainstCatalog(documents: readonly Record<string, any>[], catalog: Readonly<Record<string, CustomMetric>>, namespace: string): Set<string> {
  const byName = new Map(Object.entries(catalog).map(([key, metric]) => [metric.name, { key, metric }]));
  const emitted = new Set<string>();
  for (const document of documents) {
    for (const directive of document._aws.CloudWatchMetrics as EmfDirective[]) {
      expect(directive.Namespace).toBe(namespace);
      expect(directive.Dimensions).toHaveLength(1);
      const dimensions = [...directive.Dimensions[0]!].sort();
      for (const dimension of dimensions) expect(typeof document[dimension]).toBe("string");
      for (const { Name, Unit } of directive.Metrics) {
        const entry = byName.get(Name);
        expect({ Name, known: entry !== undefined }).toEqual({ Name, known: true });
        expect({ Name, Unit, dimensions }).toEqual({ Name, Unit: entry!.metric.unit, dimensions: [...entry!.metric.dimensions].sort() });
        emitted.add(entry!.key);
      }
    }
  }
  return emitted;
}
