import type { StackView, SynthesizedResource } from "./rule";

type ProviderBlock = Readonly<Record<string, unknown>>;

interface SynthesizedStackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  /** cdktf writes every provider as a list of blocks; aliased ones carry `alias`. */
  readonly provider?: Record<string, ProviderBlock | readonly ProviderBlock[]>;
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
  const providerOf = (resource: SynthesizedResource): ProviderBlock | undefined => {
    // Terraform picks the provider from the type prefix unless `provider = "<name>.<alias>"` says otherwise.
    const explicit = typeof resource.config.provider === "string" ? resource.config.provider : resource.type.split("_")[0];
    const [name, alias] = explicit.split(".");
    const blocks = stackJson.provider?.[name] ?? [];
    return (Array.isArray(blocks) ? blocks : [blocks]).find((b: ProviderBlock) => b.alias === alias);
  };
  return {
    resources,
    ofType: (type) => resources.filter((r) => r.type === type),
    referencing: (target, type) => {
      const needle = `\${${target.address}.`;
      return resources.filter((r) => r !== target && (type === undefined || r.type === type) && serialized.get(r)!.includes(needle));
    },
    providerOf,
  };
}
