import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldProblem } from '../../platform/errors';

/**
 * Password rules (OWASP ASVS 6.2): at least 12 characters, at most 128, not a common or breached
 * password, not the account's own name or e-mail. No composition rules. Hashed with argon2id.
 */
const MIN_LENGTH = 12;
const MAX_LENGTH = 128;

// ~49,000 common passwords (zxcvbn-ts' list), plus Dutch ones a clinic might pick.
const common = new Set<string>([
  ...(dictionary['passwords-common'] as string[]),
  'wachtwoord123',
  'wachtwoord1234',
  'welkom123456',
  'welkomwelkom',
  'huidkliniek123',
  'schoonheidssalon',
  'zomer2026zomer',
]);

export function passwordProblem(
  password: string,
  field: string,
  account: { email?: string; name?: string } = {},
): FieldProblem | undefined {
  if (password.length < MIN_LENGTH) return { field, message: `must be at least ${MIN_LENGTH} characters` };
  if (password.length > MAX_LENGTH) return { field, message: `must be at most ${MAX_LENGTH} characters` };
  const lower = password.toLowerCase();
  if (common.has(lower) || /^(.)\1+$/.test(lower)) {
    return { field, message: 'is a commonly used password; choose another' };
  }
  const own = [
    account.email?.toLowerCase(),
    account.email?.split('@')[0]?.toLowerCase(),
    account.name?.toLowerCase(),
  ];
  if (own.some((part) => part && part.length >= 4 && lower.includes(part.replaceAll(' ', '')))) {
    return { field, message: 'must not contain your name or e-mail address' };
  }
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/** A hash to verify against when the account does not exist, so timing does not reveal it. */
export const decoyHash = hash('decoy password that nobody has');
