import { useTranslation } from 'react-i18next';
import { useClinicProfile } from '../shared/clinic-query';

/** The clinic's public name; "Vellum" until the clinic has been set up. */
export function useClinicName(): string {
  const { t } = useTranslation();
  return useClinicProfile().data?.name ?? t('common.brand');
}
