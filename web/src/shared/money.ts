import { useTranslation } from 'react-i18next';

/** Euro amounts: integer cents in the API (VAT included), shown in the active language. */
export function useMoney() {
  const { i18n } = useTranslation();
  const en = i18n.resolvedLanguage === 'en';
  const format = new Intl.NumberFormat(en ? 'en-GB' : 'nl-NL', { style: 'currency', currency: 'EUR' });
  return {
    /** 4500 → "€ 45,00" (nl) or "€45.00" (en). */
    format: (cents: number) => format.format(cents / 100),
    /** A price as a visitor reads it: a free consult is "Gratis" / "Free", not "€ 0,00". */
    price: (cents: number) => (cents === 0 ? (en ? 'Free' : 'Gratis') : format.format(cents / 100)),
    /** The decimal separator a price input uses in this language. */
    decimalSeparator: en ? '.' : ',',
  };
}

/** A euro amount typed in a number input (45.5) as integer cents (4550). */
export function toCents(euros: number): number {
  return Math.round(euros * 100);
}
