import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContraIndication } from './dossier-types';

/** A contra-indication's warning in the active language, with what it means for the treatment. */
export function WarningText({ warning }: { warning: ContraIndication }) {
  const { t, i18n } = useTranslation();
  const text = i18n.resolvedLanguage === 'en' ? warning.warning.en : warning.warning.nl;
  return (
    <Text size="sm">
      <Text span fw={700} size="sm">
        {warning.effect === 'rules_out' ? t('dossier.rulesOut') : t('dossier.affects')}
      </Text>{' '}
      {text}
    </Text>
  );
}
