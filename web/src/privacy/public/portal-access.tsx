import { Accordion, Alert, Badge, Button, Group, List, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import { usePrivacyText } from '../privacy-text';
import type { PortalAccessLog } from '../privacy-types';
import { linkExpired } from './portal-overview';

const ROLES = ['owner', 'practitioner', 'reception', 'system'] as const;
const ACTIONS = [
  'create',
  'read',
  'update',
  'delete',
  'search',
  'print',
  'export',
  'disclose',
  'break_glass',
  'sign',
  'merge',
  'assign',
  'refuse',
  'verify',
  'review',
] as const;
const OWN = ['erasure_request', 'correction_request', 'consent', 'disclosure'] as const;
const known = <T extends string>(list: readonly T[], value: string | null): value is T =>
  value !== null && (list as readonly string[]).includes(value);

type Day = PortalAccessLog['days'][number];

/**
 * Who opened the dossier, by role and day (staff names stay inside the clinic): one collapsible
 * block per day, newest first, what the client did themselves at the top of a day, each role's
 * acts counted. The server sends 30 days at a time; "older" asks for the next 30.
 */
export function PortalAccess({
  token,
  log,
  onExpired,
}: {
  token: string;
  log: PortalAccessLog;
  onExpired: () => void;
}) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('correction');
  const [more, setMore] = useState<PortalAccessLog[]>([]);
  const last = more.at(-1) ?? log;
  const older = useMutation({
    mutationFn: (before: string) =>
      apiPost<PortalAccessLog>('/api/public/privacy-portal/access-log', { token, before }),
    onSuccess: (page) => setMore((pages) => [...pages, page]),
    onError: (error) => {
      if (linkExpired(error)) onExpired();
    },
  });
  const days = [log, ...more].flatMap((page) => page.days);
  if (days.length === 0) return <Text c="dimmed">{tc('log.empty')}</Text>;
  return (
    <Stack gap="sm">
      <Text size="sm">{tc('log.intro')}</Text>
      <Accordion
        multiple
        defaultValue={days[0] ? [days[0].date] : []}
        variant="separated"
        radius="md"
        data-testid="portal-access-log"
      >
        {days.map((day) => (
          <AccessDay key={day.date} day={day} />
        ))}
      </Accordion>
      {older.isError && !linkExpired(older.error) && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(older.error))}
        </Alert>
      )}
      {last.older && (
        <Button
          variant="light"
          w={{ base: '100%', sm: 'fit-content' }}
          loading={older.isPending}
          onClick={() => last.older && older.mutate(last.older)}
        >
          {tc('log.older')}
        </Button>
      )}
    </Stack>
  );
}

function AccessDay({ day }: { day: Day }) {
  const { i18n } = useTranslation();
  const { t: tc } = useTranslation('correction');
  const tp = usePrivacyText();
  const role = (value: string) => (known(ROLES, value) ? tp(`role.${value}`) : value);
  const action = (value: string) => (known(ACTIONS, value) ? tp(`accessAction.${value}`) : value);
  const date = new Intl.DateTimeFormat(i18n.resolvedLanguage === 'en' ? 'en-GB' : 'nl-NL', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day.date}T12:00:00Z`));
  const total = day.groups.reduce((sum, group) => sum + group.count, 0);
  const own = day.groups.some((group) => group.role === 'client');
  return (
    <Accordion.Item value={day.date} data-testid="portal-access-day">
      <Accordion.Control>
        <Group gap="xs" wrap="wrap" justify="space-between" pr="xs">
          <Text fw={600} size="sm">
            {date}
          </Text>
          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
            {own && (
              <Badge variant="light" color="teal" tt="none">
                {tc('log.you')}
              </Badge>
            )}
            <Badge variant="light" color="gray" tt="none">
              {tc('log.entries', { count: total })}
            </Badge>
          </Group>
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <List spacing={4} size="sm" listStyleType="none" m={0} p={0}>
          {day.groups.map((group) => (
            <List.Item key={`${group.role}-${group.action}-${group.objectType ?? ''}`}>
              {group.role === 'client' ? (
                <Text size="sm" span fw={600}>
                  {tc('log.you')} —{' '}
                  {tc(`log.own.${known(OWN, group.objectType) ? group.objectType : 'other'}`)}
                </Text>
              ) : (
                <Text size="sm" span>
                  <Text span fw={600}>
                    {role(group.role)}
                  </Text>{' '}
                  — {action(group.action).toLowerCase()} {tc('log.times', { count: group.count })}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      </Accordion.Panel>
    </Accordion.Item>
  );
}
