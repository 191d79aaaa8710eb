/**
 * The seed's source of chance: one Faker with the Dutch locale, seeded, so the same `--seed` gives
 * the same people, visits and records. Its own instance (not the shared `fakerNL`), so two seeds in
 * one process do not disturb each other.
 */
import { base, en, Faker, nl } from '@faker-js/faker';

export type Random = Faker;

export function seededRandom(seed: number): Random {
  const random = new Faker({ locale: [nl, en, base] });
  random.seed(seed);
  return random;
}

/**
 * A UUID version 7 for a record made at `at`, with its random bits from the seeded source: the same
 * layout as the app's `newId` (time-ordered, so B-tree inserts stay at the index's right edge), but
 * reproducible.
 */
export function seededId(random: Random, at: number): string {
  const time = Math.floor(at).toString(16).padStart(12, '0');
  const bits = random.string.hexadecimal({ length: 18, casing: 'lower', prefix: '' });
  const variant = (8 + random.number.int(3)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${bits.slice(0, 3)}-${variant}${bits.slice(3, 6)}-${bits.slice(6, 18)}`;
}

/** A request id as Fastify makes them (UUID v4), for the audit entries' `web:<request id>` origin. */
export function requestOrigin(random: Random): string {
  return `web:${random.string.uuid()}`;
}

/** True with probability `p`. */
export function chance(random: Random, p: number): boolean {
  return random.number.float({ min: 0, max: 1 }) < p;
}

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
