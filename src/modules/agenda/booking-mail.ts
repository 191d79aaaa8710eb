import { documentFormat } from '../../platform/document-format';
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
  /** The page to pick another time; with the cancel link, or not at all. */
  rescheduleLink?: string | null;
  /**
   * Booked online with the address of an existing dossier: the link that confirms it was this
   * person (decision 0015). Sent only to that address, so only its owner can confirm.
   */
  confirmLink?: string | null;
  cancellationHours: number;
  now: Date;
  /** The invitation's SEQUENCE: 0 when booked, higher with every change (see `calendarSequence`). */
  sequence?: number;
};

/**
 * An invitation's SEQUENCE must grow with every change, or calendars ignore the update. There is
 * no version column on the appointment, so it is the seconds since the booking was made: 0 for the
 * confirmation, and larger for every later move or cancellation (at least 1).
 */
export function calendarSequence(createdAt: Date, now: Date): number {
  return Math.max(1, Math.floor((now.getTime() - createdAt.getTime()) / 1000));
}

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
        ...(input.clinic.address ? [`Address: ${input.clinic.address}`] : []),
        '',
        ...changeLines(input),
        'The attached invitation adds it to your calendar.',
      ]
    : [
        `Je afspraak bij ${input.clinic.name} staat vast: ${input.treatment}, ${when}.`,
        ...(input.clinic.address ? [`Adres: ${input.clinic.address}`] : []),
        '',
        ...changeLines(input),
        'Met de bijgevoegde uitnodiging zet je de afspraak in je agenda.',
      ];
  return {
    subject: en ? `${input.clinic.name}: your appointment` : `${input.clinic.name}: je afspraak`,
    body: lines.join('\n'),
    calendar: appointmentIcs(event(input, false), input.now),
  };
}

/** The appointment moved to another time: the updated invitation (same UID, higher SEQUENCE) and fresh links. */
export function rescheduleMail(input: BookingMailInput & { previousStartsAt: Date }): {
  subject: string;
  body: string;
  calendar: string;
} {
  const when = formatWhen(input);
  const before = formatWhen({ ...input, startsAt: input.previousStartsAt });
  const en = input.language === 'en';
  const lines = en
    ? [
        `Your appointment at ${input.clinic.name} has moved: ${input.treatment}, now ${when} (was ${before}).`,
        ...(input.clinic.address ? [`Address: ${input.clinic.address}`] : []),
        '',
        ...changeLines(input),
        'The attached invitation updates your calendar.',
      ]
    : [
        `Je afspraak bij ${input.clinic.name} is verzet: ${input.treatment}, nu ${when} (was ${before}).`,
        ...(input.clinic.address ? [`Adres: ${input.clinic.address}`] : []),
        '',
        ...changeLines(input),
        'Met de bijgevoegde uitnodiging werk je je agenda bij.',
      ];
  return {
    subject: en
      ? `${input.clinic.name}: your appointment has moved`
      : `${input.clinic.name}: afspraak verzet`,
    body: lines.join('\n'),
    calendar: appointmentIcs(event(input, false), input.now),
  };
}

/** The cancel and reschedule links, with the window they work in. */
function changeLines(input: BookingMailInput): string[] {
  const en = input.language === 'en';
  const hours = input.cancellationHours;
  return [
    ...(input.confirmLink
      ? [
          en
            ? `Was this you? Please confirm your booking, so that we can prepare your visit: ${input.confirmLink}`
            : `Heb je zelf geboekt? Bevestig dan je afspraak, zodat wij je bezoek kunnen voorbereiden: ${input.confirmLink}`,
          en
            ? 'If you did not book this, you can cancel it with the link below.'
            : 'Heb je niet zelf geboekt, dan kun je de afspraak met de link hieronder annuleren.',
          '',
        ]
      : []),
    ...(input.cancelLink
      ? [
          en
            ? `Can't make it? Cancel up to ${hours} hours before: ${input.cancelLink}`
            : `Verhinderd? Annuleer tot ${hours} uur van tevoren: ${input.cancelLink}`,
        ]
      : []),
    ...(input.rescheduleLink
      ? [
          en
            ? `Another time suits you better? Move it up to ${hours} hours before: ${input.rescheduleLink}`
            : `Komt een ander moment beter uit? Verzet tot ${hours} uur van tevoren: ${input.rescheduleLink}`,
        ]
      : []),
    ...(input.cancelLink || input.rescheduleLink ? [''] : []),
  ];
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
      : `Je afspraak (${input.treatment}, ${when}) is geannuleerd.`,
    calendar: appointmentIcs(event(input, true), input.now),
  };
}

function event(input: BookingMailInput, cancelled: boolean) {
  return {
    appointmentId: input.appointmentId,
    sequence: input.sequence ?? (cancelled ? 1 : 0),
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    summary: `${input.treatment} — ${input.clinic.name}`,
    location: input.clinic.address,
    organizer: { name: input.clinic.name, email: input.clinic.email },
    cancelled,
  };
}

function formatWhen(input: BookingMailInput): string {
  return documentFormat(input.language, input.clinic.timeZone).appointment(input.startsAt);
}
