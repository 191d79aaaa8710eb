import { Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useZonedFormat } from '../../agenda/zoned-format';
import type { ReceptionDashboard } from './dashboard-query';
import { StartItem, StartSection } from './start-item';

/** Reception's day: arrivals with their status, the counts, and whom to ask for consent (P1.3). */
export function ReceptionStart({ page }: { page: ReceptionDashboard }) {
  const { t } = useTranslation('start');
  const when = useZonedFormat();
  const counts = [
    ['expected', page.counts.expected],
    ['arrived', page.counts.arrived],
    ['toCome', page.counts.toCome],
    ['noShow', page.counts.noShow],
  ] as const;
  return (
    <>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="start-counts">
        {counts.map(([key, value]) => (
          <Paper key={key} p="md" radius="lg" withBorder>
            <Stack gap={0}>
              <Text fz={28} fw={700} lh={1.1}>
                {value}
              </Text>
              <Text size="sm" c="dimmed">
                {t(`reception.${key}`)}
              </Text>
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
      <StartSection
        title={t('reception.consentTitle')}
        empty={t('reception.noConsent')}
        testId="start-consent"
      >
        {page.askForConsent.length > 0
          ? [
              <Text key="why" size="sm" component="li">
                {t('reception.consentText')}
              </Text>,
              ...page.askForConsent.map((c) => (
                <StartItem
                  key={c.clientId}
                  to={`/app/clients/${c.clientId}`}
                  label={c.name}
                  detail={when.time(c.startsAt)}
                />
              )),
            ]
          : []}
      </StartSection>
      <StartSection
        title={`${t('reception.title')} · ${when.longDate(page.date)}`}
        empty={t('nothingToday')}
        testId="start-today"
      >
        {page.today.map((a) => (
          <StartItem
            key={a.id}
            to={a.client ? `/app/clients/${a.client.id}` : '/app/agenda'}
            label={`${when.time(a.startsAt)} · ${a.client ? a.client.name : t('hiddenClient')}`}
            detail={[a.treatmentName, t('reception.with', { name: a.practitionerName })]
              .filter(Boolean)
              .join(' · ')}
            badge={t(`status.${a.status}`)}
            badgeColor={
              a.status === 'checked_in' || a.status === 'completed'
                ? 'teal'
                : a.status === 'no_show'
                  ? 'red'
                  : 'gray'
            }
          />
        ))}
      </StartSection>
    </>
  );
}
