import '@mantine/charts/styles.css';
import { BarChart, BarsList, LineChart } from '@mantine/charts';
import {
  Alert,
  Group,
  Loader,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useZonedFormat } from '../../agenda/zoned-format';
import { EVERY_LOCATION, LocationPicker } from '../locations/location-picker';
import { type InsightsPeriod, useInsights } from './dashboard-query';

function ChartCard({
  title,
  text,
  children,
  testId,
}: {
  title: string;
  text?: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Paper p={{ base: 'sm', sm: 'lg' }} radius="lg" withBorder data-testid={testId}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {text && (
          <Text size="sm" c="dimmed">
            {text}
          </Text>
        )}
        {children}
      </Stack>
    </Paper>
  );
}

/** /app/insights: the owner's charts — counts and sums only, per week or month. */
export function InsightsPage() {
  const { t, i18n } = useTranslation('start');
  const { t: tc } = useTranslation();
  useDocumentTitle(`${t('insights.title')} · ${tc('common.brand')}`);
  const [period, setPeriod] = useState<InsightsPeriod>('weeks');
  const [locationId, setLocationId] = useState<string | null>(null);
  const { t: tl } = useTranslation('locations');
  const insights = useInsights(period, locationId === EVERY_LOCATION ? null : locationId);
  const when = useZonedFormat();
  const locale = i18n.resolvedLanguage === 'en' ? 'en-GB' : 'nl-NL';
  const money = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: 0,
  });
  const count = new Intl.NumberFormat(locale);
  // The server counts unknown browsers and systems as 'other': a word the owner must not see raw.
  const familyName = (family: string) => (family === 'other' ? t('insights.otherFamily') : family);
  const data = insights.data;
  const monthYear = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', year: '2-digit' });
  // Weeks by their Monday ("23 nov"), months by name ("nov 26").
  const label = (bucket: string) =>
    period === 'weeks' ? when.dayMonth(bucket) : monthYear.format(new Date(`${bucket}T00:00:00Z`));
  const wholeNumbers = { allowDecimals: false };
  const duration = (seconds: number) =>
    `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  const totals = data?.website.perBucket.reduce(
    (sum, b) => ({
      views: sum.views + b.views,
      visits: sum.visits + b.visits,
      seconds: sum.seconds + b.averageSeconds * b.visits,
    }),
    { views: 0, visits: 0, seconds: 0 },
  );
  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap={4}>
        <Title order={1}>{t('insights.title')}</Title>
        <Text c="dimmed">{t('insights.intro')}</Text>
      </Stack>
      <Group align="flex-end">
        <SegmentedControl
          aria-label={t('insights.period')}
          value={period}
          onChange={(value) => setPeriod(value as InsightsPeriod)}
          data={[
            { value: 'weeks', label: t('insights.weeks') },
            { value: 'months', label: t('insights.months') },
          ]}
        />
        <LocationPicker value={locationId} onChange={setLocationId} everyLabel={tl('everyLocation')} />
      </Group>
      {insights.isPending && <Loader size="sm" role="status" aria-label={t('insights.title')} />}
      {insights.isError && <Alert color="red">{t('insights.loadFailed')}</Alert>}
      {data && totals && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <ChartCard
            title={t('insights.website')}
            text={t('insights.totalsLabel', {
              views: count.format(totals.views),
              visits: count.format(totals.visits),
              time: duration(totals.visits ? Math.round(totals.seconds / totals.visits) : 0),
            })}
            testId="chart-website"
          >
            <LineChart
              h={220}
              data={data.website.perBucket.map((b) => ({ ...b, label: label(b.bucket) }))}
              dataKey="label"
              curveType="linear"
              yAxisProps={wholeNumbers}
              withLegend
              series={[
                { name: 'views', label: t('insights.views'), color: 'blue.6' },
                { name: 'visits', label: t('insights.visits'), color: 'teal.6' },
              ]}
              valueFormatter={(v) => count.format(v)}
            />
            <SimpleGrid cols={2} spacing="md">
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {t('insights.browsers')}
                </Text>
                <BarsList
                  data={data.website.browsers.map((b) => ({
                    name: familyName(b.family),
                    value: b.visits,
                    color: 'blue.1',
                  }))}
                  valueFormatter={(v) => count.format(v)}
                  barTextColor="dark.7"
                />
              </Stack>
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {t('insights.systems')}
                </Text>
                <BarsList
                  data={data.website.systems.map((b) => ({
                    name: familyName(b.family),
                    value: b.visits,
                    color: 'teal.1',
                  }))}
                  valueFormatter={(v) => count.format(v)}
                  barTextColor="dark.7"
                />
              </Stack>
            </SimpleGrid>
          </ChartCard>
          <ChartCard title={t('insights.bookings')} testId="chart-bookings">
            <BarChart
              h={260}
              type="stacked"
              yAxisProps={wholeNumbers}
              data={data.bookings.map((b) => ({ ...b, label: label(b.bucket) }))}
              dataKey="label"
              withLegend
              series={[
                { name: 'desk', label: t('insights.desk'), color: 'indigo.6' },
                { name: 'online', label: t('insights.online'), color: 'cyan.5' },
              ]}
            />
          </ChartCard>
          <ChartCard title={t('insights.revenue')} testId="chart-revenue">
            <BarChart
              h={260}
              data={data.revenue.map((b) => ({
                label: label(b.bucket),
                total: b.totalCents / 100,
                vat: b.vatCents / 100,
              }))}
              dataKey="label"
              withLegend
              valueFormatter={(v) => money.format(v)}
              series={[
                { name: 'total', label: t('insights.total'), color: 'teal.7' },
                { name: 'vat', label: t('insights.vat'), color: 'gray.5' },
              ]}
            />
          </ChartCard>
          <ChartCard title={t('insights.attendance')} testId="chart-attendance">
            <BarChart
              h={260}
              yAxisProps={wholeNumbers}
              data={data.attendance.map((b) => ({ ...b, label: label(b.bucket) }))}
              dataKey="label"
              withLegend
              series={[
                { name: 'noShows', label: t('insights.noShows'), color: 'red.6' },
                { name: 'cancellations', label: t('insights.cancellations'), color: 'orange.5' },
              ]}
            />
          </ChartCard>
          <ChartCard
            title={t('insights.utilisation')}
            text={t('insights.utilisationText')}
            testId="chart-utilisation"
          >
            {data.utilisation.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('insights.noData')}
              </Text>
            ) : (
              <Stack gap="sm">
                {data.utilisation.map((u) => {
                  const percent = u.workingMinutes
                    ? Math.round((100 * u.bookedMinutes) / u.workingMinutes)
                    : 0;
                  return (
                    <Stack key={u.practitionerId} gap={2}>
                      <Group justify="space-between" gap="xs">
                        <Text size="sm" fw={600}>
                          {u.name}
                        </Text>
                        <Text size="sm">{percent}%</Text>
                      </Group>
                      <Progress value={Math.min(percent, 100)} aria-label={`${u.name}: ${percent}%`} />
                      <Text size="xs" c="dimmed">
                        {t('insights.booked', {
                          booked: count.format(Math.round(u.bookedMinutes / 60)),
                          working: count.format(Math.round(u.workingMinutes / 60)),
                        })}
                      </Text>
                    </Stack>
                  );
                })}
              </Stack>
            )}
          </ChartCard>
        </SimpleGrid>
      )}
    </Stack>
  );
}
