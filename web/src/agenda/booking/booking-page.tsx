import { Alert, Button, Group, Loader, Paper, Radio, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClinicName } from '../../public/clinic-name';
import { useMoney } from '../../shared/money';
import { requestErrorKey } from '../../shared/request-error';
import { addDays, localDateOf, mondayOf, todayIn } from '../agenda-time';
import type { BookableTreatment, FreeTime, PublicLocation } from '../agenda-types';
import { useZonedFormat } from '../zoned-format';
import classes from './booking.module.css';
import {
  BOOKING_KEY,
  BookingError,
  postBooking,
  useBookableTreatments,
  useBookingStatement,
  useFreeTimes,
  usePublicLocations,
} from './booking-queries';
import { DayStep, WEEKS_SHOWN } from './day-step';
import { DetailsForm, type VisitorDetails } from './details-form';
import { PractitionerStep } from './practitioner-step';
import { TimeStep } from './time-step';
import { TreatmentStep } from './treatment-step';

interface Booked {
  treatment: BookableTreatment;
  location: PublicLocation | undefined;
  startsAt: string;
  practitionerName: string | undefined;
  email: string;
}

/**
 * /book: (the location, when there is more than one) → treatment → practitioner or anyone → day →
 * time → details and consent → confirmation.
 */
