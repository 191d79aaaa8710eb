import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet, apiPost, apiRequest } from '../../shared/api';
import { fieldErrorText } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import { wallClockToIso } from '../../shared/zoned-time';
import { EVERY_LOCATION, LocationPicker } from '../../staff/locations/location-picker';
import { OwnerOnly } from '../../staff/session/owner-only';
import type { LocatedBlock, Schedule, ScheduleException, WeeklyBlock } from '../agenda-types';
import { BOOKING_KEY } from '../booking/booking-queries';
import { useZonedFormat } from '../zoned-format';
import { usePractitioners } from './agenda-queries';
import { type DayHours, defaultWeek, fromBlocks, HoursEditor, toBlocks } from './hours-editor';

/** /app/agenda/schedule (owner): opening hours, working hours per practitioner, an absence. */
export function SchedulePage() {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  useDocumentTitle(`${t('schedule.title')} · ${common('common.brand')}`);
  return (
    <OwnerOnly>
      <Stack gap="lg" maw={760}>
        <Stack gap={4}>
          <Anchor component={Link} to="/app/agenda" size="sm">
            {t('schedule.back')}
          </Anchor>
          <Title order={1}>{t('schedule.title')}</Title>
          <Text c="dimmed">{t('schedule.intro')}</Text>
        </Stack>
        <OpeningHours />
        <WorkingHours />
        <Absence />
      </Stack>
    </OwnerOnly>
  );
}

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

const SCHEDULE_KEY = ['schedule'] as const;

/** The blocks of one location (all of them until a location is known). */
const atLocation = (blocks: LocatedBlock[] | undefined, locationId: string | null) =>
  blocks?.filter((b) => !locationId || b.locationId === locationId);

/** The hours as set now, so the editors start from them. */
function useSchedule() {
  return useQuery({ queryKey: SCHEDULE_KEY, queryFn: () => apiGet<Schedule>('/api/schedule') });
}

function useSaveHours(path: () => string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ hours, locationId }: { hours: WeeklyBlock[]; locationId: string | null }) =>
      apiRequest<void>(path(), { method: 'PUT', body: { hours, ...(locationId ? { locationId } : {}) } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: BOOKING_KEY });
      await queryClient.invalidateQueries({ queryKey: SCHEDULE_KEY });
    },
  });
}

function SaveResult({ saved, error }: { saved: boolean; error: unknown }) {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  if (error) {
    return (
      <Alert color="red" variant="light" role="alert">
        {common(requestErrorKey(error))}
      </Alert>
    );
  }
  return saved ? (
    <Alert color="teal" variant="light" role="status">
      {t('schedule.saved')}
    </Alert>
  ) : null;
}

