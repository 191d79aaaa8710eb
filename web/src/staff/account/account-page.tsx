import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import { namesAnyField } from '../../shared/field-errors';
import { atLeast, REQUIRED, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { ROLE_LABEL } from '../session/role-label';
import { useSignedInSession } from '../session/session-query';
import { CalendarFeedPanel } from './calendar-feed-panel';

const passwordSchema = z
  .object({ currentPassword: z.string().min(1, REQUIRED), newPassword: atLeast(12), repeat: z.string() })
  .refine((values) => values.repeat === values.newPassword, {
    path: ['repeat'],
    message: 'fieldError.passwordsDiffer',
  });

export function AccountPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('account.title')} · ${t('common.brand')}`);
  const { staff } = useSignedInSession();
  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: { currentPassword: string; newPassword: string }) =>
      apiPost<void>('/api/auth/password', { currentPassword, newPassword }),
    onSuccess: (): void => form.reset(),
  });
  const { form, field, onSubmit } = useSchemaForm(
    passwordSchema,
    { currentPassword: '', newPassword: '', repeat: '' },
    change.error,
  );

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
        <form onSubmit={onSubmit((values) => change.mutate(values))} noValidate>
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
              {...field('currentPassword')}
            />
            <PasswordInput
              label={t('account.newPassword')}
              description={t('passwordRules.description')}
              autoComplete="new-password"
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
              required
              {...field('newPassword')}
            />
            <PasswordInput
              label={t('account.repeatPassword')}
              autoComplete="new-password"
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
              required
              {...field('repeat')}
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
