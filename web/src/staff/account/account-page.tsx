import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import { ROLE_LABEL } from '../session/role-label';
import { useSignedInSession } from '../session/session-query';
import { CalendarFeedPanel } from './calendar-feed-panel';

const MIN_PASSWORD = 12;
type Errors = { currentPassword?: string; newPassword?: string; repeat?: string };

export function AccountPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('account.title')} · ${t('common.brand')}`);
  const { staff } = useSignedInSession();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  const change = useMutation({
    mutationFn: () => apiPost<void>('/api/auth/password', { currentPassword, newPassword }),
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      setRepeat('');
    },
    onError: (error) =>
      setErrors({
        currentPassword: fieldErrorText(t, error, 'currentPassword'),
        newPassword: fieldErrorText(t, error, 'newPassword'),
      }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Errors = {
      currentPassword: currentPassword === '' ? t('fieldError.required') : undefined,
      newPassword:
        newPassword.length < MIN_PASSWORD ? t('fieldError.tooShort', { min: MIN_PASSWORD }) : undefined,
      repeat: repeat !== newPassword ? t('fieldError.passwordsDiffer') : undefined,
    };
    setErrors(found);
    if (!found.currentPassword && !found.newPassword && !found.repeat) change.mutate();
  }

  return (
    <Stack gap="lg" maw={560}>
      <Title order={1}>{t('account.title')}</Title>
      <Paper p="md" radius="lg" withBorder>
        <Text fw={500}>{staff.name}</Text>
        <Text size="sm" c="dimmed">
          {staff.email} · {t(ROLE_LABEL[staff.role])}
        </Text>
      </Paper>
      <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="password-title">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Title order={2} size="h3" id="password-title">
              {t('account.passwordTitle')}
            </Title>
            <Text size="sm">{t('account.passwordIntro')}</Text>
            {change.isSuccess && (
              <Alert color="teal" variant="light" role="status">
                {t('account.passwordChanged')}
              </Alert>
            )}
            {change.isError && !namesAnyField(change.error, ['currentPassword', 'newPassword']) && (
              <Alert color="red" variant="light" role="alert">
                {t(requestErrorKey(change.error))}
              </Alert>
            )}
            <PasswordInput
              label={t('account.currentPassword')}
              autoComplete="current-password"
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
              required
              value={currentPassword}
              onChange={(e) => setCurrentPassword(e.currentTarget.value)}
              error={errors.currentPassword}
            />
            <PasswordInput
              label={t('account.newPassword')}
              description={t('passwordRules.description')}
              autoComplete="new-password"
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
              required
              value={newPassword}
              onChange={(e) => setNewPassword(e.currentTarget.value)}
              error={errors.newPassword}
            />
            <PasswordInput
              label={t('account.repeatPassword')}
              autoComplete="new-password"
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
              required
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
              error={errors.repeat}
            />
            <Button type="submit" loading={change.isPending} w="fit-content">
              {t('account.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
      {staff.role !== 'reception' && <CalendarFeedPanel staffId={staff.id} />}
    </Stack>
  );
}
