import { Alert, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../shared/api';
import type { ApiResponse } from '../../shared/api-types';
import { requestErrorKey } from '../../shared/request-error';
import { useResources, useResourceTypes } from '../../staff/resources/resource-queries';
import type { AgendaEntry } from '../agenda-types';
import { useZonedFormat } from '../zoned-format';

type Holds = ApiResponse<'/api/resources/{resourceId}/holds', 'get'>;

/**
 * A room's or device's day: which appointments hold it when. Each appointment shows as the agenda
 * shows it to this viewer (the client's name, or only a taken time); the holds themselves say when
 * and never by whom.
 */
export function ResourceDay({
  from,
  to,
  locationId,
  entries,
  practitionerName,
  value,
  onChange,
}: {
  from: string | undefined;
  to: string | undefined;
  /** Only this location's units; all when null. */
  locationId: string | null;
  entries: AgendaEntry[];
  practitionerName: (id: string) => string;
  value: string | null;
  onChange: (resourceId: string | null) => void;
}) {
  const { t, i18n } = useTranslation('agenda');
  const format = useZonedFormat();
  const units = useResources();
  const kinds = useResourceTypes();
  const choices = (units.data ?? []).filter(
    (u) => !u.archived && (locationId === null || u.locationId === locationId),
  );
  const query = new URLSearchParams({ from: from ?? '', to: to ?? '' });
  const holds = useQuery({
    queryKey: ['agenda', 'resource', value, from, to],
    queryFn: ({ signal }) => apiGet<Holds>(`/api/resources/${value}/holds?${query}`, signal),
    enabled: Boolean(value && from && to),
  });
  if (choices.length === 0) return null;
  const kindOf = (id: string) => kinds.data?.find((k) => k.id === id)?.name;
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="resource-day-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="resource-day-title">
          {t('staff.resourceDay')}
        </Title>
        <Select
          label={t('staff.resource')}
          placeholder={t('staff.resourcePlaceholder')}
          clearable
          data={choices.map((u) => ({
            value: u.id,
            label: [u.name, kindOf(u.resourceTypeId)].filter(Boolean).join(' · '),
          }))}
          value={value}
          onChange={onChange}
          maw={360}
        />
        {holds.isError && (
          <Alert color="red" variant="light" role="alert">
            {i18n.t(requestErrorKey(holds.error))}
          </Alert>
        )}
        {value && holds.data?.length === 0 && <Text size="sm">{t('staff.resourceFree')}</Text>}
        {value && holds.data && holds.data.length > 0 && (
          <Table data-testid="resource-day">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('staff.resourceWhen')}</Table.Th>
                <Table.Th>{t('staff.resourceWhat')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {holds.data.map((hold) => {
                const entry = entries.find((e) => e.id === hold.appointmentId);
                const what = entry?.client
                  ? [
                      `${entry.client.firstName} ${entry.client.lastName}`,
                      entry.treatmentName,
                      practitionerName(entry.practitionerId),
                    ]
                      .filter(Boolean)
                      .join(' · ')
                  : entry
                    ? `${t('staff.taken')} · ${practitionerName(entry.practitionerId)}`
                    : t('staff.taken');
                return (
                  <Table.Tr key={hold.appointmentId}>
                    <Table.Td>
                      {format.time(hold.startsAt)}–{format.time(hold.blockedUntil)}
                    </Table.Td>
                    <Table.Td>{what}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
