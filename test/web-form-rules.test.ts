import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  atLeast,
  filledNumber,
  optionalShaped,
  requiredChoice,
  trimmedAtLeast,
  typedCode,
  withRepeatedPassword,
} from '../web/src/shared/form';

// The browser-side rules the converted forms share (decision 0025): their messages are the i18n keys
// the inputs show.
const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? [] : (result.error?.issues ?? []).map((issue) => issue.message);

describe('web form rules', () => {
  it('a choice that starts empty must be made, and passes through when it is', () => {
    const choice = requiredChoice(['contact', 'intake'] as const);
    expect(messages(choice.safeParse(null))).toEqual(['fieldError.required']);
    expect(choice.parse('intake')).toBe('intake');
    expect(choice.safeParse('elsewhere').success).toBe(false);
  });

  it('a reason counts its characters after trimming and says the minimum', () => {
    const reason = trimmedAtLeast(3, 10);
    expect(messages(reason.safeParse('  ab   '))).toEqual(['fieldError.tooShort?min=3']);
    expect(reason.parse('  abc ')).toBe('abc');
    expect(messages(reason.safeParse('x'.repeat(11)))).toEqual(['fieldError.invalid']);
  });

  it('an optional shaped text may stay empty, and when filled must have its shape', () => {
    const postcode = optionalShaped(7, (value) => /^[1-9]\d{3}\s*[A-Za-z]{2}$/.test(value), 'notPostcode');
    expect(postcode.parse('   ')).toBe('');
    expect(postcode.parse(' 3511 AB ')).toBe('3511 AB');
    expect(messages(postcode.safeParse('35110'))).toEqual(['notPostcode']);
    expect(messages(postcode.safeParse('3511 ABCD'))).toContain('fieldError.invalid');
  });

  it('a typed code drops its spaces and must be there', () => {
    const code = typedCode('secondFactor.codeRequired');
    expect(code.parse('123 456')).toBe('123456');
    expect(messages(code.safeParse('   '))).toEqual(['secondFactor.codeRequired']);
  });

  it('a repeated password must match, and says so at the repeat', () => {
    const schema = withRepeatedPassword(z.object({ password: atLeast(12), repeat: z.string() }));
    const differ = schema.safeParse({ password: 'lang-genoeg-wachtwoord', repeat: 'iets anders' });
    expect(differ.success).toBe(false);
    expect(differ.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['repeat', 'fieldError.passwordsDiffer'],
    ]);
    expect(
      schema.safeParse({ password: 'lang-genoeg-wachtwoord', repeat: 'lang-genoeg-wachtwoord' }).success,
    ).toBe(true);
  });

  it('a number input left empty is required, and its own rules still hold', () => {
    const quantity = filledNumber((n) =>
      n.int('fieldError.invalid').min(1, 'invoices:newInvoice.notPositive'),
    );
    expect(messages(quantity.safeParse(''))).toEqual(['fieldError.required']);
    expect(messages(quantity.safeParse(0))).toEqual(['invoices:newInvoice.notPositive']);
    expect(quantity.parse(3)).toBe(3);
    expect(filledNumber().parse(0)).toBe(0);
  });
});
