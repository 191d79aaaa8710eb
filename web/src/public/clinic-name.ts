import { useTranslation } from 'react-i18next';

// Placeholder until the clinic settings exist; then this reads the clinic's public name from the API.
export function useClinicName(): string {
  const { t } = useTranslation();
  return t('common.brand');
}