export function BookingPage() {
  const { t, i18n } = useTranslation('agenda');
  const clinic = useClinicName();
  useDocumentTitle(`${t('booking.title')} · ${clinic}`);
  const locations = usePublicLocations();
  const chain = (locations.data?.length ?? 0) > 1;
  const [locationId, setLocationId] = useState<string>();
  const location = locations.data?.find((l) => l.id === locationId);
  const treatments = useBookableTreatments(
    chain ? locationId : undefined,
    locations.isSuccess && (!chain || Boolean(locationId)),
  );
  const [booked, setBooked] = useState<Booked>();

  if (booked) return <Confirmation booked={booked} />;
  return (
    <Stack gap="lg" maw={720} mx="auto" py="xl">
      <Stack gap={4}>
        <Title order={1}>{t('booking.title')}</Title>
        <Text>{t('booking.intro')}</Text>
      </Stack>
      {chain && locations.data && (
        <Section id="booking-step-location" title={t('booking.stepLocation')}>
          <LocationStep locations={locations.data} value={locationId} onChange={setLocationId} />
        </Section>
      )}
      {(locations.isPending || (treatments.isPending && treatments.fetchStatus !== 'idle')) && (
        <Loader role="status" aria-label={t('booking.loading')} />
      )}
      {(locations.isError || treatments.isError) && (
        <Alert color="red" variant="light" role="alert">
          {i18n.t(requestErrorKey(locations.error ?? treatments.error))}
        </Alert>
      )}
      {treatments.data?.length === 0 && <Alert variant="light">{t('booking.nothingBookable')}</Alert>}
      {treatments.data && treatments.data.length > 0 && (
        <BookingSteps
          key={locationId ?? 'only'}
          treatments={treatments.data}
          location={chain ? location : undefined}
          onBooked={setBooked}
        />
      )}
    </Stack>
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

/** The first step of a chain's booking page: where (name and address). */
function LocationStep({
  locations,
  value,
  onChange,
}: {
  locations: PublicLocation[];
  value: string | undefined;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation('agenda');
  return (
    <Radio.Group label={t('booking.locationLabel')} value={value ?? null} onChange={onChange}>
      <Stack gap="xs" mt="xs">
        {locations.map((place) => (
          <Radio.Card key={place.id} value={place.id} p="sm" radius="md">
            <Group wrap="nowrap" align="flex-start" gap="sm">
              <Radio.Indicator mt={2} />
              <Stack gap={2}>
                <Text fw={600}>{place.name}</Text>
                {place.address && <Text size="sm">{place.address}</Text>}
              </Stack>
            </Group>
          </Radio.Card>
        ))}
      </Stack>
    </Radio.Group>
  );
}

function BookingSteps({
  treatments,
  location,
  onBooked,
}: {
  treatments: BookableTreatment[];
  /** The chosen location of a chain; undefined for a clinic with one. */
  location: PublicLocation | undefined;
  onBooked: (booked: Booked) => void;
}) {
  const { t, i18n } = useTranslation('agenda');
  const format = useZonedFormat();
  const money = useMoney();
  const queryClient = useQueryClient();
  const statement = useBookingStatement();
  const today = todayIn(format.timeZone);
  const [treatmentId, setTreatmentId] = useState<string>();
  const [practitionerId, setPractitionerId] = useState<string>();
  const [weekOffset, setWeekOffset] = useState(0);
  const [day, setDay] = useState<string>();
  const [startsAt, setStartsAt] = useState<string>();
  const treatment = treatments.find((item) => item.id === treatmentId);
  const firstMonday = addDays(mondayOf(today), weekOffset * 7);
  const lastDay = addDays(firstMonday, WEEKS_SHOWN * 7 - 1);
  // The later of the two (calendar dates sort as strings).
  const from = [firstMonday, today].sort()[1] ?? today;
  const chosenPractitioner = practitionerId === undefined ? undefined : practitionerId || null;
  const slots = useFreeTimes(
    chosenPractitioner === undefined ? undefined : treatmentId,
    chosenPractitioner ?? null,
    from,
    lastDay,
    location?.id,
  );
  const byDay = useMemo(() => {
    const days = new Map<string, string[]>();
    for (const slot of slots.data ?? []) {
      const date = localDateOf(slot.startsAt, format.timeZone);
      const times = days.get(date) ?? [];
      // "Anyone": several practitioners may be free at the same time; offer it once.
      if (!times.includes(slot.startsAt)) times.push(slot.startsAt);
      days.set(date, times);
    }
    return days;
  }, [slots.data, format.timeZone]);

  const book = useMutation({
    mutationFn: (details: VisitorDetails) => {
      if (!treatment || !startsAt) throw new Error('nothing chosen');
      return postBooking({
        treatmentTypeId: treatment.id,
        ...(location ? { locationId: location.id } : {}),
        practitionerId: chosenPractitioner ?? null,
        startsAt,
        firstName: details.firstName.trim(),
        lastName: details.lastName.trim(),
        email: details.email.trim(),
        phone: details.phone.trim(),
        ...(details.birthDate ? { birthDate: details.birthDate } : {}),
        language: i18n.resolvedLanguage === 'en' ? 'en' : 'nl',
        statementVersion: statement.data?.version ?? 1,
        consent: details.consent,
        website: details.website,
      });
    },
    onSuccess: (answer, details) => {
      if (!treatment) return;
      void queryClient.invalidateQueries({ queryKey: BOOKING_KEY });
      onBooked({
        treatment,
        location,
        startsAt: answer.startsAt,
        practitionerName: treatment.practitioners.find((p) => p.id === chosenPractitioner)?.name,
        email: details.email.trim(),
      });
    },
    onError: (error) => {
      if (error instanceof BookingError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: [...BOOKING_KEY, 'slots'] });
      }
    },
  });
  const taken = book.error instanceof BookingError && book.error.status === 409 ? book.error : undefined;

  const chooseTime = (time: FreeTime['startsAt']) => {
    setDay(localDateOf(time, format.timeZone));
    setStartsAt(time);
    book.reset();
  };

  // On a phone each choice opens the next step below the fold: bring it into sight (issue 14).
  const nextStep = startsAt
    ? 'booking-details-title'
    : day
      ? 'booking-step-time'
      : practitionerId !== undefined
        ? 'booking-step-day'
        : treatmentId
          ? 'booking-step-practitioner'
          : undefined;
  const revealed = useRef(nextStep);
  useEffect(() => {
    if (!nextStep || nextStep === revealed.current) return;
    revealed.current = nextStep;
    revealStep(nextStep);
  }, [nextStep]);

  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'nl';
  return (
    <Stack gap="md">
      <Section id="booking-step-treatment" title={t('booking.stepTreatment')}>
        <TreatmentStep
          treatments={treatments}
          value={treatmentId}
          onChange={(id) => {
            setTreatmentId(id);
            setPractitionerId(undefined);
            setDay(undefined);
            setStartsAt(undefined);
          }}
        />
      </Section>
      {treatment && (
        <Section id="booking-step-practitioner" title={t('booking.stepPractitioner')}>
          <PractitionerStep
            treatment={treatment}
            value={practitionerId}
            onChange={(id) => {
              setPractitionerId(id);
              setDay(undefined);
              setStartsAt(undefined);
            }}
          />
        </Section>
      )}
      {treatment && practitionerId !== undefined && (
        <Section id="booking-step-day" title={t('booking.stepDay')}>
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
              setStartsAt(undefined);
            }}
            onEarlier={weekOffset > 0 ? () => setWeekOffset(weekOffset - WEEKS_SHOWN) : undefined}
            onLater={() => setWeekOffset(weekOffset + WEEKS_SHOWN)}
          />
        </Section>
      )}
      {treatment && day && (
        <Section id="booking-step-time" title={t('booking.stepTime')}>
          <TimeStep day={day} times={byDay.get(day) ?? []} value={startsAt} onChange={chooseTime} />
        </Section>
      )}
      {treatment && startsAt && (
        <Section id="booking-details-title" title={t('booking.stepDetails')}>
          <Stack gap="md">
            <Paper p="sm" radius="md" withBorder data-testid="booking-summary">
              <Text fw={600}>{treatment.name}</Text>
              {location && (
                <Text size="sm">{[location.name, location.address].filter(Boolean).join(', ')}</Text>
              )}
              <Text size="sm">
                {format.dateTime(startsAt)}
                {' · '}
                {t('booking.durationPrice', {
                  minutes: treatment.durationMinutes,
                  price: money.price(treatment.priceCents),
                })}
              </Text>
              <Text size="sm">
                {t('booking.with', {
                  name:
                    treatment.practitioners.find((p) => p.id === chosenPractitioner)?.name ??
                    t('booking.anyoneLower'),
                })}
              </Text>
            </Paper>
            {taken && <TakenTimes error={taken} onChoose={chooseTime} />}
            {book.error && !taken && !(book.error instanceof BookingError && book.error.status === 400) && (
              <Alert color="red" variant="light" role="alert">
                {i18n.t(requestErrorKey(book.error))}
              </Alert>
            )}
            <DetailsForm
              consentText={statement.data?.consentTexts.personal_data?.[language]}
              pending={book.isPending}
              error={book.error}
              onSubmit={(details) => book.mutate(details)}
            />
          </Stack>
        </Section>
      )}
    </Stack>
  );
}

