import type { Language } from '../privacy/statement';
import { appointmentIcs } from './ics';

export type BookingMailInput = {
  language: Language;
  clinic: { name: string; timeZone: string; address: string | null; email: string };
  appointmentId: string;
  treatment: string;
  startsAt: Date;
  endsAt: Date;
  cancelLink: string | null;
  cancellationHours: number;
  now: Date;
};

/** The confirmation of a booking, with the calendar invitation and the cancel link; nothing medical. */
export function confirmationMail(input: BookingMailInput): {
  subject: string;
  body: string;
  calendar: string;
} {
  const when = formatWhen(input);
  const en = input.language === 'en';
  const lines = en
    ? [
        `Your appointment at ${input.clinic.name} is booked: ${input.treatment}, ${when}.`,
        '',
        ...(input.cancelLink
          ? [`Can't make it? Cancel up to ${input.cancellationHours} hours before: ${input.cancelLink}`, '']
          : []),
        'The attached invitation adds it to your calendar.',
      ]
    : [
        `Uw afspraak bij ${input.clinic.name} staat vast: ${input.treatment}, ${when}.`,
        '',
        ...(input.cancelLink
          ? [`Verhinderd? Annuleer tot ${input.cancellationHours} uur van tevoren: ${input.cancelLink}`, '']
          : []),
        'Met de bijgevoegde uitnodiging zet u de afspraak in uw agenda.',
      ];
  return {
    subject: en ? `${input.clinic.name}: your appointment` : `${input.clinic.name}: uw afspraak`,
    body: lines.join('\n'),
    calendar: appointmentIcs(event(input, false), input.now),
  };
}

export function cancellationMail(input: BookingMailInput): {
  subject: string;
  body: string;
  calendar: string;
} {
  const when = formatWhen(input);
  const en = input.language === 'en';
  return {
    subject: en
      ? `${input.clinic.name}: appointment cancelled`
      : `${input.clinic.name}: afspraak geannuleerd`,
    body: en
      ? `Your appointment (${input.treatment}, ${when}) is cancelled.`
      : `Uw afspraak (${input.treatment}, ${when}) is geannuleerd.`,
    calendar: appointmentIcs(event(input, true), input.now),
  };
}

function event(input: BookingMailInput, cancelled: boolean) {
  return {
    appointmentId: input.appointmentId,
    sequence: cancelled ? 1 : 0,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    summary: `${input.treatment} — ${input.clinic.name}`,
    location: input.clinic.address,
    organizer: { name: input.clinic.name, email: input.clinic.email },
    cancelled,
  };
}

function formatWhen(input: BookingMailInput): string {
  return new Intl.DateTimeFormat(input.language === 'en' ? 'en-GB' : 'nl-NL', {
    timeZone: input.clinic.timeZone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(input.startsAt);
}
