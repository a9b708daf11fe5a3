import { Testing } from "cdktf";
import type { Construct } from "constructs";
import { ENVIRONMENTS } from "../../src/config/environments";
import type { EnvironmentConfig } from "../../src/config";
import { parsePolicy, type PolicyDocument, type PolicyStatement } from "../../src/policy/policy-document";

export type ResourceBody = Record<string, any>;
export interface SynthesizedJson {
  resource: Record<string, Record<string, ResourceBody>>;
  output?: Record<string, { value: unknown; description?: string }>;
  terraform: Record<string, any>;
  provider?: Record<string, any[]>;
}

/** Synthesizes whatever `build` adds to a fresh test stack and returns the parsed Terraform JSON. */
export function synthScope(build: (scope: Construct) => void): SynthesizedJson {
  return JSON.parse(Testing.synthScope(build)) as SynthesizedJson;
}

/** All resources of `type` as [logicalName, body] pairs. */
export function resourcesOf(json: SynthesizedJson, type: string): Array<[string, ResourceBody]> {
  return Object.entries(json.resource?.[type] ?? {});
}

/**
 * The logical name of the single resource of `type` whose construct path ends with `pathSuffix`
 * (cdktf names resources "<path segments joined by _>_<8 hex digits>").
 */
export function nameAt(json: SynthesizedJson, type: string, pathSuffix: string): string {
  // cdktf drops a segment the one before it ends with ("tier-key/key" -> "tier-key").
  const segments: string[] = [];
  for (const segment of pathSuffix.split("/")) {
    if (!segments.length || !segments[segments.length - 1].endsWith(segment)) segments.push(segment);
  }
  const pattern = new RegExp(`(^|_)${segments.join("_").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}_[0-9A-F]{8}$`);
  const matches = resourcesOf(json, type).filter(([name]) => pattern.test(name));
  if (matches.length !== 1) throw new Error(`expected one ${type} at *${pathSuffix}, found ${matches.length}: ${Object.keys(json.resource?.[type] ?? {}).join(", ")}`);
  return matches[0][0];
}

export function resourceAt(json: SynthesizedJson, type: string, pathSuffix: string): ResourceBody {
  return json.resource[type][nameAt(json, type, pathSuffix)];
}

/** A reference to the resource at `pathSuffix`, as Terraform JSON writes it. */
export function refTo(json: SynthesizedJson, type: string, pathSuffix: string, attribute: string): string {
  return `\${${type}.${nameAt(json, type, pathSuffix)}.${attribute}}`;
}

export function policyIn(body: ResourceBody, attribute = "policy"): PolicyDocument {
  const doc = parsePolicy(body[attribute]);
  if (!doc) throw new Error(`attribute ${attribute} is not a JSON policy: ${String(body[attribute]).slice(0, 200)}`);
  return doc;
}

export function statement(doc: PolicyDocument, sid: string): PolicyStatement {
  const found = doc.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}; have ${doc.Statement.map((s) => s.Sid).join(", ")}`);
  return found;
}

/** A copy of the dev config with `changes` applied (deep for the first level of objects). */
export function devConfigWith(changes: Partial<{ [K in keyof EnvironmentConfig]: any }> = {}): EnvironmentConfig {
  return { ...structuredClone(ENVIRONMENTS.dev), ...changes } as EnvironmentConfig;
}
