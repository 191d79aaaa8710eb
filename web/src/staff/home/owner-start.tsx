import { Anchor, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useZonedFormat } from '../../agenda/zoned-format';
import type { OwnerDashboard } from './dashboard-query';
import { StartItem, StartSection } from './start-item';

const CHECKLIST_LINKS: Record<keyof OwnerDashboard['checklist'], string | null> = {
  address: '/app/invoices',
  openingHours: '/app/agenda/schedule',
  catalogue: '/app/catalogue',
  team: '/app/team',
  mailServer: '/app/outbox',
};

/** The owner's tasks with deadlines, and a first-run checklist until everything is set up. */
export function OwnerStart({ page }: { page: OwnerDashboard }) {
  const { t } = useTranslation('start');
  const { t: tc } = useTranslation('correction');
  const when = useZonedFormat();
  const { tasks } = page;
  const checklist = Object.entries(page.checklist) as [keyof OwnerDashboard['checklist'], boolean][];
  const items = [
    ...tasks.erasureRequests.map((e) => (
      <StartItem
        key={`erasure-${e.id}`}
        to="/app/privacy?tab=erasure"
        label={e.clientName ? t('owner.erasure', { name: e.clientName }) : t('owner.erasureUnknown')}
        badge={e.daysLeft < 0 ? t('owner.overdue') : t('owner.daysLeft', { count: e.daysLeft })}
        badgeColor={e.daysLeft <= 3 ? 'red' : 'orange'}
      />
    )),
    ...tasks.correctionRequests.map((c) => (
      <StartItem
        key={`correction-${c.id}`}
        to="/app/privacy?tab=corrections"
        label={c.clientName ? tc('start.label', { name: c.clientName }) : tc('start.labelUnknown')}
        badge={c.daysLeft < 0 ? t('owner.overdue') : t('owner.daysLeft', { count: c.daysLeft })}
        badgeColor={c.daysLeft <= 3 ? 'red' : 'orange'}
      />
    )),
    ...tasks.incidents.map((i) => (
      <StartItem
        key={`incident-${i.id}`}
        to="/app/privacy?tab=incidents"
        label={t('owner.incident', { date: when.shortDateTime(i.reportedAt) })}
        detail={i.assessed ? t('owner.incidentAssessed') : undefined}
        badge={i.hoursLeft < 0 ? t('owner.hoursOver') : t('owner.hoursLeft', { count: i.hoursLeft })}
        badgeColor={i.hoursLeft < 24 ? 'red' : 'orange'}
      />
    )),
    ...(tasks.breakGlassToReview.count > 0
      ? [
          <StartItem
            key="break-glass"
            to="/app/audit"
            label={t('owner.breakGlass', { count: tasks.breakGlassToReview.count })}
            detail={
              tasks.breakGlassToReview.oldestAt
                ? when.shortDateTime(tasks.breakGlassToReview.oldestAt)
                : undefined
            }
            badgeColor="orange"
          />,
        ]
      : []),
    ...(tasks.retentionDue.count > 0
      ? [
          <StartItem
            key="retention"
            to="/app/privacy?tab=retention"
            label={t('owner.retention', { count: tasks.retentionDue.count })}
            detail={
              tasks.retentionDue.firstDueAt ? when.shortDateTime(tasks.retentionDue.firstDueAt) : undefined
            }
          />,
        ]
      : []),
    ...(tasks.backup.result !== 'ok' || tasks.backup.stale
      ? [
          <StartItem
            key="backup"
            to="/app/privacy"
            label={
              tasks.backup.result === 'none'
                ? t('owner.backupNone')
                : tasks.backup.result === 'failed'
                  ? t('owner.backupFailed')
                  : t('owner.backupStale', {
                      date: tasks.backup.at ? when.shortDateTime(tasks.backup.at) : '—',
                    })
            }
            badgeColor="red"
          />,
        ]
      : []),
    ...(tasks.mail.waiting + tasks.mail.failed > 0
      ? [
          <StartItem
            key="mail"
            to="/app/outbox"
            label={t('owner.mail', { count: tasks.mail.waiting + tasks.mail.failed })}
            badge={tasks.mail.failed > 0 ? t('owner.mailFailed', { count: tasks.mail.failed }) : undefined}
            badgeColor="red"
          />,
        ]
      : []),
  ];
  return (
    <>
      {checklist.some(([, done]) => !done) && (
        <Paper p={{ base: 'md', sm: 'lg' }} radius="lg" withBorder data-testid="start-checklist">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('owner.checklistTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('owner.checklistText')}
            </Text>
            <List spacing="xs" listStyleType="none" p={0}>
              {checklist.map(([key, done]) => {
                const link = CHECKLIST_LINKS[key];
                const label = t(`owner.checklist.${key}`);
                return (
                  <List.Item
                    key={key}
                    icon={
                      <ThemeIcon
                        size={22}
                        radius="xl"
                        color={done ? 'teal' : 'gray'}
                        variant={done ? 'filled' : 'light'}
                      >
                        <span aria-hidden>{done ? '✓' : '·'}</span>
                      </ThemeIcon>
                    }
                  >
                    <Text
                      span
                      size="sm"
                      td={done ? 'line-through' : undefined}
                      c={done ? 'dimmed' : undefined}
                    >
                      {link && !done ? (
                        <Anchor component={Link} to={link} size="sm">
                          {label}
                        </Anchor>
                      ) : (
                        label
                      )}
                    </Text>
                    <Text span size="xs" c="dimmed" ml={6}>
                      ({done ? t('owner.done') : t('owner.todo')})
                    </Text>
                  </List.Item>
                );
              })}
            </List>
          </Stack>
        </Paper>
      )}
      <StartSection title={t('owner.title')} empty={t('owner.allDone')} testId="start-tasks">
        {items}
      </StartSection>
      <Text size="sm">
        <Anchor component={Link} to="/app/agenda">
          {t('owner.today', { count: page.todayCount })}
        </Anchor>
        {' · '}
        <Anchor component={Link} to="/app/insights">
          {t('owner.insightsLink')}
        </Anchor>
      </Text>
    </>
  );
}
