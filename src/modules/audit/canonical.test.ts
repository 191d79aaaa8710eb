import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalText, sortedClients } from './chain';
import type { AuditEntry } from './events';

// The canonical text every audit hash covers is, by definition, JSON.stringify of one array per form
// (decisions 0005, 0022, 0027). canonicalText writes it out field by field for speed; this holds it
// to that definition on any text — quotes, backslashes, control characters, lone and paired
// surrogates — and any number.

type Entry = Parameters<typeof canonicalText>[0];

function byDefinition(entry: Entry): string {
  const fields = [
    entry.seq,
    entry.at,
    entry.actorId,
    entry.actorRole,
    entry.action,
    entry.objectType,
    entry.objectId,
    entry.clientId,
    entry.basis,
    entry.reason,
    entry.outcome,
    entry.origin,
  ];
  if (entry.form === 2) return JSON.stringify([2, ...fields, entry.stripe, entry.stripeN, entry.prevHash]);
  if (entry.form === 3) {
    const list = sortedClients(entry.clients ?? []).map((c) => [c.clientId, c.basis]);
    return JSON.stringify([3, ...fields, entry.stripe, entry.stripeN, list, entry.prevHash]);
  }
  return JSON.stringify([...fields, entry.prevHash]);
}

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udfff', '🩺', 'é'),
);
const maybe = fc.option(text, { nil: null });
const number = fc.oneof(fc.integer(), fc.constantFrom(0, -0, 2 ** 53 - 1, Number.NaN, 1e21));

const entry: fc.Arbitrary<Entry> = fc.record({
  seq: number,
  at: text,
  actorId: maybe,
  actorRole: text,
  action: text as fc.Arbitrary<AuditEntry['action']>,
  objectType: text,
  objectId: maybe,
  clientId: maybe,
  basis: maybe as fc.Arbitrary<AuditEntry['basis']>,
  reason: maybe,
  outcome: text as fc.Arbitrary<AuditEntry['outcome']>,
  origin: text,
  form: fc.constantFrom(1, 2, 3),
  stripe: fc.option(number, { nil: null }),
  stripeN: fc.option(number, { nil: null }),
  clients: fc.option(
    fc.array(fc.record({ clientId: text, basis: maybe as fc.Arbitrary<AuditEntry['basis']> }), {
      maxLength: 4,
    }),
    { nil: undefined },
  ),
  prevHash: text,
});

describe('the canonical text of an audit entry', () => {
  it('[P10.1] is JSON.stringify of its form’s array, for any text and number', () => {
    fc.assert(
      fc.property(entry, (e) => {
        expect(canonicalText(e)).toBe(byDefinition(e));
      }),
      { numRuns: 2000 },
    );
  });
});
