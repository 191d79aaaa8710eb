import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { VAT_RATES, type VatRate } from './catalogue-query';

interface VatSelectProps {
  value: VatRate | null;
  onChange: (value: VatRate | null) => void;
  error?: string;
  clearable?: boolean;
  required?: boolean;
}

/** The Dutch VAT rates: 21 %, 9 % and 0 %. */
export function VatSelect({ value, onChange, error, clearable = false, required = false }: VatSelectProps) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('catalogue.vatRate')}
      data={VAT_RATES.map((rate) => ({ value: String(rate), label: t('catalogue.vatPercent', { rate }) }))}
      value={value === null ? null : String(value)}
      onChange={(next) => onChange(next === null ? null : (Number(next) as VatRate))}
      allowDeselect={clearable}
      clearable={clearable}
      clearButtonProps={{ 'aria-label': t('common.clear') }}
      required={required}
      error={error}
    />
  );
}
