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
import { type ReactNode, useEffect, useEffectEvent, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { apiGet, apiPost, apiRequest } from '../../shared/api';
import type { ApiBody, ApiResponse } from '../../shared/api-types';
import { optionalText, REQUIRED, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { wallClockToIso } from '../../shared/zoned-time';
import { EVERY_LOCATION, LocationPicker } from '../../staff/locations/location-picker';
import { OwnerOnly } from '../../staff/session/owner-only';
import { chosen } from '../agenda-form-fields';
import type { LocatedBlock, Schedule, ScheduleException, WeeklyBlock } from '../agenda-types';
import { BOOKING_KEY } from '../booking/booking-queries';
import { useZonedFormat } from '../zoned-format';
import { usePractitioners } from './agenda-queries';
import { HoursEditor } from './hours-editor';
import { defaultWeek, fromBlocks, toBlocks, weekField } from './week-hours';

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

function useSaveHours() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      path,
      hours,
      locationId,
    }: {
      path: string;
      hours: WeeklyBlock[];
      locationId: string | null;
    }) => apiRequest<void>(path, { method: 'PUT', body: { hours, ...(locationId ? { locationId } : {}) } }),
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

const openingSchema = z.object({ locationId: z.string().nullable(), week: weekField });

function OpeningHours() {
  const { t } = useTranslation('agenda');
  const save = useSaveHours();
  const schedule = useSchedule();
  const { form, field, errorAt, onSubmit } = useSchemaForm(
    openingSchema,
    { locationId: null, week: defaultWeek() },
    save.error,
  );
  const { locationId, week } = form.getValues();
  const { setFieldValue } = form;
  // The form's setters change at every render: the hours load only when the schedule or the location does.
  const loadWeek = useEffectEvent((blocks: WeeklyBlock[] | undefined) =>
    setFieldValue('week', fromBlocks(blocks)),
  );
  useEffect(() => {
    if (schedule.data) loadWeek(atLocation(schedule.data.openingHours, locationId));
  }, [schedule.data, locationId]);
  return (
    <Panel id="opening-hours-title" title={t('schedule.openingTitle')}>
      <form
        onSubmit={onSubmit((values) =>
          save.mutate({
            path: '/api/schedule/opening-hours',
            hours: toBlocks(values.week),
            locationId: values.locationId,
          }),
        )}
        noValidate
      >
        <Stack gap="sm">
          <Text size="sm">{t('schedule.replaceHint')}</Text>
          <LocationPicker
            value={locationId}
            onChange={(next) => {
              setFieldValue('locationId', next);
              save.reset();
            }}
            error={field('locationId').error}
          />
          <HoursEditor
            idPrefix="opening"
            week={week}
            onChange={(next) => {
              setFieldValue('week', next);
              save.reset();
            }}
            errorOf={(index) => errorAt(`week.${index}.end`)}
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

const workingSchema = z.object({
  staffId: chosen('agenda:schedule.choosePractitioner'),
  locationId: z.string().nullable(),
  week: weekField,
});

function WorkingHours() {
  const { t } = useTranslation('agenda');
  const practitioners = usePractitioners();
  const save = useSaveHours();
  const schedule = useSchedule();
  const { form, field, errorAt, onSubmit } = useSchemaForm(
    workingSchema,
    { staffId: null, locationId: null, week: defaultWeek() },
    save.error,
  );
  const { staffId, locationId, week } = form.getValues();
  const { setFieldValue } = form;
  // The form's setters change at every render: the hours load only when the schedule, the practitioner or the location does.
  const loadWeek = useEffectEvent((blocks: WeeklyBlock[] | undefined) =>
    setFieldValue('week', fromBlocks(blocks)),
  );
  useEffect(() => {
    if (staffId && schedule.data) {
      loadWeek(atLocation(schedule.data.workingHours.find((w) => w.staffId === staffId)?.hours, locationId));
    }
  }, [staffId, schedule.data, locationId]);
  return (
    <Panel id="working-hours-title" title={t('schedule.workingTitle')}>
      <form
        onSubmit={onSubmit((values) =>
          save.mutate({
            path: `/api/staff/${encodeURIComponent(values.staffId)}/working-hours`,
            hours: toBlocks(values.week),
            locationId: values.locationId,
          }),
        )}
        noValidate
      >
        <Stack gap="sm">
          <Select
            label={t('staff.practitioner')}
            placeholder={t('schedule.whoseHours')}
            data={practitioners.map((p) => ({ value: p.id, label: p.name }))}
            value={staffId}
            onChange={(value) => {
              setFieldValue('staffId', value);
              save.reset();
            }}
            error={field('staffId').error}
            maw={320}
          />
          <LocationPicker
            value={locationId}
            onChange={(next) => {
              setFieldValue('locationId', next);
              save.reset();
            }}
            error={field('locationId').error}
          />
          <HoursEditor
            idPrefix="working"
            week={week}
            onChange={(next) => {
              setFieldValue('week', next);
              save.reset();
            }}
            errorOf={(index) => errorAt(`week.${index}.end`)}
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

/**
 * An absence, closure or extra hours: a start, an end after it (in the clinic's time zone), and
 * extra hours only for a practitioner.
 */
function exceptionSchema(timeZone: string) {
  return z
    .object({
      kind: z.enum(['absence', 'extra']),
      who: z.string(),
      locationId: z.string().nullable(),
      startsAt: z.string(),
      endsAt: z.string(),
      note: optionalText(200),
    })
    .superRefine((values, context) => {
      const from = wallClockToIso(values.startsAt, timeZone);
      const until = wallClockToIso(values.endsAt, timeZone);
      if (!from) context.addIssue({ code: 'custom', path: ['startsAt'], message: REQUIRED });
      else if (!until || until <= from) {
        context.addIssue({ code: 'custom', path: ['endsAt'], message: 'agenda:staff.endAfterStart' });
      }
      if (values.kind === 'extra' && values.who === WHOLE_CLINIC) {
        context.addIssue({
          code: 'custom',
          path: ['who'],
          message: 'agenda:schedule.extraNeedsPractitioner',
        });
      }
    });
}

function Absence() {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  const { timeZone } = useZonedFormat();
  const queryClient = useQueryClient();
  const practitioners = usePractitioners();
  const schema = useMemo(() => exceptionSchema(timeZone), [timeZone]);
  const add = useMutation({
    mutationFn: (body: ApiBody<'/api/schedule/exceptions', 'post'>) =>
      apiPost<ApiResponse<'/api/schedule/exceptions', 'post'>>('/api/schedule/exceptions', body),
    onSuccess: () => {
      form.setValues({ startsAt: '', endsAt: '', note: '' });
      void queryClient.invalidateQueries({ queryKey: BOOKING_KEY });
      void queryClient.invalidateQueries({ queryKey: EXCEPTIONS_KEY });
    },
  });
  const { form, field, onSubmit } = useSchemaForm(
    schema,
    { kind: 'absence', who: WHOLE_CLINIC, locationId: null, startsAt: '', endsAt: '', note: '' },
    add.error,
  );
  const { kind, who, locationId } = form.getValues();
  const submit = onSubmit((values) =>
    add.mutate({
      staffId: values.who === WHOLE_CLINIC ? null : values.who,
      ...(values.locationId && values.locationId !== EVERY_LOCATION ? { locationId: values.locationId } : {}),
      kind: values.kind,
      startsAt: wallClockToIso(values.startsAt, timeZone) ?? '',
      endsAt: wallClockToIso(values.endsAt, timeZone) ?? '',
      ...(values.note ? { note: values.note } : {}),
    }),
  );
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
              const next = value === 'extra' ? 'extra' : 'absence';
              form.setFieldValue('kind', next);
              if (next === 'extra' && who === WHOLE_CLINIC && practitioners[0]) {
                form.setFieldValue('who', practitioners[0].id);
              }
            }}
            maw={420}
          />
          <Select
            label={t('schedule.absenceWho')}
            data={[
              ...(kind === 'absence' ? [{ value: WHOLE_CLINIC, label: t('schedule.clinicClosed') }] : []),
              ...practitioners.map((p) => ({ value: p.id, label: p.name })),
            ]}
            allowDeselect={false}
            maw={320}
            {...field('who', { apiField: 'staffId' })}
          />
          <LocationPicker
            value={locationId}
            onChange={(next) => form.setFieldValue('locationId', next)}
            everyLabel={t('schedule.everyLocation')}
            error={field('locationId').error}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              type="datetime-local"
              label={t('schedule.absenceFrom')}
              required
              {...field('startsAt')}
            />
            <TextInput
              type="datetime-local"
              label={t('schedule.absenceUntil')}
              required
              {...field('endsAt')}
            />
          </SimpleGrid>
          <TextInput label={t('schedule.absenceNote')} maxLength={200} {...field('note')} />
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
