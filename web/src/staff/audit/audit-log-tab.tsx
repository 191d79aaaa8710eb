import {
  Alert,
  Anchor,
  Badge,
  Button,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { useTeam } from '../team/team-query';
import { roleLabel } from './audit-roles';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditEntry } from './audit-types';
import { useStaffName } from './staff-names';

const PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Filters {
  action: string | null;
  outcome: string | null;
  actorId: string | null;
  clientId: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { action: null, outcome: null, actorId: null, clientId: '', from: '', to: '' };

/** A day picked in the form, as the instant it starts or ends (the browser's zone is the clinic's). */
function dayBoundary(day: string, end: boolean): string {
  const date = new Date(`${day}T00:00:00`);
  if (end) date.setDate(date.getDate() + 1);
  return date.toISOString();
}

function searchParams(filters: Filters, beforeSeq?: number): string {
  const params = new URLSearchParams({ limit: String(PAGE) });
  if (filters.action) params.set('action', filters.action);
  if (filters.outcome) params.set('outcome', filters.outcome);
  if (filters.actorId) params.set('actorId', filters.actorId);
  if (UUID.test(filters.clientId.trim())) params.set('clientId', filters.clientId.trim());
  if (filters.from) params.set('from', dayBoundary(filters.from, false));
  if (filters.to) params.set('to', dayBoundary(filters.to, true));
  if (beforeSeq) params.set('beforeSeq', String(beforeSeq));
  return params.toString();
}

export function AuditLogTab() {
  const { t } = useTranslation();
  const team = useTeam();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const set =
    <K extends keyof Filters>(key: K) =>
    (value: Filters[K]) =>
      setFilters((current) => ({ ...current, [key]: value }));
  const clientIdInvalid = filters.clientId.trim() !== '' && !UUID.test(filters.clientId.trim());

  const log = useInfiniteQuery({
    queryKey: ['audit', 'log', filters],
    queryFn: ({ pageParam, signal }) =>
      apiGet<AuditEntry[]>(`/api/audit?${searchParams(filters, pageParam)}`, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.length < PAGE ? undefined : last[last.length - 1]?.seq),
  });
  const entries = log.data?.pages.flat() ?? [];

  return (
    <Stack gap="md">
      <Paper p="md" radius="lg" withBorder component="section" aria-label={t('audit.filters')}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
          <Select
            label={t('audit.action')}
            placeholder={t('audit.any')}
            data={AUDIT_ACTIONS.map((action) => ({ value: action, label: t(`auditAction.${action}`) }))}
            value={filters.action}
            onChange={set('action')}
            clearable
            searchable
          />
          <Select
            label={t('audit.outcome')}
            placeholder={t('audit.any')}
            data={AUDIT_OUTCOMES.map((outcome) => ({ value: outcome, label: t(`auditOutcome.${outcome}`) }))}
            value={filters.outcome}
            onChange={set('outcome')}
            clearable
          />
          <Select
            label={t('audit.actor')}
            placeholder={t('audit.any')}
            data={(team.data ?? []).map((member) => ({ value: member.id, label: member.name }))}
            value={filters.actorId}
            onChange={set('actorId')}
            clearable
            searchable
          />
          <TextInput
            label={t('audit.clientId')}
            value={filters.clientId}
            onChange={(e) => set('clientId')(e.currentTarget.value)}
            error={clientIdInvalid ? t('audit.clientIdInvalid') : undefined}
            autoComplete="off"
          />
          <TextInput
            label={t('audit.from')}
            type="date"
            value={filters.from}
            onChange={(e) => set('from')(e.currentTarget.value)}
          />
          <TextInput
            label={t('audit.to')}
            type="date"
            value={filters.to}
            onChange={(e) => set('to')(e.currentTarget.value)}
          />
        </SimpleGrid>
        <Button variant="subtle" size="compact-sm" mt="sm" onClick={() => setFilters(NO_FILTERS)}>
          {t('audit.clearFilters')}
        </Button>
      </Paper>
      {log.isPending && <Loader role="status" aria-label={t('common.loading')} />}
      {log.isError && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(log.error))}
        </Alert>
      )}
      {log.isSuccess && entries.length === 0 && <Text c="dimmed">{t('audit.empty')}</Text>}
      {entries.length > 0 && <AuditTable entries={entries} />}
      {log.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void log.fetchNextPage()}
          loading={log.isFetchingNextPage}
          w="fit-content"
        >
          {t('audit.loadOlder')}
        </Button>
      )}
    </Stack>
  );
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { t } = useTranslation();
  const words = useAuditWords();
  const time = useClinicTime();
  const staffName = useStaffName();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="xs" striped data-testid="audit-log">
        <Table.Caption>{t('audit.timeZoneNote', { zone: time.timeZone })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('audit.at')}</Table.Th>
            <Table.Th>{t('audit.actor')}</Table.Th>
            <Table.Th>{t('audit.action')}</Table.Th>
            <Table.Th>{t('audit.object')}</Table.Th>
            <Table.Th>{t('audit.client')}</Table.Th>
            <Table.Th>{t('audit.basis')}</Table.Th>
            <Table.Th miw={130}>{t('audit.outcome')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.seq}>
              <Table.Td>{time.dateTime(entry.at)}</Table.Td>
              <Table.Td>
                {staffName(entry.actorId)}
                <Text size="xs" c="dimmed">
                  {roleLabel(t, entry.actorRole)}
                </Text>
              </Table.Td>
              <Table.Td>{actionLabel(t, entry.action, words.action)}</Table.Td>
              <Table.Td>
                {words.object(entry.objectType)}
                {entry.objectType === 'staff' && entry.objectId && (
                  <Text size="xs" c="dimmed">
                    {staffName(entry.objectId)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {entry.clientId ? (
                  <Anchor component={Link} to={`/app/clients/${entry.clientId}`} size="sm" ff="monospace">
                    {entry.clientId.slice(0, 8)}
                  </Anchor>
                ) : entry.clientIds?.length ? (
                  <Text size="sm" title={entry.clientIds.map((id) => id.slice(0, 8)).join(', ')}>
                    {t('audit.shownClients', { count: entry.clientIds.length })}
                  </Text>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>
                {entry.basis ? basisLabel(t, entry.basis) : '—'}
                {entry.reason && (
                  <Text size="xs" c="dimmed">
                    {entry.reason}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={
                    entry.outcome === 'allowed' ? 'teal' : entry.outcome === 'refused' ? 'orange' : 'red'
                  }
                >
                  {t(`auditOutcome.${entry.outcome}`)}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function actionLabel(t: TFunction, action: string, fallback: (action: string) => string): string {
  return (AUDIT_ACTIONS as readonly string[]).includes(action)
    ? t(`auditAction.${action as (typeof AUDIT_ACTIONS)[number]}`)
    : fallback(action);
}

/** Object and extra action names as words ("Wisverzoek"); a name without a word is shown as it is. */
function useAuditWords() {
  const { t, i18n } = useTranslation('audit');
  const word = (kind: 'object' | 'action', name: string) =>
    i18n.exists(`${kind}.${name}`, { ns: 'audit' }) ? String(t(`${kind}.${name}` as never)) : name;
  return {
    object: (name: string) => word('object', name),
    action: (name: string) => word('action', name),
  };
}

const BASES = ['relationship', 'assignment', 'break_glass', 'role', 'self', 'system', 'none'] as const;

function basisLabel(t: TFunction, basis: string): string {
  const known = BASES.find((item) => item === basis);
  return known ? t(`auditBasis.${known}`) : basis;
}
