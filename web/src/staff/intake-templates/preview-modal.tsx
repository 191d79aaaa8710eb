import { Alert, Modal, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IntakeForm } from '../../intake/intake-form';
import type { IntakeLanguage } from '../../intake/intake-types';
import type { Question } from './template-types';

/** The form as the client will see it, with the client's own intake component; signing saves nothing. */
export function PreviewModal({
  opened,
  onClose,
  name,
  version,
  questions,
}: {
  opened: boolean;
  onClose: () => void;
  name: { nl: string; en: string };
  version: number;
  questions: Question[];
}) {
  const { t, i18n } = useTranslation('intakeEditor');
  const [language, setLanguage] = useState<IntakeLanguage>(i18n.resolvedLanguage === 'en' ? 'en' : 'nl');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('previewTitle')}
      size="xl"
      fullScreen={false}
      closeButtonProps={{ 'aria-label': t('close') }}
    >
      <Stack gap="md" data-testid="intake-preview">
        <Alert color="blue" variant="light">
          {t('previewNote')}
        </Alert>
        {opened && (
          <IntakeForm
            form={{
              treatmentName: t('previewTreatment'),
              priceCents: 0,
              template: { name, version, questions },
              consent: null,
            }}
            language={language}
            onLanguageChange={setLanguage}
            pending={false}
            error={null}
            onSign={onClose}
          />
        )}
      </Stack>
    </Modal>
  );
}
