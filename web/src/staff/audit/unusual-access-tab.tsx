import { Alert, Anchor, Badge, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import type { UnusualAccess } from './audit-types';
import { useStaffName } from './staff-names';

const DAYS = 7;

/** Break-glass, refusals, dossiers opened without treatment, many dossiers at once: the last week. */
export function UnusualAccessTab() {
  const { t } = useTranslation();
  const time = useClinicTime();
  const staffName = useStaffName();
  const [range] = useState(() => {
    const to = new Date();
    return { from: new Date(to.getTime() - DAYS * 24 * 60 * 60 * 1000).toISOString(), to: to.toISOString() };
  });
  const report = useQuery({
    queryKey: ['audit', 'unusual', range],
    queryFn: ({ signal }) =>
      apiGet<UnusualAccess[]>(`/api/audit/unusual?${new URLSearchParams(range).toString()}`, signal),
  });
  if (report.isPending) return <Loader role="status" aria-label={t('common.loading')} />;
  if (report.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {t(requestErrorKey(report.error))}
      </Alert>
    );
  }
  return (
    <Stack gap="sm">
      <Text size="sm">{t('unusual.intro', { days: DAYS })}</Text>
      {report.data.length === 0 ? (
        <Text c="dimmed">{t('unusual.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" striped data-testid="unusual-access">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.at')}</Table.Th>
                <Table.Th>{t('unusual.kind')}</Table.Th>
                <Table.Th>{t('audit.actor')}</Table.Th>
                <Table.Th>{t('audit.client')}</Table.Th>
                <Table.Th>{t('unusual.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.data.map((row) => (
                <Table.Tr key={`${row.kind}-${row.at}-${row.actorId}-${row.clientId}`}>
                  <Table.Td>{time.dateTime(row.at)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={row.kind === 'break_glass' ? 'orange' : 'yellow'}>
                      {t(`unusualKind.${row.kind}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{staffName(row.actorId)}</Table.Td>
                  <Table.Td>
                    {row.clientId ? (
                      <Anchor component={Link} to={`/app/clients/${row.clientId}`} size="sm">
                        {row.clientName ?? t('unusual.erasedClient')}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    {row.kind === 'many_dossiers'
                      ? t('unusual.count', { count: row.count })
                      : (row.reason ?? '—')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
