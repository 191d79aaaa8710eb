import { useTranslation } from 'react-i18next';
import { EuroInput } from '../../shared/euro-input';

interface PriceInputProps {
  label: string;
  /** In euros (the form converts to cents); '' when empty. */
  value: number | '';
  onChange: (value: number | '') => void;
  error?: string;
  required?: boolean;
}

/** A catalogue price: a euro amount with two decimals, VAT included (said under the field). */
export function PriceInput(props: PriceInputProps) {
  const { t } = useTranslation();
  return <EuroInput {...props} description={t('catalogue.priceDescription')} />;
}
