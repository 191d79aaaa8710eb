import { Alert, Anchor, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { apiPostSigningIn, rememberCsrfToken } from '../../shared/api';
import { typedCode, useSchemaForm } from '../../shared/form';
import type { SignInStep } from '../session/session-query';
import { useNextPath } from '../session/use-next-path';
import { PendingSession } from './pending-session';
import { codeErrorKey } from './sign-in-error';

type Answer = { code: string } | { recoveryCode: string };

// The app's code or a recovery code is asked, one at a time: two small forms, each with its check.
const codeSchema = z.object({ code: typedCode('secondFactor.codeRequired') });
const recoverySchema = z.object({
  recoveryCode: z.string().trim().min(1, 'secondFactor.recoveryRequired'),
});

/** Step two of signing in: the code from the authenticator app, or a one-time recovery code. */
export function SecondFactorPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('secondFactor.title')} · ${t('common.brand')}`);
  return (
    <PendingSession state="second_factor">
      <SecondFactorForm />
    </PendingSession>
  );
}

function SecondFactorForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const next = useNextPath();
  const [useRecovery, setUseRecovery] = useState(false);

  const verify = useMutation({
    mutationFn: (answer: Answer) => apiPostSigningIn<SignInStep>('/api/auth/second-factor', answer),
    onSuccess: async (step) => {
      rememberCsrfToken(step.csrfToken);
      await navigate(next ?? '/app', { replace: true });
    },
  });

  const app = useSchemaForm(codeSchema, { code: '' });
  const recovery = useSchemaForm(recoverySchema, { recoveryCode: '' });
  const submit = useRecovery
    ? recovery.onSubmit((answer) => verify.mutate(answer))
    : app.onSubmit((answer) => verify.mutate(answer));

  function toggle() {
    setUseRecovery((current) => !current);
    app.form.clearErrors();
    recovery.form.clearErrors();
    verify.reset();
  }

  return (
    <Stack align="center" py={{ base: 'md', sm: 'xl' }}>
      <Paper component="section" w="100%" maw={420} p={{ base: 'lg', sm: 'xl' }} radius="lg" withBorder>
        <form onSubmit={submit} noValidate aria-labelledby="second-factor-title">
          <Stack gap="md">
            <Title order={1} id="second-factor-title" size="h2">
              {t('secondFactor.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {useRecovery ? t('secondFactor.recoveryIntro') : t('secondFactor.intro')}
            </Text>
            {verify.isError && (
              <Alert color="red" variant="light" title={t('secondFactor.errorTitle')} role="alert">
                {t(codeErrorKey(verify.error))}
              </Alert>
            )}
            {useRecovery ? (
              <TextInput
                key="recovery"
                label={t('secondFactor.recoveryLabel')}
                name="recoveryCode"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                required
                {...recovery.field('recoveryCode')}
                autoFocus
              />
            ) : (
              <TextInput
                key="code"
                label={t('secondFactor.codeLabel')}
                description={t('secondFactor.codeDescription')}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]*"
                maxLength={7}
                required
                {...app.field('code')}
                autoFocus
              />
            )}
            <Button type="submit" fullWidth loading={verify.isPending}>
              {t('secondFactor.submit')}
            </Button>
            <Button variant="subtle" onClick={toggle} aria-pressed={useRecovery}>
              {useRecovery ? t('secondFactor.useApp') : t('secondFactor.useRecovery')}
            </Button>
            <Anchor component={Link} to="/app/login" size="sm" ta="center">
              {t('secondFactor.startOver')}
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
