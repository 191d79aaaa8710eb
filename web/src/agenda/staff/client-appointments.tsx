import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import { useSignedInSession } from '../../staff/session/session-query';
import { todayIn } from '../agenda-time';
import type { ClientAppointment } from '../agenda-types';

export type { ClientAppointment };

import { useZonedFormat } from '../zoned-format';
import { AGENDA_KEY, usePractitioners } from './agenda-queries';
import { NewAppointment } from './new-appointment';

/** Where a treatment report for this appointment starts: its time and treatment filled in. */
export function reportLink(
  clientId: string,
  appointment: Pick<ClientAppointment, 'treatmentTypeId' | 'startsAt'>,
): string {
  const query = new URLSearchParams({
    reportType: appointment.treatmentTypeId,
    reportAt: appointment.startsAt,
  });
  return `/app/clients/${clientId}?${query}#dossier-title`;
}

/** The client's appointments on their page, coming and past, and booking a new one from there. */
export function ClientAppointments({ clientId, clientName }: { clientId: string; clientName: string }) {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  const format = useZonedFormat();
  const { staff } = useSignedInSession();
  const practitioners = usePractitioners();
  const [booking, setBooking] = useState(false);
  const list = useQuery({
    queryKey: [...AGENDA_KEY, 'client', clientId],
    queryFn: ({ signal }) => apiGet<ClientAppointment[]>(`/api/clients/${clientId}/appointments`, signal),
  });
  const now = new Date().toISOString();
  const coming = (list.data ?? []).filter((a) => a.endsAt >= now).reverse();
  const past = (list.data ?? []).filter((a) => a.endsAt < now);
  const canReport = staff.role !== 'reception';
  const rows = (items: ClientAppointment[]) => (
    <Table.Tbody>
      {items.map((a) => (
        <Table.Tr key={a.id} data-testid="client-appointment">
          <Table.Td>
            <Anchor
              component={Link}
              to={`/app/agenda?view=day&date=${a.startsAt.slice(0, 10)}&practitioner=${a.practitionerId}`}
            >
              {format.dateTime(a.startsAt)}
            </Anchor>
          </Table.Td>
          <Table.Td>{a.treatmentName}</Table.Td>
          <Table.Td>{a.practitionerName}</Table.Td>
          <Table.Td>
            <Badge
              variant="light"
              tt="none"
              color={a.status === 'cancelled' || a.status === 'no_show' ? 'gray' : undefined}
            >
              {t(`status.${a.status}`)}
            </Badge>
          </Table.Td>
          <Table.Td>
            {canReport &&
              a.startsAt <= now &&
              (a.status === 'checked_in' || a.status === 'completed' || a.status === 'booked') && (
                <Anchor component={Link} to={reportLink(clientId, a)} size="sm">
                  {t('desk.writeReport')}
                </Anchor>
              )}
          </Table.Td>
        </Table.Tr>
      ))}
    </Table.Tbody>
  );
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="appointments-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h3" id="appointments-title">
            {t('desk.appointmentsTitle')}
          </Title>
          <Button variant="light" onClick={() => setBooking(true)}>
            {t('desk.bookForClient')}
          </Button>
        </Group>
        {list.isPending ? (
          <Loader size="sm" role="status" aria-label={common('common.loading')} />
        ) : list.isError ? (
          <Alert color="red" variant="light" role="alert">
            {common(requestErrorKey(list.error))}
          </Alert>
        ) : list.data.length === 0 ? (
          <Text size="sm">{t('desk.noAppointments')}</Text>
        ) : (
          <>
            {coming.length > 0 && (
              <Table.ScrollContainer minWidth={520}>
                <Table>
                  <Table.Caption>{t('desk.coming')}</Table.Caption>
                  {rows(coming)}
                </Table>
              </Table.ScrollContainer>
            )}
            {past.length > 0 && (
              <Table.ScrollContainer minWidth={520}>
                <Table>
                  <Table.Caption>{t('desk.past')}</Table.Caption>
                  {rows(past)}
                </Table>
              </Table.ScrollContainer>
            )}
          </>
        )}
      </Stack>
      {booking && (
        <NewAppointment
          initialDate={todayIn(format.timeZone)}
          practitioners={practitioners}
          client={{ id: clientId, name: clientName }}
          onClose={() => setBooking(false)}
        />
      )}
    </Paper>
  );
}
