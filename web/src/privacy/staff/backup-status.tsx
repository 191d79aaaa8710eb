import { Alert, Button, Group, Loader, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiGet, apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { useFileSize } from '../../shared/file-size';
import { requestErrorKey } from '../../shared/request-error';
import { privacyKeys } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { BackupStatus } from '../privacy-types';

/**
 * The owner's view of the backups: when the last one was made, how big, whether it worked, a
 * warning when the last good one is more than two days old (or there is none), and a backup now.
 */
export function BackupStatusPanel() {
  const { t, i18n } = useTranslation();
  const tp = usePrivacyText();
  const time = useClinicTime();
  const size = useFileSize();
  const queryClient = useQueryClient();
  const make = useMutation({
    mutationFn: () => apiPost<BackupStatus>('/api/backups'),
    onSuccess: (status) => queryClient.setQueryData(privacyKeys.lastBackup, status),
  });
  // While a backup is being made (this button, the night's job, another instance) the page asks
  // every second how far it is.
  const last = useQuery({
    queryKey: privacyKeys.lastBackup,
    queryFn: ({ signal }) => apiGet<BackupStatus>('/api/backups/last', signal),
    refetchInterval: (query) => (make.isPending || query.state.data?.running ? 1000 : false),
  });
  const seconds = new Intl.NumberFormat(i18n.resolvedLanguage === 'en' ? 'en-GB' : 'nl-NL', {
    maximumFractionDigits: 1,
  });
  const status = last.data;
  return (
    <Paper
      component="section"
      p="md"
      radius="lg"
      withBorder
      aria-labelledby="backup-title"
      data-testid="backup-status"
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={2} size="h4" id="backup-title">
            {tp('backup.title')}
          </Title>
          <Button
            variant="light"
            loading={make.isPending || Boolean(status?.running)}
            disabled={!status}
            onClick={() => make.mutate()}
          >
            {tp('backup.makeNow')}
          </Button>
        </Group>
        {last.isPending && <Loader size="sm" role="status" aria-label={t('common.loading')} />}
        {last.isError && (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(last.error))}
          </Alert>
        )}
        {status && (
          <>
            <Text size="sm">{tp('backup.intro', { days: status.keepDays })}</Text>
            <SimpleGrid component="dl" cols={{ base: 1, sm: 3 }} spacing="xs" my={0}>
              <div>
                <Text component="dt" size="xs" c="dimmed">
                  {tp('backup.at')}
                </Text>
                <Text component="dd" size="sm" m={0} data-testid="backup-at">
                  {status.at ? time.dateTime(status.at) : '—'}
                </Text>
              </div>
              <div>
                <Text component="dt" size="xs" c="dimmed">
                  {tp('backup.size')}
                </Text>
                <Text component="dd" size="sm" m={0} data-testid="backup-size">
                  {status.bytes === null ? '—' : size(status.bytes)}
                </Text>
              </div>
              <div>
                <Text component="dt" size="xs" c="dimmed">
                  {tp('backup.result')}
                </Text>
                <Text
                  component="dd"
                  size="sm"
                  m={0}
                  c={status.result === 'failed' ? 'red' : undefined}
                  data-testid="backup-result"
                >
                  {tp(`backup.resultName.${status.result}`)}
                </Text>
              </div>
            </SimpleGrid>
            {status.result === 'failed' && status.at && (
              <Alert color="red" variant="light" role="alert">
                {tp('backup.failed', { date: time.dateTime(status.at), error: status.error ?? '' })}
              </Alert>
            )}
            {status.stale && (
              <Alert
                color="orange"
                variant="light"
                role="alert"
                data-testid="backup-warning"
                title={status.lastGoodAt ? tp('backup.staleTitle') : tp('backup.noneTitle')}
              >
                {status.lastGoodAt
                  ? tp('backup.stale', { date: time.dateTime(status.lastGoodAt) })
                  : tp('backup.none')}
              </Alert>
            )}
          </>
        )}
        {(make.isPending || status?.running) && (
          <Stack gap={4} data-testid="backup-running">
            <Text size="sm" c="dimmed" role="status">
              {tp('backup.making')}
            </Text>
            {status?.running && status.running.total > 0 && (
              <>
                <Progress
                  value={(100 * status.running.done) / status.running.total}
                  aria-label={tp('backup.running', {
                    step: tp(`backup.step.${status.running.step}`),
                    done: status.running.done,
                    total: status.running.total,
                  })}
                  animated
                />
                <Text size="xs" c="dimmed" data-testid="backup-progress">
                  {tp('backup.running', {
                    step: tp(`backup.step.${status.running.step}`),
                    done: status.running.done,
                    total: status.running.total,
                  })}{' '}
                  · {tp('backup.runningSince', { time: time.dateTime(status.running.startedAt) })}
                </Text>
              </>
            )}
          </Stack>
        )}
        {make.isError && (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(make.error))}
          </Alert>
        )}
        {make.data?.result === 'ok' && make.data.bytes !== null && (
          <Alert color="teal" variant="light" role="status" data-testid="backup-made">
            {tp('backup.made', {
              size: size(make.data.bytes),
              seconds: seconds.format(make.data.seconds ?? 0),
            })}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
