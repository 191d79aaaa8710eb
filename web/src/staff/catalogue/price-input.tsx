import { NumberInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMoney } from '../../shared/money';

interface PriceInputProps {
  label: string;
  /** In euros (the form converts to cents); '' when empty. */
  value: number | '';
  onChange: (value: number | '') => void;
  error?: string;
  required?: boolean;
}

/** A euro amount with two decimals, VAT included, typed with the language's decimal separator. */
export function PriceInput({ label, value, onChange, error, required = false }: PriceInputProps) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <NumberInput
      label={label}
      description={t('catalogue.priceDescription')}
      prefix="€ "
      decimalScale={2}
      fixedDecimalScale
      decimalSeparator={money.decimalSeparator}
      thousandSeparator={money.decimalSeparator === ',' ? '.' : ','}
      allowNegative={false}
      min={0}
      max={100_000}
      hideControls
      inputMode="decimal"
      value={value}
      // With fixed decimals Mantine answers "129.50" as a string (to keep the trailing zero).
      onChange={(next) => onChange(toNumber(next))}
      required={required}
      error={error}
    />
  );
}

function toNumber(value: number | string): number | '' {
  if (typeof value === 'number') return value;
  const parsed = Number(value);
  return value.trim() !== '' && Number.isFinite(parsed) ? parsed : '';
}
