import { and, asc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Config } from '../../config';
import { client, clinic, staff } from '../../db/schema';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { Forbidden, NotFound } from '../../platform/errors';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import { treatmentType } from '../catalogue/tables';
import { fold, text, utc } from './ics';
import { appointment, calendarFeed } from './tables';

const DAY = 24 * 3600_000;

/**
 * A practitioner's private calendar feed (issue 6) for their phone: their own appointments, with
 * the client's first name and the treatment only. The URL carries a random token in its query
 * string (request logs drop query strings); revoking ends it at once.
 */
export class CalendarFeeds {
  constructor(
    private readonly gate: AccessGate,
    private readonly config: Config,
  ) {}

  /** A new feed URL for a practitioner (themselves, or the owner for them); an old one stops working. */
  async create(actor: Actor, staffId: string, origin: string): Promise<{ url: string }> {
    return this.gate.act(actor, origin, async (scope) => {
      this.assertSelfOrOwner(scope, actor, staffId, 'create');
      // A feed for an account that does not exist (or no longer works) is refused, not half-made.
      const [member] = await scope.tx
        .select({ disabledAt: staff.disabledAt })
        .from(staff)
        .where(eq(staff.id, staffId));
      if (!member || member.disabledAt) throw new NotFound();
      const token = randomToken(32);
      await scope.tx.delete(calendarFeed).where(eq(calendarFeed.staffId, staffId));
      await scope.tx
        .insert(calendarFeed)
        .values({ staffId, tokenHash: sha256Hex(token), createdAt: scope.now });
      scope.record({ action: 'create', objectType: 'calendar_feed', objectId: staffId, basis: 'self' });
      return { url: `${this.config.publicUrl}/api/public/calendar.ics?token=${token}` };
    });
  }

  async revoke(actor: Actor, staffId: string, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      this.assertSelfOrOwner(scope, actor, staffId, 'delete');
      await scope.tx.delete(calendarFeed).where(eq(calendarFeed.staffId, staffId));
      scope.record({ action: 'delete', objectType: 'calendar_feed', objectId: staffId, basis: 'self' });
    });
  }

  /**
   * The feed as iCalendar text: 30 days back to 180 days ahead. The token stands for its staff
   * member, so the feed is read as them (decision 0014): a client they do not treat (yet) shows as
   * a taken time without a name, exactly as in their agenda.
   */
  async feed(token: string, origin: string): Promise<string> {
    const owner = await this.gate.act({ kind: 'anonymous' }, origin, async (scope) => {
      const [found] = await scope.tx
        .select({ id: staff.id, role: staff.role, disabledAt: staff.disabledAt })
        .from(calendarFeed)
        .innerJoin(staff, eq(staff.id, calendarFeed.staffId))
        .where(eq(calendarFeed.tokenHash, sha256Hex(token)));
      if (!found || found.disabledAt) throw new NotFound();
      return found;
    });
    const actor: Actor = { kind: 'staff', id: owner.id, role: owner.role };
    return this.gate.act(actor, origin, async (scope) => {
      const feed = { staffId: owner.id };
      const [rules] = await scope.tx.select().from(clinic).limit(1);
      const rows = await scope.tx
        .select({
          id: appointment.id,
          startsAt: appointment.startsAt,
          endsAt: appointment.endsAt,
          firstName: client.firstName,
          treatment: treatmentType.name,
        })
        .from(appointment)
        .leftJoin(client, eq(client.id, appointment.clientId))
        .innerJoin(treatmentType, eq(treatmentType.id, appointment.treatmentTypeId))
        .where(
          and(
            eq(appointment.practitionerId, feed.staffId),
            inArray(appointment.status, ['booked', 'checked_in', 'completed']),
            gt(appointment.startsAt, new Date(scope.now.getTime() - 30 * DAY)),
            lt(appointment.startsAt, new Date(scope.now.getTime() + 180 * DAY)),
          ),
        )
        .orderBy(asc(appointment.startsAt));
      scope.record({ action: 'export', objectType: 'calendar_feed', objectId: feed.staffId, basis: 'self' });
      const stamp = utc(scope.now);
      const events = rows.flatMap((r) => [
        'BEGIN:VEVENT',
        `UID:${r.id}@vellum`,
        `DTSTAMP:${stamp}`,
        `DTSTART:${utc(r.startsAt)}`,
        `DTEND:${utc(r.endsAt)}`,
        `SUMMARY:${text(r.firstName ? `${r.firstName} — ${r.treatment}` : (rules?.name ?? 'Vellum'))}`,
        'END:VEVENT',
      ]);
      return `${[
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Vellum//Agenda//EN',
        `X-WR-CALNAME:${text(rules?.name ?? 'Vellum')}`,
        ...events,
        'END:VCALENDAR',
      ]
        .map(fold)
        .join('\r\n')}\r\n`;
    });
  }

  /** A refusal is logged like every other (P8.1). */
  private assertSelfOrOwner(scope: Scope, actor: Actor, staffId: string, action: 'create' | 'delete'): void {
    if (actor.kind === 'staff' && (actor.id === staffId || actor.role === 'owner')) return;
    scope.refuse({ action, objectType: 'calendar_feed', objectId: staffId, basis: 'none' });
    throw new Forbidden(actor.kind === 'staff' ? 'only your own feed, or the owner' : 'staff only');
  }
}
