import { Alert, Button, Group, Image, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiGet, apiPostSigningIn, rememberCsrfToken } from '../../shared/api';
import { CopyTextButton } from '../../shared/copy-text-button';
import { typedCode, useSchemaForm } from '../../shared/form';
import type { SignInStep } from '../session/session-query';
import { PendingSession } from './pending-session';
import { RecoveryCodesPanel } from './recovery-codes-panel';
import { codeErrorKey } from './sign-in-error';

interface Enrolment {
  secret: string;
  uri: string;
  qrSvg: string;
}

const codeSchema = z.object({ code: typedCode('secondFactor.codeRequired') });

/** The secret in groups of four, as authenticator apps show it and people type it. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Setting up the authenticator app: a QR code or the secret as text, then its first code. */
export function EnrolmentPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('enrolment.title')} · ${t('common.brand')}`);
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  if (recoveryCodes) return <RecoveryCodesPanel codes={recoveryCodes} />;
  return (
    <PendingSession state="enrol_second_factor">
      <EnrolmentForm onEnrolled={setRecoveryCodes} />
    </PendingSession>
  );
}

function EnrolmentForm({ onEnrolled }: { onEnrolled: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const enrolment = useQuery({
    queryKey: ['enrolment'],
    queryFn: ({ signal }) => apiGet<Enrolment>('/api/auth/enrolment', signal),
    gcTime: 0,
    retry: false,
  });
  const confirm = useMutation({
    mutationFn: (value: string) =>
      apiPostSigningIn<SignInStep & { recoveryCodes: string[] }>('/api/auth/enrolment', { code: value }),
    onSuccess: (result) => {
      rememberCsrfToken(result.csrfToken);
      onEnrolled(result.recoveryCodes);
    },
  });

  const { field, onSubmit } = useSchemaForm(codeSchema, { code: '' });

  return (
    <Stack align="center" py={{ base: 'md', sm: 'xl' }}>
      <Paper component="section" w="100%" maw={560} p={{ base: 'lg', sm: 'xl' }} radius="lg" withBorder>
        <Stack gap="md">
          <Title order={1} size="h2">
            {t('enrolment.title')}
          </Title>
          <Text>{t('enrolment.intro')}</Text>
          <List type="ordered" spacing="xs">
            <List.Item>{t('enrolment.stepInstall')}</List.Item>
            <List.Item>{t('enrolment.stepScan')}</List.Item>
            <List.Item>{t('enrolment.stepCode')}</List.Item>
          </List>
          {enrolment.isError && (
            <Alert color="red" variant="light" role="alert">
              {t('enrolment.loadFailed')}
            </Alert>
          )}
          {enrolment.data && (
            <Group align="flex-start" gap="lg" wrap="wrap">
              <Image
                src={`data:image/svg+xml;base64,${btoa(enrolment.data.qrSvg)}`}
                alt={t('enrolment.qrAlt')}
                w={200}
                h={200}
                bg="white"
                radius="sm"
              />
              <Stack gap={6} miw={0} flex={1}>
                <Text size="sm" fw={500} id="enrolment-secret-label">
                  {t('enrolment.secretLabel')}
                </Text>
                <Text
                  ff="monospace"
                  fz="lg"
                  data-testid="totp-secret"
                  aria-labelledby="enrolment-secret-label"
                  style={{ wordBreak: 'break-word' }}
                >
                  {groupedSecret(enrolment.data.secret)}
                </Text>
                <CopyTextButton value={enrolment.data.secret} label={t('enrolment.copySecret')} />
                <Text size="sm" c="dimmed">
                  {t('enrolment.secretHint')}
                </Text>
              </Stack>
            </Group>
          )}
          <form onSubmit={onSubmit(({ code }) => confirm.mutate(code))} noValidate>
            <Stack gap="md">
              {confirm.isError && (
                <Alert color="red" variant="light" role="alert" title={t('secondFactor.errorTitle')}>
                  {t(codeErrorKey(confirm.error))}
                </Alert>
              )}
              <TextInput
                label={t('secondFactor.codeLabel')}
                description={t('enrolment.codeDescription')}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]*"
                maxLength={7}
                required
                {...field('code')}
                maw={320}
              />
              <Button type="submit" loading={confirm.isPending} w="fit-content">
                {t('enrolment.submit')}
              </Button>
            </Stack>
          </form>
        </Stack>
      </Paper>
    </Stack>
  );
}
