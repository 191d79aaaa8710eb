import { Button, Container, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IntakeForm } from '../../intake/intake-form';
import type { IntakeLanguage, SignedIntake } from '../../intake/intake-types';
import { apiPost } from '../../shared/api';
import type { IntakeFormForStaff } from './intake-section';

interface Props {
  clientId: string;
  form: IntakeFormForStaff;
  initialLanguage: IntakeLanguage;
  onDone: () => void;
}

/**
 * Client mode on the clinic's tablet: a full-screen form that covers the staff navigation and shows
 * no other data about the client. After signing it asks for the tablet back; only a button meant
 * for staff returns to the staff view.
 */
export function ClientMode({ clientId, form, initialLanguage, onDone }: Props) {
  const { i18n } = useTranslation();
  const [language, setLanguage] = useState<IntakeLanguage>(initialLanguage);
  const t = useMemo(() => i18n.getFixedT(language), [i18n, language]);
  const staffT = useMemo(() => i18n.getFixedT(i18n.resolvedLanguage ?? 'nl'), [i18n]);
  // The staff area underneath (navigation, dossier) can be neither reached nor read while the client holds the tablet.
  useEffect(() => {
    const root = document.getElementById('root');
    if (!root) return;
    root.inert = true;
    return () => {
      root.inert = false;
    };
  }, []);
  const sign = useMutation({
    mutationFn: (signed: SignedIntake) =>
      apiPost<{ id: string; signedAt: string }>(`/api/clients/${encodeURIComponent(clientId)}/intakes`, {
        treatmentTypeId: form.treatmentTypeId,
        ...signed,
      }),
  });
  return (
    <Modal
      opened
      onClose={() => {}}
      fullScreen
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      title={t('intake.clientModeTitle')}
      transitionProps={{ duration: 0 }}
      data-testid="client-mode"
    >
      <Container size="sm" py="md">
        {sign.isSuccess ? (
          <Stack gap="lg" align="center" ta="center" py="xl" data-testid="client-mode-done">
            <Title order={1}>{t('intake.thanksTitle')}</Title>
            <Text size="lg">{t('intake.thanks')}</Text>
            <Text size="lg" fw={600}>
              {t('intake.handBack')}
            </Text>
            <Button variant="default" mt="xl" onClick={onDone}>
              {staffT('intake.backToStaff')}
            </Button>
          </Stack>
        ) : (
          <Stack gap="md">
            <IntakeForm
              form={form}
              language={language}
              onLanguageChange={setLanguage}
              pending={sign.isPending}
              error={sign.error}
              onSign={(signed) => sign.mutate(signed)}
            />
            <Group justify="flex-start">
              <Button variant="subtle" color="gray" size="compact-sm" onClick={onDone}>
                {staffT('intake.cancelClientMode')}
              </Button>
            </Group>
          </Stack>
        )}
      </Container>
    </Modal>
  );
}
