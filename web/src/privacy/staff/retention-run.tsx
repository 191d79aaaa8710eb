import { Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { privacyKeys } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { RetentionRun } from '../privacy-types';

/**
 * The retention run (the nightly job, or one the administrator started), on whichever instance it
 * runs: how far it is while it goes, asked every second, and what the last one did. Asked again
 * every half minute otherwise, so a run that starts while the page is open shows up.
 */
export function RetentionRunPanel() {
  const { i18n } = useTranslation();
  const tp = usePrivacyText();
  const time = useClinicTime();
  const queryClient = useQueryClient();
  const run = useQuery({
    queryKey: privacyKeys.retentionRun,
    queryFn: ({ signal }) => apiGet<RetentionRun>('/api/retention/run', signal),
    refetchInterval: (query) => (query.state.data?.running ? 1000 : 30_000),
  });
  // A run that ended changed what is due: the list below is read again.
  const wasRunning = useRef(false);
  const running = run.data?.running ?? null;
  useEffect(() => {
    if (wasRunning.current && !running)
      void queryClient.invalidateQueries({ queryKey: ['privacy', 'retention'] });
    wasRunning.current = running !== null;
  }, [running, queryClient]);
  if (!run.data) return null;
  const last = run.data.last;
  const seconds = new Intl.NumberFormat(i18n.resolvedLanguage === 'en' ? 'en-GB' : 'nl-NL', {
    maximumFractionDigits: 1,
  });
  const step = running && tp(`retention.run.step.${running.step}`);
  return (
    <Paper p="sm" radius="md" withBorder data-testid="retention-run">
      <Stack gap={6}>
        <Title order={3} size="h5">
          {tp('retention.run.title')}
        </Title>
        {running ? (
          <>
            <Text size="sm" role="status">
              {tp('retention.run.running')}
            </Text>
            <Progress
              value={
                running.step === 'dossiers' && running.total > 0 ? (100 * running.done) / running.total : 0
              }
              aria-label={step ?? ''}
              animated
            />
            <Text size="xs" c="dimmed" data-testid="retention-run-progress">
              {running.step === 'dossiers'
                ? tp('retention.run.progress', { step: step ?? '', done: running.done, total: running.total })
                : step}{' '}
              · {tp('retention.run.since', { time: time.dateTime(running.startedAt) })}
            </Text>
          </>
        ) : (
          <Text
            size="sm"
            c={last && last.outcome !== 'ok' ? 'orange' : undefined}
            data-testid="retention-run-last"
          >
            {!last
              ? tp('retention.run.none')
              : last.outcome === 'ok' && last.summary
                ? tp('retention.run.ok', {
                    time: time.dateTime(last.endedAt),
                    destroyed: last.summary.destroyed,
                    due: last.summary.due,
                    contact: last.summary.contactRequestsDestroyed,
                    financial: last.summary.financialRecordsDestroyed,
                    seconds: seconds.format(last.summary.seconds),
                  })
                : last.outcome === 'interrupted'
                  ? tp('retention.run.interrupted', {
                      time: time.dateTime(last.startedAt),
                      stopped: time.dateTime(last.endedAt),
                    })
                  : tp('retention.run.failed', { time: time.dateTime(last.startedAt) })}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {tp('retention.run.schedule')}
        </Text>
      </Stack>
    </Paper>
  );
}
