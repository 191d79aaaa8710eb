/**
 * JSON with keys sorted and no whitespace, undefined fields left out: the same value always gives the
 * same text. Stored hashes (signed intakes, P3.3; privacy statement versions) are taken over it, so
 * changing it changes every stored hash: keep it as it is, or version the hashes.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
