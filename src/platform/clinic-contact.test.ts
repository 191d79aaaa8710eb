import { describe, expect, it } from 'vitest';
import {
  formatIban,
  ibanSchema,
  isValidIban,
  phoneSchema,
  postcodeSchema,
  websiteSchema,
} from './clinic-contact';

describe('clinic contact details', () => {
  it('accepts an IBAN only when its mod-97 check digits hold', () => {
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
    expect(isValidIban('nl91 abna 0417 1643 00')).toBe(true);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('BE68539007547034')).toBe(true);
    // The example: the right shape, a failing checksum.
    expect(isValidIban('NL00ABNA0000000000')).toBe(false);
    // One digit changed or two swapped: the checksum catches it.
    expect(isValidIban('NL91ABNA0417164301')).toBe(false);
    expect(isValidIban('NL91ABNA0417163400')).toBe(false);
    // A Dutch IBAN has 18 characters.
    expect(isValidIban('NL91ABNA04171643001')).toBe(false);
    expect(isValidIban('')).toBe(false);
    expect(ibanSchema.safeParse('NL00ABNA0000000000').success).toBe(false);
    expect(ibanSchema.parse(' NL91 ABNA 0417 1643 00 ')).toBe('NL91ABNA0417164300');
    expect(formatIban('NL91ABNA0417164300')).toBe('NL91 ABNA 0417 1643 00');
  });

  it('takes a Dutch postcode, a phone number and a web address, and refuses what is not one', () => {
    expect(postcodeSchema.parse('1017gc')).toBe('1017 GC');
    expect(postcodeSchema.parse('1017 GC')).toBe('1017 GC');
    for (const bad of ['0123 AB', '1017', '1017 G', 'ABCD EF', '10170 GC']) {
      expect(postcodeSchema.safeParse(bad).success, bad).toBe(false);
    }
    for (const good of ['020-1234567', '+31 20 123 4567', '06 12345678', '(020) 123 45 67']) {
      expect(phoneSchema.safeParse(good).success, good).toBe(true);
    }
    for (const bad of ['12345', 'bel me', '020-123456a', '+31 20 123 4567 8901 234']) {
      expect(phoneSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(websiteSchema.parse('www.huidkliniek.nl')).toBe('https://www.huidkliniek.nl');
    expect(websiteSchema.parse('https://huidkliniek.nl/over-ons')).toBe('https://huidkliniek.nl/over-ons');
    for (const bad of ['javascript:alert(1)', 'ftp://huidkliniek.nl', 'geen website', 'localhost']) {
      expect(websiteSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
