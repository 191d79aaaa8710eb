import { sql } from 'drizzle-orm';
import { clinic } from '../../db/schema';
import { Invalid, NotFound } from '../../platform/errors';
import type { Actor } from './actor';
import type { AccessGate } from './gate';

/** How long a care relationship lasts (decision 0015); read by `vellum_care_basis` in the database. */
export type CarePeriodSettings = {
  /** Days before an appointment from which its practitioner sees the client. */
  daysBeforeAppointment: number;
  /** Days after an appointment until which they still do. */
  daysAfterAppointment: number;
  /** Days after a treatment or intake they recorded. */
  followUpDays: number;
};

const LIMITS: Record<keyof CarePeriodSettings, number> = {
  daysBeforeAppointment: 60,
  daysAfterAppointment: 90,
  followUpDays: 365,
};

/** The owner's setting of the care periods; a change holds at once for every access that follows. */
export class CarePeriods {
  constructor(private readonly gate: AccessGate) {}

  async get(actor: Actor, origin: string): Promise<CarePeriodSettings> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'care_periods' });
      const [row] = await scope.tx
        .select({
          daysBeforeAppointment: clinic.careDaysBefore,
          daysAfterAppointment: clinic.careDaysAfter,
          followUpDays: clinic.followUpDays,
        })
        .from(clinic)
        .limit(1);
      if (!row) throw new NotFound('the clinic is not set up');
      return row;
    });
  }

  async set(actor: Actor, input: CarePeriodSettings, origin: string): Promise<CarePeriodSettings> {
    const problems = (Object.keys(LIMITS) as (keyof CarePeriodSettings)[]).flatMap((field) =>
      Number.isInteger(input[field]) && input[field] >= 0 && input[field] <= LIMITS[field]
        ? []
        : [{ field, message: `is not a whole number of days from 0 to ${LIMITS[field]}` }],
    );
    if (problems.length > 0) {
      throw new Invalid(problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
    }
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'care_periods' });
      await scope.tx
        .update(clinic)
        .set({
          careDaysBefore: input.daysBeforeAppointment,
          careDaysAfter: input.daysAfterAppointment,
          followUpDays: input.followUpDays,
        })
        .where(sql`true`);
      scope.record({ action: 'update', objectType: 'care_periods', basis: 'role' });
      return input;
    });
  }
}
