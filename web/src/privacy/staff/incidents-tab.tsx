import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { hoursUntil } from '../dates';
import { privacyKeys } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { Incident } from '../privacy-types';
import { IncidentAssessmentForm } from './incident-assessment-form';
import classes from './privacy-staff.module.css';
import { ReportIncidentForm } from './report-incident-form';

/** The incident register: every report with the 72-hour clock for notifying the authority. */
export function IncidentsTab() {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const incidents = useQuery({
    queryKey: privacyKeys.incidents,
    queryFn: ({ signal }) => apiGet<Incident[]>('/api/incidents', signal),
  });
  return (
    <Stack gap="md">
      {incidents.isPending && <Loader role="status" aria-label={t('common.loading')} />}
      {incidents.isError && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(incidents.error))}
        </Alert>
      )}
      {incidents.data?.length === 0 && <Text c="dimmed">{tp('incidents.none')}</Text>}
      {incidents.data &&
        [...incidents.data]
          .sort((a, b) => Number(a.closedAt !== null) - Number(b.closedAt !== null))
          .map((incident) => <IncidentCard key={incident.id} incident={incident} />)}
      <ReportIncidentForm />
    </Stack>
  );
}

function IncidentCard({ incident }: { incident: Incident }) {
  const tp = usePrivacyText();
  const time = useClinicTime();
  const [assessing, setAssessing] = useState(false);
  const yesNo = (value: boolean | null) =>
    value === null ? '—' : value ? tp('incidents.yes') : tp('incidents.no');
  return (
    <Paper p="md" radius="lg" withBorder data-testid="incident">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2}>
            <Text fw={600}>
              <span data-testid="incident-register-reference">{incident.reference}</span> ·{' '}
              {incident.source === 'public_form' ? tp('incidents.fromPublic') : tp('incidents.fromStaff')}
            </Text>
            <Text size="sm" c="dimmed">
              {tp('incidents.reportedAt', { at: time.dateTime(incident.reportedAt) })}
            </Text>
          </Stack>
          <Clock incident={incident} />
        </Group>
        <Text className={classes.preWrap}>{incident.report.description}</Text>
        {incident.report.contact && (
          <Text size="sm">
            {tp('incidents.contact')} {incident.report.contact}
          </Text>
        )}
        {incident.assessedAt && (
          <Stack gap={2} data-testid="incident-assessment">
            <Text size="sm" fw={600}>
              {tp('incidents.assessedAt', { at: time.dateTime(incident.assessedAt) })}
            </Text>
            <Text size="sm">{incident.assessment}</Text>
            <Text size="sm">
              {tp('incidents.breach')}: {yesNo(incident.personalDataBreach)} ·{' '}
              {tp('incidents.notifyAuthority')}: {yesNo(incident.notifyAuthority)}
              {incident.authorityNotifiedAt &&
                ` (${tp('incidents.notifiedAt', { at: time.dateTime(incident.authorityNotifiedAt) })})`}{' '}
              · {tp('incidents.notifyClients')}: {yesNo(incident.notifyClients)}
              {incident.clientsNotifiedAt &&
                ` (${tp('incidents.notifiedAt', { at: time.dateTime(incident.clientsNotifiedAt) })})`}
            </Text>
          </Stack>
        )}
        {assessing ? (
          <IncidentAssessmentForm incident={incident} onDone={() => setAssessing(false)} />
        ) : (
          incident.closedAt === null && (
            <Button variant="light" w="fit-content" onClick={() => setAssessing(true)}>
              {incident.assessedAt ? tp('incidents.updateAssessment') : tp('incidents.assess')}
            </Button>
          )
        )}
      </Stack>
    </Paper>
  );
}

/** 72 hours from the report to notify the authority; once closed or notified, the clock stops. */
function Clock({ incident }: { incident: Incident }) {
  const tp = usePrivacyText();
  const time = useClinicTime();
  if (incident.closedAt) {
    return (
      <Badge color="gray" variant="light" tt="none">
        {tp('incidents.closed')}
      </Badge>
    );
  }
  if (incident.authorityNotifiedAt) {
    return (
      <Badge color="teal" variant="light" tt="none">
        {tp('incidents.authorityNotified')}
      </Badge>
    );
  }
  const hours = hoursUntil(incident.notifyDeadlineAt);
  const urgent = incident.overdue || hours < 24;
  return (
    <Stack gap={2} align="flex-end">
      <Badge
        color={incident.overdue ? 'red.9' : urgent ? 'red' : 'orange'}
        variant={incident.overdue ? 'filled' : 'light'}
        tt="none"
        data-testid="incident-clock"
      >
        {incident.overdue || hours < 0
          ? tp('incidents.overdue')
          : tp('incidents.hoursLeft', { count: hours })}
      </Badge>
      <Text size="xs" c="dimmed">
        {tp('incidents.deadline', { at: time.dateTime(incident.notifyDeadlineAt) })}
      </Text>
    </Stack>
  );
}
