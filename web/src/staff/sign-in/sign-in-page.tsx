import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { apiPostSigningIn, rememberCsrfToken } from '../../shared/api';
import { withNext } from '../session/next-path';
import { markSignedOut, nextStepPath, type SignInStep } from '../session/session-query';
import { useNextPath } from '../session/use-next-path';
import { signInErrorKey } from './sign-in-error';
import { SignInNoticeAlert } from './sign-in-notice';

interface Credentials {
  email: string;
  password: string;
}

/** Where other pages send people to sign in: with a notice, or with the e-mail address filled in. */
export interface SignInLocationState {
  notice?: 'session-ended' | 'signed-out' | 'set-up' | 'invitation-accepted';
  email?: string;
}

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const state = (useLocation().state ?? {}) as SignInLocationState;
  const next = useNextPath();
  useDocumentTitle(`${t('signIn.title')} · ${t('common.brand')}`);
  const [email, setEmail] = useState(state.email ?? '');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ email?: boolean; password?: boolean }>({});
  const queryClient = useQueryClient();
  useEffect(() => markSignedOut(queryClient), [queryClient]);

  const signIn = useMutation({
    mutationFn: (credentials: Credentials) => apiPostSigningIn<SignInStep>('/api/auth/login', credentials),
    onSuccess: async (step) => {
      rememberCsrfToken(step.csrfToken);
      await navigate(
        step.state === 'signed_in' ? (next ?? '/app') : withNext(nextStepPath(step.state), next),
        {
          replace: true,
        },
      );
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const nowMissing = { email: email.trim() === '', password: password === '' };
    setMissing(nowMissing);
    if (nowMissing.email || nowMissing.password) return;
    signIn.mutate({ email: email.trim(), password });
  }

  return (
    <Stack align="center" py={{ base: 'md', sm: 'xl' }}>
      <Paper component="section" w="100%" maw={420} p={{ base: 'lg', sm: 'xl' }} radius="lg" withBorder>
        <form onSubmit={submit} noValidate aria-labelledby="sign-in-title">
          <Stack gap="md">
            <Title order={1} id="sign-in-title" size="h2">
              {t('signIn.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('signIn.intro')}
            </Text>
            {state.notice && !signIn.isError && <SignInNoticeAlert notice={state.notice} />}
            {signIn.isError && (
              <Alert color="red" variant="light" title={t('signIn.errorTitle')} role="alert">
                {t(signInErrorKey(signIn.error))}
              </Alert>
            )}
            <TextInput
              label={t('signIn.emailLabel')}
              name="email"
              type="email"
              autoComplete="username"
              inputMode="email"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={missing.email ? t('signIn.emailRequired') : undefined}
            />
            <PasswordInput
              label={t('signIn.passwordLabel')}
              name="password"
              autoComplete="current-password"
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={missing.password ? t('signIn.passwordRequired') : undefined}
              autoFocus={state.email !== undefined}
            />
            <Button type="submit" fullWidth loading={signIn.isPending} mt="xs">
              {t('signIn.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
