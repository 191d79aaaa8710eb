/**
 * The shapes the server checks for the clinic's contact details (src/platform/clinic-contact.ts),
 * checked again in the form so a mistake shows before saving. The server stays the authority.
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

export const isDutchPostcode = (value: string) => /^[1-9]\d{3}\s*[A-Za-z]{2}$/.test(value.trim());

export function isPhoneNumber(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  return /^\+?[\d\s()-]+$/.test(value.trim()) && digits >= 9 && digits <= 15;
}

export function isWebsite(value: string): boolean {
  const text = /^https?:\/\//i.test(value.trim()) ? value.trim() : `https://${value.trim()}`;
  try {
    const url = new URL(text);
    return /^https?:$/.test(url.protocol) && url.hostname.includes('.');
  } catch {
    return false;
  }
}
