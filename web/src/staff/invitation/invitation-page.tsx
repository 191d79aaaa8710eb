import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { ApiError, apiPostSigningIn } from '../../shared/api';
import { namesAnyField } from '../../shared/field-errors';
import { atLeast, useSchemaForm, withRepeatedPassword } from '../../shared/form';
import { useHashValue } from '../../shared/location-hash';
import { requestErrorKey } from '../../shared/request-error';
import type { SignInLocationState } from '../sign-in/sign-in-page';

const passwordSchema = withRepeatedPassword(z.object({ password: atLeast(12), repeat: z.string() }));

/** Accepting an invitation: the new team member chooses a password, then signs in. */
export function InvitationPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('invitation.title')} · ${t('common.brand')}`);
  const navigate = useNavigate();
  const token = useHashValue('token');
  const accept = useMutation({
    mutationFn: (password: string) =>
      apiPostSigningIn<{ email: string }>('/api/invitations/accept', { token, password }),
    onSuccess: async ({ email }) => {
      const state: SignInLocationState = { notice: 'invitation-accepted', email };
      // The address and the page change together (see the set-up page).
      await navigate('/app/login', { replace: true, state, flushSync: true });
    },
  });
  const { field, onSubmit } = useSchemaForm(passwordSchema, { password: '', repeat: '' }, accept.error);

  const status = accept.error instanceof ApiError ? accept.error.status : undefined;
  return (
    <Stack align="center" py={{ base: 'md', sm: 'xl' }}>
      <Paper component="section" w="100%" maw={460} p={{ base: 'lg', sm: 'xl' }} radius="lg" withBorder>
        <form
          onSubmit={onSubmit(({ password }) => accept.mutate(password))}
          noValidate
          aria-labelledby="invitation-title"
        >
          <Stack gap="md">
            <Title order={1} id="invitation-title" size="h2">
              {t('invitation.title')}
            </Title>
            {!token ? (
              <Alert color="yellow" variant="light" role="alert">
                {t('invitation.noToken')}
              </Alert>
            ) : (
              <>
                <Text>{t('invitation.intro')}</Text>
                {accept.isError && !namesAnyField(accept.error, ['password']) && (
                  <Alert color="red" variant="light" role="alert" title={t('invitation.errorTitle')}>
                    {status === 404 ? t('invitation.errorUsed') : t(requestErrorKey(accept.error))}
                  </Alert>
                )}
                <PasswordInput
                  label={t('invitation.password')}
                  description={t('passwordRules.description')}
                  autoComplete="new-password"
                  visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
                  required
                  {...field('password')}
                />
                <PasswordInput
                  label={t('invitation.repeatPassword')}
                  autoComplete="new-password"
                  visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
                  required
                  {...field('repeat')}
                />
                <Button type="submit" loading={accept.isPending}>
                  {t('invitation.submit')}
                </Button>
              </>
            )}
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
