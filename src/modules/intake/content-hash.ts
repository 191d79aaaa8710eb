/**
 * The content hash of a signed intake (P3.3): SHA-256 over a canonical JSON (keys sorted, no
 * whitespace) of everything the signature agreed to. Changing this changes every stored hash:
 * keep `canonicalJson` and the field list as they are, or version the hash.
 *
 * The content includes a random nonce kept sealed with the answers: without it, yes/no answers
 * are so few that the hash, stored in the clear, could be matched against every combination.
 */
import { canonicalJson } from '../../platform/canonical-json';
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
