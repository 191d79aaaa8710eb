import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../shared/api';
import { useHashValue } from '../../shared/location-hash';
import { requestErrorKey } from '../../shared/request-error';
import { addDays, localDateOf, mondayOf, todayIn } from '../agenda-time';
import type { FreeTime, ReschedulableAppointment } from '../agenda-types';
import { useZonedFormat } from '../zoned-format';
import classes from './booking.module.css';
import { TakenTimes } from './booking-page';
import { BookingError, postPublic } from './booking-queries';
import { DayStep, WEEKS_SHOWN } from './day-step';
import { TimeStep } from './time-step';

const SAME = 'same';
const ANYONE = 'anyone';

/**
 * /book/reschedule#token=…: the reschedule link from the confirmation, reminder or an earlier
 * reschedule e-mail. Shows the appointment and the free times for the same treatment, with the
 * same practitioner or anyone; the token stays in the fragment and travels only in request bodies.
 */
export function RescheduleBookingPage() {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  useDocumentTitle(`${t('reschedule.title')} · ${common('common.brand')}`);
  const token = useHashValue('token');
  const [moved, setMoved] = useState<string>();
  const appointment = useQuery({
    queryKey: ['public', 'reschedule', token],
    queryFn: () =>
      postPublic<ReschedulableAppointment>('/api/public/bookings/reschedule/appointment', { token }),
    enabled: Boolean(token) && !moved,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const error = appointment.error;
  const gone = !token || (error instanceof ApiError && error.status === 404);
  const late = error instanceof ApiError && error.status === 409;

  let content: ReactNode;
  if (moved) content = <Moved startsAt={moved} />;
  else if (gone) content = <Notice color="gray" text={t('reschedule.unavailable')} />;
  else if (late) content = <Notice color="orange" text={t('reschedule.tooLate')} alert />;
  else if (error) content = <Notice color="red" text={common(requestErrorKey(error))} alert />;
  else if (!appointment.data) content = <Loader role="status" aria-label={t('reschedule.loading')} />;
  else content = <Choose token={token ?? ''} appointment={appointment.data} onMoved={setMoved} />;

  return (
    <Stack gap="lg" maw={720} mx="auto" py="xl" px={{ base: 0, sm: 'md' }}>
      <Title order={1}>{t('reschedule.title')}</Title>
      {content}
    </Stack>
  );
}

function Notice({ color, text, alert }: { color: string; text: string; alert?: boolean }) {
  return (
    <Alert color={color} variant="light" role={alert ? 'alert' : 'status'}>
      {text}
    </Alert>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper
      component="section"
      p={{ base: 'md', sm: 'lg' }}
      radius="lg"
      className={classes.section}
      aria-labelledby={id}
    >
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Choose({
  token,
  appointment,
  onMoved,
}: {
  token: string;
  appointment: ReschedulableAppointment;
  onMoved: (startsAt: string) => void;
}) {
  const { t, i18n } = useTranslation('agenda');
  const format = useZonedFormat();
  const today = todayIn(format.timeZone);
  const [who, setWho] = useState(SAME);
  const [weekOffset, setWeekOffset] = useState(0);
  const [day, setDay] = useState<string>();
  const [choice, setChoice] = useState<FreeTime>();
  const firstMonday = addDays(mondayOf(today), weekOffset * 7);
  const lastDay = addDays(firstMonday, WEEKS_SHOWN * 7 - 1);
  const from = [firstMonday, today].sort()[1] ?? today;
  const anyone = who === ANYONE;
  const nameOf = (id: string) => appointment.practitioners.find((p) => p.id === id)?.name ?? '';

  const slots = useQuery({
    queryKey: ['public', 'reschedule', token, 'slots', from, lastDay, anyone],
    queryFn: () =>
      postPublic<FreeTime[]>('/api/public/bookings/reschedule/slots', { token, from, to: lastDay, anyone }),
    retry: false,
  });
  // One free time per start; the current practitioner first when several are free then.
  const byDay = useMemo(() => {
    const days = new Map<string, FreeTime[]>();
    for (const slot of slots.data ?? []) {
      const date = localDateOf(slot.startsAt, format.timeZone);
      const times = days.get(date) ?? [];
      const same = times.findIndex((time) => time.startsAt === slot.startsAt);
      if (same === -1) times.push(slot);
      else if (slot.practitionerId === appointment.practitionerId) times[same] = slot;
      days.set(date, times);
    }
    return days;
  }, [slots.data, format.timeZone, appointment.practitionerId]);

  const move = useMutation({
    mutationFn: (time: FreeTime) =>
      postPublic<{ startsAt: string }>('/api/public/bookings/reschedule', {
        token,
        startsAt: time.startsAt,
        practitionerId: time.practitionerId,
      }),
    onSuccess: (answer) => onMoved(answer.startsAt),
    onError: () => void slots.refetch(),
  });
  const taken =
    move.error instanceof BookingError && move.error.status === 409 && /just taken/.test(move.error.message)
      ? move.error
      : undefined;
  const late = move.error instanceof BookingError && move.error.status === 409 && !taken;

  const choose = (time: FreeTime) => {
    setDay(localDateOf(time.startsAt, format.timeZone));
    setChoice(time);
    move.reset();
  };

  return (
    <Stack gap="md">
      <Paper p="md" radius="lg" withBorder data-testid="reschedule-current">
        <Text size="sm" c="dimmed">
          {t('reschedule.current')}
        </Text>
        <Text fw={600} size="lg">
          {appointment.treatmentName}
        </Text>
        <Text>{format.dateTime(appointment.startsAt)}</Text>
        <Text size="sm">{t('reschedule.with', { name: nameOf(appointment.practitionerId) })}</Text>
        <Text size="sm" c="dimmed" mt={4}>
          {t('reschedule.until', { when: format.dateTime(appointment.changeableUntil) })}
        </Text>
      </Paper>

      <Radio.Group
        label={t('reschedule.whoLabel')}
        value={who}
        onChange={(value) => {
          setWho(value);
          setDay(undefined);
          setChoice(undefined);
        }}
      >
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" mt="xs">
          {[
            { value: SAME, label: t('reschedule.same', { name: nameOf(appointment.practitionerId) }) },
            { value: ANYONE, label: t('reschedule.anyone') },
          ].map((option) => (
            <Radio.Card key={option.value} value={option.value} p="sm" radius="md">
              <Group wrap="nowrap" gap="sm">
                <Radio.Indicator />
                <Text fw={500}>{option.label}</Text>
              </Group>
            </Radio.Card>
          ))}
        </SimpleGrid>
      </Radio.Group>

      <Section id="reschedule-step-day" title={t('reschedule.stepDay')}>
        {slots.isError && (
          <Alert color="red" variant="light" role="alert" mb="sm">
            {i18n.t(requestErrorKey(slots.error))}
          </Alert>
        )}
        <DayStep
          firstMonday={firstMonday}
          today={today}
          freeDays={new Set(byDay.keys())}
          loading={slots.isPending}
          value={day}
          onChange={(date) => {
            setDay(date);
            setChoice(undefined);
          }}
          onEarlier={weekOffset > 0 ? () => setWeekOffset(weekOffset - WEEKS_SHOWN) : undefined}
          onLater={() => setWeekOffset(weekOffset + WEEKS_SHOWN)}
        />
      </Section>

      {day && (
        <Section id="reschedule-step-time" title={t('reschedule.stepTime')}>
          <TimeStep
            day={day}
            times={(byDay.get(day) ?? []).map((time) => time.startsAt)}
            value={choice?.startsAt}
            onChange={(startsAt) => {
              const time = byDay.get(day)?.find((slot) => slot.startsAt === startsAt);
              if (time) choose(time);
            }}
          />
        </Section>
      )}

      {choice && (
        <Stack gap="sm">
          <Text fw={600} data-testid="reschedule-summary">
            {t('reschedule.summary', {
              when: format.dateTime(choice.startsAt),
              name: nameOf(choice.practitionerId),
            })}
          </Text>
          {taken && (
            <TakenTimes
              error={taken}
              onChoose={(startsAt) => {
                const next = taken.nextFreeTimes.find((time) => time.startsAt === startsAt);
                if (next) choose(next);
              }}
            />
          )}
          {late && <Notice color="orange" text={t('reschedule.tooLate')} alert />}
          {move.error && !taken && !late && (
            <Notice color="red" text={i18n.t(requestErrorKey(move.error))} alert />
          )}
          <Button w="fit-content" loading={move.isPending} onClick={() => move.mutate(choice)}>
            {t('reschedule.confirm')}
          </Button>
        </Stack>
      )}

      <Anchor href={`/book/cancel#token=${token}`} size="sm">
        {t('reschedule.cancelInstead')}
      </Anchor>
    </Stack>
  );
}

function Moved({ startsAt }: { startsAt: string }) {
  const { t } = useTranslation('agenda');
  const format = useZonedFormat();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Stack gap="md">
      <Alert
        ref={ref}
        tabIndex={-1}
        color="teal"
        variant="light"
        role="status"
        data-testid="booking-rescheduled"
      >
        {t('reschedule.done', { when: format.dateTime(startsAt) })}
      </Alert>
      <div>
        <Button component={Link} to="/" variant="light">
          {t('booking.backHome')}
        </Button>
      </div>
    </Stack>
  );
}
