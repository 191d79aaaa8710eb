import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Divider,
  Group,
  List,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { ApiError, apiPatch, apiPost } from '../../shared/api';
import { REQUIRED, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { useSignedInSession } from '../../staff/session/session-query';
import { clockTime, endAfterStart, localDate } from '../agenda-form-fields';
import { fromMinutes, instantOf, localDateOf, localMinutesOf } from '../agenda-time';
import { type AgendaEntry, type AppointmentStatus, NEXT_STATUSES } from '../agenda-types';
import { useZonedFormat } from '../zoned-format';
import { AGENDA_KEY, type Practitioner } from './agenda-queries';
import { reportLink } from './client-appointments';
import { isClientBusy } from './desk-queries';

function actionKey(from: AppointmentStatus, to: AppointmentStatus) {
  if (to === 'checked_in') return 'action.checkIn' as const;
  if (to === 'no_show') return 'action.noShow' as const;
  if (to === 'cancelled') return 'action.cancel' as const;
  if (to === 'completed') return 'action.complete' as const;
  return from === 'checked_in' ? ('action.undoCheckIn' as const) : ('action.undoNoShow' as const);
}

/**
 * One appointment: its status changes, the consent prompt after a check-in, and moving or resizing.
 * Cancelling the appointment is its own destructive action, confirmed first ("Annuleren" only ever
 * closes a form); the page then offers to undo it for a moment.
 */
export function AppointmentDialog({
  entry,
  practitioners,
  onClose,
  onCancelled,
}: {
  entry: AgendaEntry;
  practitioners: Practitioner[];
  onClose: () => void;
  onCancelled: (entry: AgendaEntry, notifyClient: boolean) => void;
}) {
  const { t, i18n } = useTranslation('agenda');
  const { t: common } = useTranslation();
  const { staff } = useSignedInSession();
  const format = useZonedFormat();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState(entry.status);
  const [askForConsent, setAskForConsent] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [notifyClient, setNotifyClient] = useState(true);
  const change = useMutation({
    mutationFn: (next: AppointmentStatus) =>
      apiPost<{ status: AppointmentStatus; askForConsent: boolean }>(`/api/appointments/${entry.id}/status`, {
        status: next,
        ...(next === 'cancelled' ? { notifyClient } : {}),
      }),
    onSuccess: (answer) => {
      setStatus(answer.status);
      setAskForConsent(answer.askForConsent);
      void queryClient.invalidateQueries({ queryKey: AGENDA_KEY });
      if (answer.status === 'cancelled') {
        setConfirmingCancel(false);
        onCancelled(entry, notifyClient);
      }
    },
  });
  const statusChanges = NEXT_STATUSES[status].filter((next) => next !== 'cancelled');
  const cancellable = NEXT_STATUSES[status].includes('cancelled');
  const name = entry.client ? `${entry.client.firstName} ${entry.client.lastName}` : t('staff.busy');
  const practitioner = practitioners.find((p) => p.id === entry.practitionerId)?.name ?? t('staff.colleague');

  return (
    <Modal
      opened
      onClose={onClose}
      title={name}
      size="lg"
      closeButtonProps={{ 'aria-label': common('common.close') }}
    >
      <Stack gap="md">
        <Stack gap={2}>
          {entry.treatmentName && <Text fw={500}>{entry.treatmentName}</Text>}
          <Text size="sm">
            {format.dateTime(entry.startsAt)}–{format.time(entry.endsAt)}
          </Text>
          <Text size="sm">{t('staff.withPractitioner', { name: practitioner })}</Text>
          <Group gap="xs" mt={4}>
            <Badge variant="light" tt="none" data-testid="appointment-status">
              {t(`status.${status}`)}
            </Badge>
            {entry.client && (
              <Anchor component={Link} to={`/app/clients/${entry.client.id}`} size="sm">
                {t('staff.openClient')}
              </Anchor>
            )}
            {entry.client &&
              entry.treatmentTypeId &&
              staff.role !== 'reception' &&
              status !== 'cancelled' && (
                <Anchor
                  component={Link}
                  to={reportLink(entry.client.id, {
                    treatmentTypeId: entry.treatmentTypeId,
                    startsAt: entry.startsAt,
                  })}
                  size="sm"
                >
                  {t('desk.writeReport')}
                </Anchor>
              )}
          </Group>
        </Stack>
        {!entry.identityConfirmed && (
          <Alert
            color="orange"
            variant="light"
            title={t('staff.unconfirmedTitle')}
            data-testid="appointment-unconfirmed"
          >
            <Text size="sm">
              {entry.bookedAs
                ? t('staff.unconfirmedBookedAs', {
                    name: `${entry.bookedAs.firstName} ${entry.bookedAs.lastName}`,
                    phone: entry.bookedAs.phone,
                  })
                : t('staff.unconfirmedText')}
            </Text>
          </Alert>
        )}
        {entry.warnings && entry.warnings.length > 0 && (
          <Alert
            color="red"
            variant="light"
            title={t('staff.warningsTitle')}
            data-testid="appointment-warnings"
          >
            <List size="sm" spacing={4}>
              {entry.warnings.map((w) => (
                <List.Item key={w.questionKey}>
                  <Text span fw={600} size="sm">
                    {w.effect === 'rules_out' ? t('staff.rulesOut') : t('staff.affects')}:
                  </Text>{' '}
                  {i18n.resolvedLanguage === 'en' ? w.warning.en : w.warning.nl}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        {askForConsent && entry.client && (
          <Alert
            color="yellow"
            variant="light"
            role="alert"
            title={t('staff.consentTitle')}
            data-testid="consent-prompt"
          >
            <Stack gap="xs">
              <Text size="sm">{t('staff.consentText', { name: entry.client.firstName })}</Text>
              <Anchor component={Link} to={`/app/clients/${entry.client.id}`} size="sm" fw={600}>
                {t('staff.consentLink')}
              </Anchor>
            </Stack>
          </Alert>
        )}
        {change.isError && !confirmingCancel && (
          <Alert color="red" variant="light" role="alert">
            {isClientBusy(change.error) ? t('desk.clientBusy') : common(requestErrorKey(change.error))}
          </Alert>
        )}
        {(statusChanges.length > 0 || cancellable) && (
          <Group gap="sm" justify="space-between">
            <Group gap="sm">
              {statusChanges.map((next) => (
                <Button
                  key={next}
                  variant={next === 'checked_in' || next === 'completed' ? 'filled' : 'default'}
                  loading={change.isPending && change.variables === next}
                  disabled={change.isPending}
                  onClick={() => change.mutate(next)}
                >
                  {t(actionKey(status, next))}
                </Button>
              ))}
            </Group>
            {cancellable && (
              <Button
                variant="outline"
                color="red.9"
                disabled={change.isPending}
                onClick={() => setConfirmingCancel(true)}
                data-testid="cancel-appointment"
              >
                {t('action.cancel')}
              </Button>
            )}
          </Group>
        )}
        {confirmingCancel && (
          <Modal
            opened
            onClose={() => setConfirmingCancel(false)}
            title={t('desk.cancelTitle')}
            closeButtonProps={{ 'aria-label': common('common.close') }}
          >
            <Stack gap="md">
              <Text size="sm">
                {t('desk.cancelText', {
                  treatment: entry.treatmentName ?? '',
                  name,
                  when: format.dateTime(entry.startsAt),
                })}
              </Text>
              <Checkbox
                label={t('desk.notifyClient')}
                description={t('desk.notifyCancelHint')}
                checked={notifyClient}
                onChange={(e) => setNotifyClient(e.currentTarget.checked)}
              />
              {change.isError && (
                <Alert color="red" variant="light" role="alert">
                  {common(requestErrorKey(change.error))}
                </Alert>
              )}
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setConfirmingCancel(false)}>
                  {t('desk.keep')}
                </Button>
                <Button
                  color="red.8"
                  loading={change.isPending}
                  onClick={() => change.mutate('cancelled')}
                  data-testid="confirm-cancel-appointment"
                >
                  {t('desk.cancelConfirm')}
                </Button>
              </Group>
            </Stack>
          </Modal>
        )}
        {(status === 'booked' || status === 'checked_in') && (
          <>
            <Divider />
            <MoveForm entry={entry} practitioners={practitioners} onMoved={onClose} />
          </>
        )}
      </Stack>
    </Modal>
  );
}

const moveSchema = z
  .object({
    date: localDate,
    start: clockTime,
    end: clockTime,
    practitionerId: z.string().min(1, REQUIRED),
    notifyClient: z.boolean(),
  })
  .refine(endAfterStart.check, endAfterStart.error);

/** Moving (another day, time or practitioner) and resizing (the end time), without a mouse. */
function MoveForm({
  entry,
  practitioners,
  onMoved,
}: {
  entry: AgendaEntry;
  practitioners: Practitioner[];
  onMoved: () => void;
}) {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  const { timeZone } = useZonedFormat();
  const queryClient = useQueryClient();
  const move = useMutation({
    mutationFn: (body: { startsAt: string; endsAt: string; practitionerId: string; notifyClient: boolean }) =>
      apiPatch<void>(`/api/appointments/${entry.id}`, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: AGENDA_KEY });
      onMoved();
    },
  });
  const { field, onSubmit } = useSchemaForm(
    moveSchema,
    {
      date: localDateOf(entry.startsAt, timeZone),
      start: fromMinutes(localMinutesOf(entry.startsAt, timeZone)),
      end: fromMinutes(localMinutesOf(entry.endsAt, timeZone)),
      practitionerId: entry.practitionerId,
      notifyClient: true,
    },
    move.error,
  );

  const submit = onSubmit(({ date, start, end, practitionerId, notifyClient }) => {
    const startsAt = instantOf(date, start, timeZone);
    const endsAt = instantOf(date, end, timeZone);
    if (startsAt && endsAt) move.mutate({ startsAt, endsAt, practitionerId, notifyClient });
  });

  const overlap = move.error instanceof ApiError && move.error.status === 409;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="move-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="move-title">
          {t('staff.moveTitle')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            type="date"
            label={t('staff.date')}
            required
            {...field('date', { apiField: 'startsAt' })}
          />
          <Select
            label={t('staff.practitioner')}
            data={practitioners.map((p) => ({ value: p.id, label: p.name }))}
            allowDeselect={false}
            {...field('practitionerId')}
          />
          <TextInput
            type="time"
            step={300}
            label={t('staff.startTime')}
            required
            {...field('start', { apiField: 'startsAt' })}
          />
          <TextInput
            type="time"
            step={300}
            label={t('staff.endTime')}
            required
            {...field('end', { apiField: 'endsAt' })}
          />
        </SimpleGrid>
        <Checkbox label={t('desk.notifyClient')} {...field('notifyClient', { checkbox: true })} />
        {move.isError && (
          <Alert color="red" variant="light" role="alert">
            {isClientBusy(move.error)
              ? t('desk.clientBusy')
              : overlap
                ? t('staff.overlap')
                : common(requestErrorKey(move.error))}
          </Alert>
        )}
        <Group>
          <Button type="submit" variant="light" loading={move.isPending}>
            {t('staff.moveSave')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
