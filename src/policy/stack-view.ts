import type { StackView, SynthesizedResource } from "./rule";

interface SynthesizedStackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

function constructPath(body: Record<string, unknown>, fallback: string): string {
  const meta = (body["//"] as { metadata?: { path?: string } } | undefined)?.metadata;
  return meta?.path ?? fallback;
}

/** Builds the rules' view of a synthesized stack (the JSON `cdktf synth` writes). */
export function stackViewOf(stackJson: SynthesizedStackJson): StackView {
  const resources: SynthesizedResource[] = [];
  for (const [type, byName] of Object.entries(stackJson.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const address = `${type}.${name}`;
      resources.push({ type, name, address, path: constructPath(body, address), config: body });
    }
  }
  const serialized = new Map(resources.map((r) => [r, JSON.stringify(r.config)]));
  return {
    resources,
    ofType: (type) => resources.filter((r) => r.type === type),
    referencing: (target, type) => {
      const needle = `\${${target.address}.`;
      return resources.filter((r) => r !== target && (type === undefined || r.type === type) && serialized.get(r)!.includes(needle));
    },
  };
}
