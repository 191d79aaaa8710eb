import { Alert, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost } from '../shared/api';
import { changeLanguage } from '../shared/i18n';
import { useHashValue } from '../shared/location-hash';
import { requestErrorKey } from '../shared/request-error';
import { IntakeForm } from './intake-form';
import type { IntakeFormContent, SignedIntake } from './intake-types';

/** /intake#token=…: the client fills in and signs the intake at home, through a one-time link. */
export function PublicIntakePage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(`${t('intakeLink.title')} · ${t('common.brand')}`);
  const token = useHashValue('token');
  const form = useQuery({
    queryKey: ['intake-link', token],
    queryFn: () => apiPost<IntakeFormContent>('/api/intake-link/form', { token }),
    enabled: Boolean(token),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
  const sign = useMutation({
    mutationFn: (signed: SignedIntake) =>
      apiPost<{ signedAt: string }>('/api/intake-link/sign', { token, ...signed }),
  });
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'nl';

  if (!token || (form.error instanceof ApiError && [400, 404, 410].includes(form.error.status))) {
    return <Message title={t('intakeLink.unavailableTitle')} text={t('intakeLink.unavailable')} />;
  }
  if (sign.isSuccess) {
    return <Message title={t('intakeLink.doneTitle')} text={t('intakeLink.done')} />;
  }
  if (form.isPending) return <Loader role="status" aria-label={t('common.loading')} />;
  if (form.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {t(requestErrorKey(form.error))}
      </Alert>
    );
  }
  const gone = sign.error instanceof ApiError && sign.error.status === 404;
  if (gone) return <Message title={t('intakeLink.unavailableTitle')} text={t('intakeLink.unavailable')} />;
  return (
    <Paper p={{ base: 'md', sm: 'xl' }} radius="lg" withBorder maw={760} mx="auto" my="lg">
      <IntakeForm
        form={form.data}
        language={language}
        onLanguageChange={(next) => void changeLanguage(next)}
        pending={sign.isPending}
        error={sign.error}
        onSign={(signed) => sign.mutate(signed)}
      />
    </Paper>
  );
}

function Message({ title, text }: { title: string; text: string }) {
  return (
    <Stack gap="sm" maw={640} mx="auto" my="xl">
      <Title order={1}>{title}</Title>
      <Text>{text}</Text>
    </Stack>
  );
}
