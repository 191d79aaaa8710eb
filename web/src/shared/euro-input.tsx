import { NumberInput } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import { useMoney } from './money';

interface EuroInputProps {
  label: string;
  /** In euros (sent as cents); '' when empty. */
  value: number | '';
  onChange: (value: number | '') => void;
  error?: string;
  description?: string;
  required?: boolean;
  /** Lets a minus be typed so the form can refuse it visibly (an invoice line) instead of dropping it. */
  allowNegative?: boolean;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
}

/** A euro amount with two decimals, typed with the language's decimal separator. */
export function EuroInput({
  label,
  value,
  onChange,
  error,
  description,
  required = false,
  allowNegative = false,
  onKeyDown,
}: EuroInputProps) {
  const money = useMoney();
  return (
    <NumberInput
      label={label}
      description={description}
      prefix="€ "
      decimalScale={2}
      fixedDecimalScale
      decimalSeparator={money.decimalSeparator}
      thousandSeparator={money.decimalSeparator === ',' ? '.' : ','}
      allowNegative={allowNegative}
      min={allowNegative ? undefined : 0}
      max={100_000}
      hideControls
      inputMode="decimal"
      value={value}
      // With fixed decimals Mantine answers "129.50" as a string (to keep the trailing zero).
      onChange={(next) => onChange(toNumber(next))}
      required={required}
      error={error}
      onKeyDown={onKeyDown}
    />
  );
}

function toNumber(value: number | string): number | '' {
  if (typeof value === 'number') return value;
  const parsed = Number(value);
  return value.trim() !== '' && Number.isFinite(parsed) ? parsed : '';
}