function OpeningHours() {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  const [week, setWeek] = useState<DayHours[]>(defaultWeek);
  const [invalid, setInvalid] = useState(false);
  const [locationId, setLocationId] = useState<string | null>(null);
  const save = useSaveHours(() => '/api/schedule/opening-hours');
  const schedule = useSchedule();
  useEffect(() => {
    if (schedule.data) setWeek(fromBlocks(atLocation(schedule.data.openingHours, locationId)));
  }, [schedule.data, locationId]);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const blocks = toBlocks(week);
    setInvalid(!blocks);
    if (blocks) save.mutate({ hours: blocks, locationId });
  }
  return (
    <Panel id="opening-hours-title" title={t('schedule.openingTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('schedule.replaceHint')}</Text>
          <LocationPicker
            value={locationId}
            onChange={(next) => {
              setLocationId(next);
              save.reset();
            }}
            error={fieldErrorText(common, save.error, 'locationId')}
          />
          <HoursEditor
            idPrefix="opening"
            week={week}
            onChange={(next) => {
              setWeek(next);
              save.reset();
            }}
            invalid={invalid}
          />
          <SaveResult saved={save.isSuccess} error={save.error} />
          <div>
            <Button type="submit" loading={save.isPending}>
              {t('schedule.saveOpening')}
            </Button>
          </div>
        </Stack>
      </form>
    </Panel>
  );
}

function WorkingHours() {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  const [locationId, setLocationId] = useState<string | null>(null);
  const practitioners = usePractitioners();
  const [staffId, setStaffId] = useState<string | null>(null);
  const [week, setWeek] = useState<DayHours[]>(defaultWeek);
  const [invalid, setInvalid] = useState(false);
  const [missing, setMissing] = useState(false);
  const save = useSaveHours(() => `/api/staff/${staffId}/working-hours`);
  const schedule = useSchedule();
  useEffect(() => {
    if (staffId && schedule.data) {
      setWeek(
        fromBlocks(
          atLocation(schedule.data.workingHours.find((w) => w.staffId === staffId)?.hours, locationId),
        ),
      );
    }
  }, [staffId, schedule.data, locationId]);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const blocks = toBlocks(week);
    setInvalid(!blocks);
    setMissing(!staffId);
    if (blocks && staffId) save.mutate({ hours: blocks, locationId });
  }
  return (
    <Panel id="working-hours-title" title={t('schedule.workingTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Select
            label={t('staff.practitioner')}
            data={practitioners.map((p) => ({ value: p.id, label: p.name }))}
            value={staffId}
            onChange={(value) => {
              setStaffId(value);
              save.reset();
            }}
            error={missing ? t('schedule.choosePractitioner') : undefined}
            maw={320}
          />
          <LocationPicker
            value={locationId}
            onChange={(next) => {
              setLocationId(next);
              save.reset();
            }}
            error={fieldErrorText(common, save.error, 'locationId')}
          />
          <HoursEditor
            idPrefix="working"
            week={week}
            onChange={(next) => {
              setWeek(next);
              save.reset();
            }}
            invalid={invalid}
          />
          <SaveResult saved={save.isSuccess} error={save.error} />
          <div>
            <Button type="submit" loading={save.isPending}>
              {t('schedule.saveWorking')}
            </Button>
          </div>
        </Stack>
      </form>
    </Panel>
  );
}

const WHOLE_CLINIC = 'clinic';

function Absence() {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  const { timeZone } = useZonedFormat();
  const queryClient = useQueryClient();
  const practitioners = usePractitioners();
  const [kind, setKind] = useState<'absence' | 'extra'>('absence');
  const [who, setWho] = useState<string>(WHOLE_CLINIC);
  const [locationId, setLocationId] = useState<string | null>(null);
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState(false);
  const add = useMutation({
    mutationFn: (body: Record<string, unknown>) => apiPost<{ id: string }>('/api/schedule/exceptions', body),
    onSuccess: () => {
      setStartsAt('');
      setEndsAt('');
      setNote('');
      void queryClient.invalidateQueries({ queryKey: BOOKING_KEY });
      void queryClient.invalidateQueries({ queryKey: EXCEPTIONS_KEY });
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const from = wallClockToIso(startsAt, timeZone);
    const until = wallClockToIso(endsAt, timeZone);
    const ok = Boolean(from && until && until > from) && !(kind === 'extra' && who === WHOLE_CLINIC);
    setInvalid(!ok);
    if (!ok) return;
    add.mutate({
      staffId: who === WHOLE_CLINIC ? null : who,
      ...(locationId && locationId !== EVERY_LOCATION ? { locationId } : {}),
      kind,
      startsAt: from,
      endsAt: until,
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  }
  return (
    <Panel id="absence-title" title={t('schedule.absenceTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SegmentedControl
            aria-label={t('schedule.exceptionKind')}
            data={[
              { value: 'absence', label: t('schedule.kindAbsence') },
              { value: 'extra', label: t('schedule.kindExtra') },
            ]}
            value={kind}
            onChange={(value) => {
              setKind(value as 'absence' | 'extra');
              if (value === 'extra' && who === WHOLE_CLINIC && practitioners[0]) setWho(practitioners[0].id);
            }}
            maw={420}
          />
          <Select
            label={t('schedule.absenceWho')}
            data={[
              ...(kind === 'absence' ? [{ value: WHOLE_CLINIC, label: t('schedule.clinicClosed') }] : []),
              ...practitioners.map((p) => ({ value: p.id, label: p.name })),
            ]}
            value={who}
            onChange={(value) => setWho(value ?? WHOLE_CLINIC)}
            allowDeselect={false}
            maw={320}
            error={
              invalid && kind === 'extra' && who === WHOLE_CLINIC
                ? t('schedule.extraNeedsPractitioner')
                : fieldErrorText(common, add.error, 'staffId')
            }
          />
          <LocationPicker
            value={locationId}
            onChange={setLocationId}
            everyLabel={t('schedule.everyLocation')}
            error={fieldErrorText(common, add.error, 'locationId')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              type="datetime-local"
              label={t('schedule.absenceFrom')}
              value={startsAt}
              onChange={(e) => setStartsAt(e.currentTarget.value)}
              required
              error={
                invalid && !wallClockToIso(startsAt, timeZone) ? common('fieldError.required') : undefined
              }
            />
            <TextInput
              type="datetime-local"
              label={t('schedule.absenceUntil')}
              value={endsAt}
              onChange={(e) => setEndsAt(e.currentTarget.value)}
              required
              error={
                invalid && wallClockToIso(startsAt, timeZone)
                  ? t('staff.endAfterStart')
                  : fieldErrorText(common, add.error, 'endsAt')
              }
            />
          </SimpleGrid>
          <TextInput
            label={t('schedule.absenceNote')}
            maxLength={200}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          {add.isError && (
            <Alert color="red" variant="light" role="alert">
              {common(requestErrorKey(add.error))}
            </Alert>
          )}
          {add.isSuccess && (
            <Alert color="teal" variant="light" role="status">
              {kind === 'extra' ? t('schedule.extraAdded') : t('schedule.absenceAdded')}
            </Alert>
          )}
          <div>
            <Button type="submit" loading={add.isPending}>
              {kind === 'extra' ? t('schedule.addExtra') : t('schedule.addAbsence')}
            </Button>
          </div>
        </Stack>
      </form>
      <UpcomingExceptions />
    </Panel>
  );
}

const EXCEPTIONS_KEY = ['schedule', 'exceptions'] as const;

/** What is planned: absences, closures and extra hours that have not ended, each removable. */
function UpcomingExceptions() {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  const { shortDateTime } = useZonedFormat();
  const queryClient = useQueryClient();
  const practitioners = usePractitioners();
  const exceptions = useQuery({
    queryKey: EXCEPTIONS_KEY,
    queryFn: ({ signal }) => apiGet<ScheduleException[]>('/api/schedule/exceptions', signal),
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/api/schedule/exceptions/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: EXCEPTIONS_KEY });
      void queryClient.invalidateQueries({ queryKey: BOOKING_KEY });
    },
  });
  const nameOf = (staffId: string | null) =>
    staffId === null ? t('schedule.clinicClosed') : (practitioners.find((p) => p.id === staffId)?.name ?? '');
  const rows = exceptions.data ?? [];
  return (
    <Stack gap="xs" mt="lg">
      <Title order={3} size="h5">
        {t('schedule.plannedTitle')}
      </Title>
      {exceptions.isError && (
        <Alert color="red" variant="light" role="alert">
          {common(requestErrorKey(exceptions.error))}
        </Alert>
      )}
      {exceptions.isSuccess && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('schedule.nothingPlanned')}
        </Text>
      )}
      {rows.map((row) => (
        <Group key={row.id} justify="space-between" wrap="nowrap" gap="sm">
          <div>
            <Text size="sm" fw={500}>
              {row.kind === 'extra' ? t('schedule.kindExtra') : t('schedule.kindAbsence')} ·{' '}
              {nameOf(row.staffId)}
            </Text>
            <Text size="sm" c="dimmed">
              {shortDateTime(row.startsAt)} – {shortDateTime(row.endsAt)}
              {row.note ? ` · ${row.note}` : ''}
            </Text>
          </div>
          <Button
            variant="subtle"
            color="red"
            size="compact-sm"
            loading={remove.isPending && remove.variables === row.id}
            onClick={() => remove.mutate(row.id)}
            aria-label={t('schedule.removeException', {
              what: row.kind === 'extra' ? t('schedule.kindExtra') : t('schedule.kindAbsence'),
              when: shortDateTime(row.startsAt),
            })}
          >
            {t('schedule.remove')}
          </Button>
        </Group>
      ))}
    </Stack>
  );
}
