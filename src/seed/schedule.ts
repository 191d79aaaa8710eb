/**
 * The seeded clinic's week and its agenda ahead. The owner sets the opening hours and every
 * practitioner's working hours through the agenda service (the same tables and audit entries as the
 * schedule page), and the current privacy statement is published, as the first visitor's page view
 * would. Then the next 60 days are planned: appointments packed into each practitioner's hours,
 * about 10,000 for 100,000 clients (issue 7's free-times case: 10 practitioners, 10,000
 * appointments, 60 days) and proportionally fewer for a smaller clinic. That is a full agenda — some
 * 20 appointments a practitioner a weekday — so the clinic keeps long hours, seven days a week, and
 * the agenda ahead holds the short treatments (30 and 45 minutes); what is not taken stays free.
 */
import type { AppContext } from '../app';
import { clinic } from '../db/schema';
import { datesBetween, weekday, zonedInstant } from '../modules/agenda/clinic-time';
import type { WeeklyHours } from '../modules/agenda/slots';
import type { StatementVersion } from '../modules/privacy/privacy-statement.service';
import type { FixedClock } from '../platform/clock';
import type { SeededTreatmentType } from './catalogue';
import type { SeededClinic } from './clinic-setup';
import { staffActor } from './clinic-setup';
import { DAY, MINUTE, type Random, requestOrigin } from './random';

/** Weekdays 08:00–22:00, weekends 09:00–18:00, in the clinic's time zone. */
export const WEEK: WeeklyHours = [1, 2, 3, 4, 5, 6, 7].map((day) => ({
  weekday: day,
  startMinutes: (day <= 5 ? 8 : 9) * 60,
  endMinutes: (day <= 5 ? 22 : 18) * 60,
}));
export const AGENDA_DAYS = 60;
/** Appointments in the next AGENDA_DAYS days per seeded client (10,000 for 100,000). */
export const FUTURE_PER_CLIENT = 0.1;
const SHORT_MINUTES = 45;

export type ClinicSchedule = { timeZone: string; statement: StatementVersion };

export type PlannedAppointment = {
  practitioner: number;
  type: SeededTreatmentType;
  start: number;
  end: number;
};

export async function setUpSchedules(
  context: AppContext,
  clock: FixedClock,
  random: Random,
  seeded: SeededClinic,
): Promise<ClinicSchedule> {
  const owner = staffActor(seeded.owner);
  clock.advance(30 * MINUTE);
  await context.schedule.setOpeningHours(owner, WEEK, requestOrigin(random));
  for (const practitioner of seeded.practitioners) {
    clock.advance(MINUTE);
    await context.schedule.setWorkingHours(owner, practitioner.id, WEEK, requestOrigin(random));
  }
  const statement = await context.privacyStatements.current(clock.now());
  if (!statement) throw new Error('no privacy statement: the clinic is not set up');
  const timeZone = await context.gate.act({ kind: 'system', name: 'seed' }, 'cli:seed', async (scope) => {
    const [row] = await scope.tx.select({ timeZone: clinic.timeZone }).from(clinic).limit(1);
    return row?.timeZone ?? 'Europe/Amsterdam';
  });
  return { timeZone, statement };
}

/**
 * The appointments of the AGENDA_DAYS days after `today` (a local date): each practitioner's days
 * packed from opening to closing with the short treatments they perform, now and then a quarter
 * of an hour left free, then `count` of those taken at random.
 */
export function planFutureAgenda(
  random: Random,
  seeded: SeededClinic,
  timeZone: string,
  today: string,
  count: number,
): PlannedAppointment[] {
  const types = seeded.catalogue.treatmentTypes;
  const last = new Date(Date.parse(`${today}T00:00:00Z`) + AGENDA_DAYS * DAY).toISOString().slice(0, 10);
  const days = datesBetween(today, last).slice(1);
  const candidates: PlannedAppointment[] = [];
  for (const [practitioner] of seeded.practitioners.entries()) {
    const short = types.filter((t) => t.minutes <= SHORT_MINUTES && t.practitioners.includes(practitioner));
    if (short.length === 0) continue;
    for (const date of days) {
      const hours = WEEK.find((h) => h.weekday === weekday(date));
      if (!hours) continue;
      const close = zonedInstant(date, hours.endMinutes, timeZone).getTime();
      let at = zonedInstant(date, hours.startMinutes, timeZone).getTime();
      for (;;) {
        const type = random.helpers.arrayElement(short);
        const end = at + type.minutes * MINUTE;
        if (end > close) break;
        candidates.push({ practitioner, type, start: at, end });
        at = end + random.helpers.arrayElement([0, 0, 0, 15]) * MINUTE;
      }
    }
  }
  const chosen = random.helpers.shuffle(candidates).slice(0, count);
  return chosen.sort((a, b) => a.start - b.start || a.practitioner - b.practitioner);
}
