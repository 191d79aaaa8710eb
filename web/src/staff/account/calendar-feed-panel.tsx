import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiPost, apiRequest } from '../../shared/api';
import { CopyTextButton } from '../../shared/copy-text-button';
import { requestErrorKey } from '../../shared/request-error';

/**
 * A private calendar feed of one's own appointments for a phone's calendar app (first name and
 * treatment only). The URL is shown once; making a new one or revoking stops the old one.
 */
export function CalendarFeedPanel({ staffId }: { staffId: string }) {
  const { t } = useTranslation();
  const create = useMutation({
    mutationFn: () => apiPost<{ url: string }>(`/api/staff/${encodeURIComponent(staffId)}/calendar-feed`, {}),
  });
  const revoke = useMutation({
    mutationFn: () =>
      apiRequest<void>(`/api/staff/${encodeURIComponent(staffId)}/calendar-feed`, { method: 'DELETE' }),
    onSuccess: () => create.reset(),
  });
  const error = create.error ?? revoke.error;
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="calendar-feed-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="calendar-feed-title">
          {t('account.calendarTitle')}
        </Title>
        <Text size="sm">{t('account.calendarIntro')}</Text>
        {error && (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(error))}
          </Alert>
        )}
        {create.data && (
          <Stack gap="xs">
            <Text ff="monospace" size="sm" style={{ wordBreak: 'break-all' }} data-testid="calendar-feed-url">
              {create.data.url}
            </Text>
            <CopyTextButton value={create.data.url} label={t('account.calendarCopy')} />
          </Stack>
        )}
        {revoke.isSuccess && !create.data && (
          <Alert color="teal" variant="light" role="status">
            {t('account.calendarRevoked')}
          </Alert>
        )}
        <Group gap="sm">
          <Button w="fit-content" loading={create.isPending} onClick={() => create.mutate()}>
            {t('account.calendarCreate')}
          </Button>
          <Button
            w="fit-content"
            variant="default"
            loading={revoke.isPending}
            onClick={() => revoke.mutate()}
          >
            {t('account.calendarRevoke')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