/** Someone booked the time a moment earlier: the next free times to pick from. */
export function TakenTimes({
  error,
  onChoose,
}: {
  error: BookingError;
  onChoose: (startsAt: string) => void;
}) {
  const { t } = useTranslation('agenda');
  const format = useZonedFormat();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const times = [...new Set(error.nextFreeTimes.map((time) => time.startsAt))];
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color="orange"
      variant="light"
      role="alert"
      title={t('booking.takenTitle')}
      data-testid="time-taken"
    >
      <Stack gap="sm">
        <Text size="sm">{times.length > 0 ? t('booking.takenText') : t('booking.takenNoTimes')}</Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          {times.map((startsAt) => (
            <Button key={startsAt} variant="white" onClick={() => onChoose(startsAt)}>
              {format.shortDateTime(startsAt)}
            </Button>
          ))}
        </SimpleGrid>
      </Stack>
    </Alert>
  );
}

/**
 * Scrolls the step whose heading has this id into view when its top lies in the lower quarter of
 * the window or below it (a phone); a step already in sight (a desktop) stays where it is.
 */
function revealStep(headingId: string) {
  requestAnimationFrame(() => {
    const section = document.getElementById(headingId)?.closest('section');
    if (!section || section.getBoundingClientRect().top < window.innerHeight * 0.75) return;
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    section.scrollIntoView({ behavior: still ? 'auto' : 'smooth', block: 'start' });
  });
}

function Confirmation({ booked }: { booked: Booked }) {
  const { t } = useTranslation('agenda');
  const format = useZonedFormat();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <Stack gap="md" maw={640} mx="auto" py="xl" data-testid="booking-confirmation">
      <Title order={1} ref={heading} tabIndex={-1}>
        {t('booking.doneTitle')}
      </Title>
      <Paper p="lg" radius="lg" className={classes.section}>
        <Stack gap={4}>
          <Text fw={600} size="lg">
            {booked.treatment.name}
          </Text>
          <Text data-testid="booked-time">{format.dateTime(booked.startsAt)}</Text>
          {booked.practitionerName && <Text>{t('booking.with', { name: booked.practitionerName })}</Text>}
          {booked.location && (
            <Text data-testid="booked-location">
              {[booked.location.name, booked.location.address].filter(Boolean).join(', ')}
            </Text>
          )}
        </Stack>
      </Paper>
      <Text>{t('booking.doneMail', { email: booked.email })}</Text>
      <Text size="sm" c="dimmed">
        {t('booking.doneChange')}
      </Text>
      <div>
        <Button component={Link} to="/" variant="light">
          {t('booking.backHome')}
        </Button>
      </div>
    </Stack>
  );
}
