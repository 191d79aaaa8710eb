import { z } from 'zod';

/**
 * The clinic's contact details as invoices, the privacy statement and the register show them, checked
 * where they arrive (setup, clinic settings): a Dutch postcode, a phone number, a web address, an IBAN
 * whose mod-97 checksum holds. The web app checks the same shapes (web/src/shared/clinic-contact.ts).
 */

/** True when the IBAN's ISO 13616 check digits hold (mod 97 = 1) and a Dutch IBAN has 18 characters. */
export function isValidIban(value: string): boolean {
  const iban = value.replaceAll(' ', '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  if (iban.startsWith('NL') && !/^NL\d{2}[A-Z]{4}\d{10}$/.test(iban)) return false;
  const digits = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (letter) =>
    String(letter.charCodeAt(0) - 55),
  );
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder === 1;
}

/** `NL91 ABNA 0417 1643 00`: in groups of four, as banks print it. */
export function formatIban(value: string): string {
  return value
    .replaceAll(' ', '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');
}

export const ibanSchema = z
  .string()
  .trim()
  .transform((v) => v.replaceAll(' ', '').toUpperCase())
  .pipe(z.string().refine(isValidIban, 'is not an IBAN (its check digits do not match)'));

/** `1234 AB` (also typed as `1234ab`), stored as `1234 AB`. */
export const postcodeSchema = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase().replace(/^(\d{4})\s*([A-Z]{2})$/, '$1 $2'))
  .pipe(z.string().regex(/^[1-9]\d{3} [A-Z]{2}$/, 'is not a Dutch postcode (1234 AB)'));

/** A phone number: digits with spaces, dashes or brackets, optionally international; 9 to 15 digits. */
export const phoneSchema = z
  .string()
  .trim()
  .max(30)
  .refine((v) => /^\+?[\d\s()-]+$/.test(v), 'is not a phone number')
  .refine((v) => {
    const digits = v.replace(/\D/g, '').length;
    return digits >= 9 && digits <= 15;
  }, 'is not a phone number (9 to 15 digits)');

/** A web address; `www.kliniek.nl` becomes `https://www.kliniek.nl`. Only http and https. */
export const websiteSchema = z
  .string()
  .trim()
  .max(200)
  .transform((v) => (/^https?:\/\//i.test(v) ? v : `https://${v}`))
  .pipe(
    z.string().refine((v) => {
      try {
        const url = new URL(v);
        return /^https?:$/.test(url.protocol) && url.hostname.includes('.') && !url.username;
      } catch {
        return false;
      }
    }, 'is not a web address'),
  );

export const clinicAddressSchema = {
  street: z.string().trim().min(1).max(100),
  houseNumber: z
    .string()
    .trim()
    .max(12)
    .regex(/^\d+[\s-]?[A-Za-z0-9]{0,6}$/, 'is not a house number (12, 12A, 12-3)'),
  postcode: postcodeSchema,
  city: z.string().trim().min(1).max(80),
  phone: phoneSchema,
  website: websiteSchema,
};
