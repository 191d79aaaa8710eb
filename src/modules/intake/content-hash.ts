/**
 * The content hash of a signed intake (P3.3): SHA-256 over a canonical JSON (keys sorted, no
 * whitespace) of everything the signature agreed to. Changing this changes every stored hash:
 * keep `canonicalJson` and the field list as they are, or version the hash.
 *
 * The content includes a random nonce kept sealed with the answers: without it, yes/no answers
 * are so few that the hash, stored in the clear, could be matched against every combination.
 */
import { sha256Hex } from '../../platform/crypto';
import type { Answers } from './template';

export type SignedContent = {
  intakeId: string;
  clientId: string;
  templateVersionId: string;
  templateKey: string;
  templateVersion: number;
  treatmentTypeId: string;
  treatmentName: string;
  priceCents: number;
  answers: Answers;
  signedAt: string;
  signatureSha256: string;
  nonce: string;
};

export function contentHash(content: SignedContent): string {
  return sha256Hex(canonicalJson(content));
}

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
