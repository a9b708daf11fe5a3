/** Minimal IPv4 CIDR arithmetic for config validation (no dependency needed for three functions). */

export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "a.b.c.d/n"; returns undefined when the text is not a canonical IPv4 CIDR. */
export function parseCidr(cidr: string): Ipv4Range | undefined {
  const match = CIDR_PATTERN.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  // A host address with bits set below the prefix ("10.0.0.1/16") is almost always a typo.
  if (address % size !== 0) return undefined;
  return { first: address, last: address + size - 1, prefix };
}

export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

export function rangeContains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}
