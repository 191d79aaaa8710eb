import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ApiError, apiPost } from '../../shared/api';
import { useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { useSignedInSession } from '../session/session-query';
import { SignOutButton } from '../session/sign-out-button';

// The password as typed (never trimmed): only its absence is checked here, the server judges it.
const lockSchema = z.object({ password: z.string().min(1, 'clientMode.passwordRequired') });

interface Props {
  onUnlocked: () => void;
  /** Offered when the client pressed "cancel" by mistake and the form is still unsigned. */
  onBackToForm?: () => void;
  /** The form could not be loaded (after a reload): say so, the staff member takes over. */
  formFailed?: boolean;
}

/**
 * The way out of client mode: the signed-in staff member types their password, and the server ends
 * client mode. Anyone else holding the tablet sees this screen and nothing behind it.
 */
export function ClientModeLock({ onUnlocked, onBackToForm, formFailed }: Props) {
  const { t } = useTranslation();
  const { staff } = useSignedInSession();
  const exit = useMutation({
    mutationFn: (values: z.output<typeof lockSchema>) => apiPost<void>('/api/auth/client-mode/exit', values),
    onSuccess: onUnlocked,
    onError: () => {
      form.setFieldValue('password', '');
    },
  });
  const { form, field, onSubmit } = useSchemaForm(lockSchema, { password: '' });

  const wrongPassword = exit.error instanceof ApiError && exit.error.status === 400;
  const password = field('password');
  const passwordError = password.error ?? (wrongPassword ? t('clientMode.wrongPassword') : undefined);
  return (
    <Stack align="center" py={{ base: 'md', sm: 'xl' }}>
      <Paper
        w="100%"
        maw={440}
        p={{ base: 'lg', sm: 'xl' }}
        radius="lg"
        withBorder
        data-testid="client-mode-lock"
      >
        <form
          onSubmit={onSubmit((values) => exit.mutate(values))}
          noValidate
          aria-labelledby="client-mode-lock-title"
        >
          <Stack gap="md">
            <Title order={1} size="h2" id="client-mode-lock-title">
              {t('clientMode.lockHeading')}
            </Title>
            <Text>{t('clientMode.lockText', { name: staff.name })}</Text>
            {formFailed && (
              <Alert color="yellow" variant="light">
                {t('clientMode.formFailed')}
              </Alert>
            )}
            {exit.isError && !wrongPassword && (
              <Alert color="red" variant="light" role="alert">
                {exit.error instanceof ApiError && exit.error.status === 429
                  ? t('clientMode.tooMany')
                  : t(requestErrorKey(exit.error))}
              </Alert>
            )}
            <PasswordInput
              label={t('clientMode.passwordLabel', { name: staff.name })}
              name="password"
              autoComplete="current-password"
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
              required
              {...password}
              error={passwordError}
              data-autofocus
            />
            <Button type="submit" fullWidth loading={exit.isPending}>
              {t('clientMode.unlock')}
            </Button>
            <Group justify="space-between" gap="sm">
              {onBackToForm ? (
                <Button variant="subtle" onClick={onBackToForm}>
                  {t('clientMode.backToForm')}
                </Button>
              ) : (
                <span />
              )}
              <SignOutButton />
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
