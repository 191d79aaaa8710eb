import { Alert, Button, Group, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError, apiPatch, apiRequest } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import { useLiveLocations } from '../../staff/resources/resource-queries';
import { useSignedInSession } from '../../staff/session/session-query';
import {
  addDays,
  datesFrom,
  fromMinutes,
  instantOf,
  localDateOf,
  localMinutesOf,
  mondayOf,
  todayIn,
  weekdayOf,
} from '../agenda-time';
import type { AgendaEntry } from '../agenda-types';
import { useZonedFormat } from '../zoned-format';
import { type AgendaColumn, AgendaGrid } from './agenda-grid';
import { AGENDA_KEY, useAgenda, usePractitioners } from './agenda-queries';
import { AppointmentDialog } from './appointment-dialog';
import { isClientBusy, outside, useAgendaHours, useHolidays, within } from './desk-queries';
import { NewAppointment } from './new-appointment';
import { ResourceDay } from './resource-day';
import { UndoCancel } from './undo-cancel';

type View = 'day' | 'week';
const CLINIC = 'clinic';

/** /app/agenda?view=week&date=2026-11-30&practitioner=…: the day or week, per practitioner or for the clinic. */
export function AgendaPage() {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  useDocumentTitle(`${t('staff.title')} · ${common('common.brand')}`);
  const { staff } = useSignedInSession();
  const format = useZonedFormat();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const today = todayIn(format.timeZone);
  const view: View = params.get('view') === 'week' ? 'week' : 'day';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? (params.get('date') as string) : today;
  const selected = params.get('practitioner') ?? (staff.role === 'practitioner' ? staff.id : CLINIC);
  const practitionerId = selected === CLINIC ? null : selected;
  const locations = useLiveLocations();
  const chain = (locations.data?.length ?? 0) > 1;
  const locationId = chain ? params.get('location') || null : null;
  const resourceId = params.get('resource') || null;
  const days = view === 'week' ? datesFrom(mondayOf(date), 7) : [date];
  const first = days[0] ?? date;
  const from = instantOf(first, '00:00', format.timeZone);
  const to = instantOf(addDays(first, days.length), '00:00', format.timeZone);
  const agenda = useAgenda(from, to, practitionerId, locationId);
  const entries = agenda.data ?? [];
  // At one location: the columns of those who work there (and anyone with an appointment there).
  const practitioners = usePractitioners(entries).filter(
    (p) =>
      !locationId || p.locationIds?.includes(locationId) || entries.some((e) => e.practitionerId === p.id),
  );
  const nameOf = (id: string) => practitioners.find((p) => p.id === id)?.name ?? t('staff.colleague');
  const [open, setOpen] = useState<AgendaEntry>();
  const [creating, setCreating] = useState(false);
  const [cancelled, setCancelled] = useState<{ entry: AgendaEntry; notifyClient: boolean; at: number }>();
  const closeUndo = useCallback(() => setCancelled(undefined), []);
  const hours = useAgendaHours();
  const last = days.at(-1) ?? date;
  const holidays = useHolidays(first, last);
  const holidayOn = (day: string) => holidays.data?.find((h) => h.date === day);
  const closedOn = (day: string) => {
    const holiday = holidayOn(day);
    return holiday && !holiday.open
      ? `${t('desk.closed')} · ${t(`holiday.${holiday.key}` as 'holiday.christmas')}`
      : undefined;
  };
  const shadeFor = (day: string, practitioner: string | null) => {
    if (!hours.data) return [];
    const weekday = weekdayOf(day);
    const opening = hours.data.openingHours;
    if (!practitioner) return outside(opening, weekday, 0, 24 * 60);
    const working = hours.data.workingHours.find((w) => w.staffId === practitioner)?.hours ?? [];
    return outside(within(working, opening, weekday), weekday, 0, 24 * 60);
  };
  const toggleHoliday = useMutation({
    mutationFn: ({ day, openIt }: { day: string; openIt: boolean }) =>
      apiRequest<void>(`/api/schedule/holidays/${day}`, { method: 'PUT', body: { open: openIt } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: AGENDA_KEY }),
  });

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const drop = useMutation({
    mutationFn: ({ entry, column, delta }: { entry: AgendaEntry; column: AgendaColumn; delta: number }) => {
      const startMinutes = localMinutesOf(entry.startsAt, format.timeZone) + delta;
      const duration = Date.parse(entry.endsAt) - Date.parse(entry.startsAt);
      const startsAt =
        instantOf(column.date, fromMinutes(Math.max(0, startMinutes)), format.timeZone) ?? entry.startsAt;
      return apiPatch<void>(`/api/appointments/${entry.id}`, {
        startsAt,
        endsAt: new Date(Date.parse(startsAt) + duration).toISOString(),
        practitionerId: column.practitionerId ?? entry.practitionerId,
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: AGENDA_KEY }),
  });

  const columns: AgendaColumn[] =
    view === 'day' && practitionerId === null
      ? practitioners.map((p) => ({
          key: p.id,
          title: p.name,
          date,
          practitionerId: p.id,
          today: date === today,
          entries: entries.filter((e) => e.practitionerId === p.id),
          shade: shadeFor(date, p.id),
          closed: closedOn(date),
        }))
      : days.map((day) => ({
          key: day,
          title: view === 'week' ? `${format.weekday(day)} ${format.dayMonth(day)}` : format.longDate(day),
          date: day,
          practitionerId,
          today: day === today,
          entries: entries.filter((e) => localDateOf(e.startsAt, format.timeZone) === day),
          shade: shadeFor(day, practitionerId),
          closed: closedOn(day),
        }));

  const step = view === 'week' ? 7 : 1;
  const heading =
    view === 'week'
      ? t('staff.weekOf', { from: format.dayMonth(first), to: format.dayMonth(addDays(first, 6)) })
      : format.longDate(date);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1}>{t('staff.title')}</Title>
        <Group gap="sm">
          {staff.role === 'owner' && (
            <Button component={Link} to="/app/agenda/schedule" variant="default">
              {t('schedule.link')}
            </Button>
          )}
          <Button onClick={() => setCreating(true)}>{t('staff.new')}</Button>
        </Group>
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label={t('staff.view')}
          value={view}
          onChange={(value) => update({ view: value })}
          data={[
            { value: 'day', label: t('staff.day') },
            { value: 'week', label: t('staff.week') },
          ]}
        />
        <Group gap={4} wrap="nowrap">
          <Button
            variant="default"
            onClick={() => update({ date: addDays(date, -step) })}
            aria-label={view === 'week' ? t('staff.previousWeek') : t('staff.previousDay')}
          >
            ‹
          </Button>
          <Button variant="default" onClick={() => update({ date: today })}>
            {t('staff.today')}
          </Button>
          <Button
            variant="default"
            onClick={() => update({ date: addDays(date, step) })}
            aria-label={view === 'week' ? t('staff.nextWeek') : t('staff.nextDay')}
          >
            ›
          </Button>
        </Group>
        <TextInput
          type="date"
          label={t('staff.date')}
          value={date}
          onChange={(e) => e.currentTarget.value && update({ date: e.currentTarget.value })}
        />
        <Select
          label={t('staff.agendaOf')}
          data={[
            { value: CLINIC, label: t('staff.wholeClinic') },
            ...practitioners.map((p) => ({ value: p.id, label: p.name })),
          ]}
          value={selected}
          onChange={(value) => update({ practitioner: value ?? CLINIC })}
          allowDeselect={false}
        />
        {chain && (
          <Select
            label={t('staff.location')}
            data={[
              { value: '', label: t('staff.allLocations') },
              ...(locations.data ?? []).map((l) => ({ value: l.id, label: l.name })),
            ]}
            value={locationId ?? ''}
            onChange={(value) => update({ location: value ?? '', resource: '' })}
            allowDeselect={false}
          />
        )}
      </Group>
      <Text fw={600} aria-live="polite" data-testid="agenda-range">
        {heading}
      </Text>
      {agenda.isError && (
        <Alert color="red" variant="light" role="alert">
          {common(requestErrorKey(agenda.error))}
        </Alert>
      )}
      {drop.isError && (
        <Alert color="red" variant="light" role="alert" withCloseButton onClose={() => drop.reset()}>
          {isClientBusy(drop.error)
            ? t('desk.clientBusy')
            : drop.error instanceof ApiError &&
                drop.error.status === 409 &&
                drop.error.problem.extra?.reason === 'resource_taken'
              ? t('staff.resourceTaken')
              : drop.error instanceof Error && 'status' in drop.error && drop.error.status === 409
                ? t('staff.overlap')
                : common(requestErrorKey(drop.error))}
        </Alert>
      )}
      {(holidays.data ?? []).map((holiday) => (
        <Group key={holiday.date} gap="sm" data-testid="agenda-holiday">
          <Text size="sm">
            {format.longDate(holiday.date)}: {t(`holiday.${holiday.key}` as 'holiday.christmas')}
            {holiday.open ? '' : ` — ${t('desk.closed')}`}
          </Text>
          {staff.role === 'owner' && (
            <Button
              size="compact-sm"
              variant="default"
              loading={toggleHoliday.isPending}
              onClick={() => toggleHoliday.mutate({ day: holiday.date, openIt: !holiday.open })}
            >
              {holiday.open ? t('desk.closeHoliday') : t('desk.openHoliday')}
            </Button>
          )}
        </Group>
      ))}
      {columns.length === 0 ? (
        <Text>{t('staff.noPractitioners')}</Text>
      ) : (
        <AgendaGrid
          columns={columns}
          showPractitioner={practitionerId === null && view === 'week'}
          practitionerName={nameOf}
          onOpen={setOpen}
          onDrop={(entry, column, delta) => drop.mutate({ entry, column, delta })}
          minColumnWidth={view === 'week' ? 110 : 160}
        />
      )}
      <Text size="sm" c="dimmed">
        {t('staff.dragHint')}
      </Text>
      <ResourceDay
        from={from}
        to={to}
        locationId={locationId}
        entries={entries}
        practitionerName={nameOf}
        value={resourceId}
        onChange={(value) => update({ resource: value ?? '' })}
      />
      {open && (
        <AppointmentDialog
          entry={open}
          practitioners={practitioners}
          onClose={() => setOpen(undefined)}
          onCancelled={(entry, notifyClient) => {
            setOpen(undefined);
            setCancelled({ entry, notifyClient, at: Date.now() });
          }}
        />
      )}
      {cancelled && (
        <UndoCancel key={`${cancelled.entry.id}:${cancelled.at}`} cancelled={cancelled} onDone={closeUndo} />
      )}
      {creating && (
        <NewAppointment
          initialDate={date}
          initialLocationId={locationId}
          practitioners={practitioners}
          onClose={() => setCreating(false)}
        />
      )}
    </Stack>
  );
}
