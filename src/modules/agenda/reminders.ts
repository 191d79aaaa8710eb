import { and, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { client, clinic, outboxEmail } from '../../db/schema';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { documentFormat } from '../../platform/document-format';
import { newId } from '../../platform/ids';
import { claimJobSlot, tryJobLock } from '../../platform/job-lock';
import { type Actor, job } from '../access/actor';
import type { AccessGate } from '../access/gate';
import { treatmentType } from '../catalogue/tables';
import { placeOf } from './booking-links.service';
import { appointment } from './tables';

const ACTOR: Actor = job('reminders');
const HOUR = 3600_000;

/**
 * The reminder 24 hours before an appointment (issue 6), into the outbox like every e-mail: the
 * treatment's name and the time, nothing medical; fresh cancel and reschedule links while changing
 * online is still allowed. Appointments booked less than a day ahead get none. Each appointment once.
 */
export class Reminders {
  constructor(
    private readonly gate: AccessGate,
    private readonly config: Config,
  ) {}

  /**
   * Queues the reminders due now. With a slot (the schedule's), once for that slot across instances,
   * recorded in this transaction; without one, under the job's lock only. Undefined when another
   * instance has it.
   */
  async queueDue(options: { slot?: Date } = {}): Promise<number | undefined> {
    return this.gate.act(ACTOR, 'job:reminders', async (scope) => {
      const claimed = options.slot
        ? await claimJobSlot(scope.tx, 'reminders', options.slot)
        : await tryJobLock(scope.tx, 'reminders');
      if (!claimed) return undefined;
      const now = scope.now;
      const due = await scope.tx
        .select({
          id: appointment.id,
          clientId: appointment.clientId,
          startsAt: appointment.startsAt,
          email: client.email,
          language: client.preferredLanguage,
          treatment: treatmentType.name,
          locationId: appointment.locationId,
        })
        .from(appointment)
        .innerJoin(client, eq(client.id, appointment.clientId))
        .innerJoin(treatmentType, eq(treatmentType.id, appointment.treatmentTypeId))
        .where(
          and(
            eq(appointment.status, 'booked'),
            isNull(appointment.remindedAt),
            gt(appointment.startsAt, now),
            lte(appointment.startsAt, new Date(now.getTime() + 24 * HOUR)),
            sql`${appointment.createdAt} < ${appointment.startsAt} - interval '24 hours'`,
          ),
        );
      const [rules] = await scope.tx.select().from(clinic).limit(1);
      if (!rules) return 0;
      for (const row of due) {
        await scope.tx.update(appointment).set({ remindedAt: now }).where(eq(appointment.id, row.id));
        if (!row.email) continue;
        const canCancel = now.getTime() < row.startsAt.getTime() - rules.cancellationHours * HOUR;
        let cancelLink: string | null = null;
        let rescheduleLink: string | null = null;
        if (canCancel) {
          const token = randomToken(32);
          await scope.tx
            .update(appointment)
            .set({ cancelTokenHash: sha256Hex(token) })
            .where(eq(appointment.id, row.id));
          cancelLink = `${this.config.publicUrl}/book/cancel#token=${token}`;
          rescheduleLink = `${this.config.publicUrl}/book/reschedule#token=${token}`;
        }
        const when = documentFormat(row.language, rules.timeZone).appointment(row.startsAt);
        const en = row.language === 'en';
        // Where: the location's address (a chain's clients may go to more than one).
        const { address } = await placeOf(scope, row.locationId);
        await scope.tx.insert(outboxEmail).values({
          id: newId(),
          recipient: row.email,
          clientId: row.clientId,
          kind: 'booking_reminder',
          subject: en ? `${rules.name}: your appointment tomorrow` : `${rules.name}: je afspraak morgen`,
          body: [
            en
              ? `A reminder of your appointment: ${row.treatment}, ${when}.`
              : `Ter herinnering: ${row.treatment}, ${when}.`,
            ...(address ? [en ? `Address: ${address}` : `Adres: ${address}`] : []),
            ...(cancelLink ? ['', en ? `Can't make it? ${cancelLink}` : `Verhinderd? ${cancelLink}`] : []),
            ...(rescheduleLink
              ? [
                  en
                    ? `Another time suits you better? ${rescheduleLink}`
                    : `Liever een ander moment? ${rescheduleLink}`,
                ]
              : []),
          ].join('\n'),
          createdAt: now,
        });
        scope.record({
          action: 'create',
          objectType: 'reminder',
          objectId: row.id,
          clientId: row.clientId,
          basis: 'system',
        });
      }
      return due.length;
    });
  }
}
