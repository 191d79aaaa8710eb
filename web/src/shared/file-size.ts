import { useTranslation } from 'react-i18next';

const UNITS = [
  ['gigabyte', 1024 ** 3],
  ['megabyte', 1024 ** 2],
  ['kilobyte', 1024],
] as const;

/** A size in bytes in the active language: 12_900_000 → "12,3 MB" (nl) or "12.3 MB" (en). */
export function useFileSize(): (bytes: number) => string {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage === 'en' ? 'en-GB' : 'nl-NL';
  return (bytes) => {
    const [unit, size] = UNITS.find(([, size]) => bytes >= size) ?? UNITS[2];
    return new Intl.NumberFormat(locale, {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: 1,
    }).format(bytes / size);
  };
}
