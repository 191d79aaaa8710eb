import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { z } from 'zod';
import { apiPostSigningIn, rememberCsrfToken } from '../../shared/api';
import { useSchemaForm } from '../../shared/form';
import { withNext } from '../session/next-path';
import { markSignedOut, nextStepPath, type SignInStep } from '../session/session-query';
import { useNextPath } from '../session/use-next-path';
import { signInErrorKey } from './sign-in-error';
import { SignInNoticeAlert } from './sign-in-notice';

// Signing in checks only that both are filled in: the server says whether they belong together, and
// an old account's address or password need not fit today's rules.
const credentialsSchema = z.object({
  email: z.string().trim().min(1, 'signIn.emailRequired'),
  password: z.string().min(1, 'signIn.passwordRequired'),
});
type Credentials = z.output<typeof credentialsSchema>;

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

  // The login's refusal is one message above the form, never at a field (it must not say which was wrong).
  const { field, onSubmit } = useSchemaForm(credentialsSchema, { email: state.email ?? '', password: '' });

  return (
    <Stack align="center" py={{ base: 'md', sm: 'xl' }}>
      <Paper component="section" w="100%" maw={420} p={{ base: 'lg', sm: 'xl' }} radius="lg" withBorder>
        <form
          onSubmit={onSubmit((credentials) => signIn.mutate(credentials))}
          noValidate
          aria-labelledby="sign-in-title"
        >
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
              {...field('email')}
            />
            <PasswordInput
              label={t('signIn.passwordLabel')}
              name="password"
              autoComplete="current-password"
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
              required
              {...field('password')}
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
