import { and, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { client, staff } from '../../db/schema';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import { treatmentType } from '../catalogue/tables';
import type { ContraIndication, ContraIndicationsForMany } from '../dossier/contra-indications';
import { staffLocation } from '../locations/tables';
import type { ConsentInput, ConsentLedger } from '../privacy/consent.service';
import type { BookingLinks } from './booking-links.service';
import {
  assertBookableAt,
  busyTimes,
  clientBusy,
  isClientOverlap,
  isOverlap,
  lockClient,
  overlapConflict,
  resolveLocation,
} from './free-times';
import { appointment } from './tables';

export type AppointmentStatus = (typeof appointment.$inferSelect)['status'];

export type BoardEntry = {
  id: string;
  practitionerId: string;
  /** Null for a taken time whose appointment the viewer cannot read. */
  locationId: string | null;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  /** Null when the viewer may not see who it is (a colleague's client): only that the time is taken. */
  client: { id: string; firstName: string; lastName: string } | null;
  treatmentName: string | null;
  /** The treatment's id, with its name (a treatment report starts from it). */
  treatmentTypeId: string | null;
  identityConfirmed: boolean;
  bookedAs: { firstName: string; lastName: string; phone: string } | null;
  /**
   * The contra-indications for this treatment from the client's signed intakes (P3.2), read through
   * the gate as medical data; null when the viewer may not read the client's medical file
   * (reception always, a practitioner without a care relationship).
   */
  warnings: ContraIndication[] | null;
};

/** How long after a cancellation the desk may still undo it (the screen offers it for ten seconds). */
export const UNDO_CANCEL_MS = 2 * 60_000;
/**
 * How long the desk's cancellation e-mail waits in the outbox: the undo window and half a minute
 * more, so that no undo the server allows can come after the mailer took it (clocks of a chain's
 * instances differ by less than that).
 */
export const CANCELLATION_MAIL_HOLD_MS = UNDO_CANCEL_MS + 30_000;

/** Warnings matter before the treatment: not for what is over or called off. */
const WARN_FOR: AppointmentStatus[] = ['booked', 'checked_in'];

/** Which status changes the desk and the practitioner make, from which status. */
const TRANSITIONS: Record<AppointmentStatus, AppointmentStatus[]> = {
  booked: ['checked_in', 'cancelled', 'no_show'],
  checked_in: ['completed', 'booked'],
  completed: [],
  cancelled: [],
  no_show: ['booked'],
};

/**
 * The staff agenda: appointments per day or week, for one practitioner or the whole clinic, showing
 * each viewer only what they may see — a colleague's client is a taken time without a name. Moving,
 * resizing and status changes; checking in says whether the client must still be asked for consent
 * (P1.3, P11.1).
 */
export class AppointmentBoard {
  constructor(
    private readonly gate: AccessGate,
    private readonly consents: ConsentLedger,
    private readonly contraIndications: () => ContraIndicationsForMany,
    private readonly bookingLinks: () => Pick<
      BookingLinks,
      'tellClientOfMove' | 'tellClientOfCancellation' | 'tellClientOfRestore' | 'withdrawHeldCancellation'
    >,
  ) {}

  async list(
    actor: Actor,
    range: { from: Date; to: Date; practitionerId?: string; locationId?: string },
    origin: string,
  ): Promise<BoardEntry[]> {
    if (range.to.getTime() - range.from.getTime() > 42 * 24 * 3600 * 1000) {
      throw new Invalid('to is more than six weeks after from', [
        { field: 'to', message: 'is more than six weeks after from' },
      ]);
    }
    // Every staff member sees when practitioners are taken (never by whom); the rows themselves,
    // with their client, only as far as row-level security and the gate allow this staff member.
    return this.gate.act(actor, origin, async (scope) => {
      if (actor.kind !== 'staff') throw new NotFound();
      const times = await busyTimes(
        scope,
        range.practitionerId ? [range.practitionerId] : null,
        range.from,
        range.to,
        undefined,
        'all',
      );
      const inRange = times.filter((t) => t.startsAt < range.to && t.endsAt > range.from);
      const rows = inRange.length
        ? await scope.tx
            .select({
              id: appointment.id,
              clientId: appointment.clientId,
              treatmentTypeId: appointment.treatmentTypeId,
              treatmentName: treatmentType.name,
              confirmedVia: appointment.confirmedVia,
              bookedAs: appointment.bookedAs,
              locationId: appointment.locationId,
            })
            .from(appointment)
            .innerJoin(treatmentType, eq(treatmentType.id, appointment.treatmentTypeId))
            .where(
              inArray(
                appointment.id,
                inRange.map((t) => t.id),
              ),
            )
        : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      // One location: its appointments, and the taken times (rows this viewer cannot read) of the
      // practitioners who work there.
      const there = range.locationId
        ? new Set(
            (
              await scope.tx
                .select({ id: staffLocation.staffId })
                .from(staffLocation)
                .where(eq(staffLocation.locationId, range.locationId))
            ).map((s) => s.id),
          )
        : null;
      const all = inRange
        .filter((t) => {
          if (!there) return true;
          const row = byId.get(t.id);
          return row ? row.locationId === range.locationId : there.has(t.practitionerId);
        })
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
        .map((t) => ({ ...t, status: t.status as AppointmentStatus, row: byId.get(t.id) }));
      const allowed = await scope.filterClients(
        'read',
        'contact',
        all.flatMap((a) => (a.row ? [a.row.clientId] : [])),
      );
      const visible = allowed.size
        ? await scope.tx
            .select({ id: client.id, firstName: client.firstName, lastName: client.lastName })
            .from(client)
            .where(inArray(client.id, [...allowed.keys()]))
        : [];
      const names = new Map(visible.map((c) => [c.id, c]));
      const warnings = await this.warningsFor(
        scope,
        all.flatMap((a) =>
          a.row && names.has(a.row.clientId) && WARN_FOR.includes(a.status) ? [a.row] : [],
        ),
      );
      return all.map((a) => {
        const person = a.row ? names.get(a.row.clientId) : undefined;
        return {
          id: a.id,
          practitionerId: a.practitionerId,
          locationId: a.row?.locationId ?? null,
          startsAt: a.startsAt,
          endsAt: a.endsAt,
          status: a.status,
          client: person ?? null,
          treatmentName: person ? (a.row?.treatmentName ?? null) : null,
          treatmentTypeId: person ? (a.row?.treatmentTypeId ?? null) : null,
          identityConfirmed: a.row ? a.row.confirmedVia !== null : true,
          bookedAs: person ? (a.row?.bookedAs ?? null) : null,
          warnings: a.row ? (warnings.get(`${a.row.clientId}:${a.row.treatmentTypeId}`) ?? null) : null,
        };
      });
    });
  }

  /**
   * The warnings per client and treatment type, only for clients whose medical file the viewer may
   * read: the gate decides (set-based, reception never) and records each read; the intake module
   * records each client's intake read and answers for all of them at once (one query for the
   * intakes, not one per appointment).
   */
  private async warningsFor(
    scope: Scope,
    entries: { clientId: string; treatmentTypeId: string }[],
  ): Promise<Map<string, ContraIndication[]>> {
    if (entries.length === 0) return new Map();
    const medical = await scope.filterClients(
      'read',
      'medical',
      entries.map((e) => e.clientId),
    );
    return this.contraIndications()(scope, entries, medical);
  }

  /** The practitioners' names (owners too, who may treat), so every staff member's agenda can label its columns. */
  async practitioners(
    actor: Actor,
    origin: string,
  ): Promise<{ id: string; name: string; locationIds: string[] }[]> {
    return this.gate.act(actor, origin, async (scope) => {
      if (actor.kind !== 'staff') throw new NotFound();
      const rows = await scope.tx
        .select({ id: staff.id, name: staff.name })
        .from(staff)
        .where(and(ne(staff.role, 'reception'), isNull(staff.disabledAt)));
      const places = await scope.tx.select().from(staffLocation);
      return rows
        .map((r) => ({
          ...r,
          locationIds: places.filter((p) => p.staffId === r.id).map((p) => p.locationId),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  /**
   * Changes the status; a check-in answers whether to ask for consent or an intake now. A
   * cancellation e-mails the client (unless `notifyClient` is false) and can be undone for a moment
   * (`restore`).
   */
  async setStatus(
    actor: Actor,
    id: string,
    status: AppointmentStatus,
    origin: string,
    options: { notifyClient?: boolean } = {},
  ): Promise<{ status: AppointmentStatus; askForConsent: boolean; clientNotified: boolean }> {
    return this.gate.act(actor, origin, async (scope) => {
      const row = await this.visible(scope, id, { ownAppointment: true });
      if (!TRANSITIONS[row.status].includes(status)) {
        throw new Conflict(`an appointment that is ${row.status} cannot become ${status}`);
      }
      // Back to a live status, or confirmed at the check-in: the client's other appointments count.
      const confirms = status === 'checked_in' && row.confirmedVia === null;
      if ((row.status === 'no_show' && status === 'booked') || confirms)
        await lockClient(scope, row.clientId);
      // Checking in is seeing the person: it confirms an online booking for an existing dossier
      // (decision 0015). The practitioner doing it for their own appointment is shown to the owner.
      const own = actor.kind === 'staff' && actor.id === row.practitionerId;
      await this.refusingDoubleBooking(() =>
        scope.tx.transaction((savepoint) =>
          savepoint
            .update(appointment)
            .set({
              status,
              cancelledAt: status === 'cancelled' ? scope.now : null,
              ...(confirms
                ? {
                    confirmedVia: own ? 'own_check_in' : 'check_in',
                    confirmedAt: scope.now,
                    pendingConsent: null,
                  }
                : {}),
            })
            .where(eq(appointment.id, id)),
        ),
      );
      if (confirms && row.pendingConsent) {
        await this.consents.append(scope, row.pendingConsent as ConsentInput);
      }
      scope.record({ action: 'update', objectType: 'appointment', objectId: id, clientId: row.clientId });
      const askForConsent =
        status === 'checked_in' && !(await this.consents.holds(scope.tx, row.clientId, 'health_data'));
      const clientNotified =
        status === 'cancelled' &&
        row.startsAt > scope.now &&
        options.notifyClient !== false &&
        (await this.bookingLinks().tellClientOfCancellation(scope, row, {
          holdUntil: new Date(scope.now.getTime() + CANCELLATION_MAIL_HOLD_MS),
        }));
      return { status, askForConsent, clientNotified };
    });
  }

  /**
   * Undoes a cancellation made a moment ago (within UNDO_CANCEL_MS): the appointment is booked
   * again if its time is still free — the database re-checks the practitioner's and the client's
   * rules; otherwise 409 and it stays cancelled. The cancellation e-mail, held in the outbox for the
   * undo window, is withdrawn; a client who may have had it is told the appointment stands.
   */
  async restore(
    actor: Actor,
    id: string,
    origin: string,
    options: { notifyClient?: boolean } = {},
  ): Promise<{ status: AppointmentStatus; clientNotified: boolean }> {
    return this.gate.act(actor, origin, async (scope) => {
      const row = await this.visible(scope, id, { ownAppointment: true });
      if (
        row.status !== 'cancelled' ||
        !row.cancelledAt ||
        scope.now.getTime() - row.cancelledAt.getTime() > UNDO_CANCEL_MS
      ) {
        throw new Conflict('only an appointment cancelled a moment ago can be restored');
      }
      await scope.tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`vellum-agenda:${row.practitionerId}`}, 0))`,
      );
      if (row.confirmedVia) await lockClient(scope, row.clientId);
      try {
        await this.refusingDoubleBooking(() =>
          scope.tx.transaction((savepoint) =>
            savepoint
              .update(appointment)
              .set({ status: 'booked', cancelledAt: null })
              .where(eq(appointment.id, id)),
          ),
        );
      } catch (error) {
        if (isOverlap(error))
          throw new Conflict('the time was taken meanwhile; the appointment stays cancelled');
        throw error;
      }
      scope.record({ action: 'update', objectType: 'appointment', objectId: id, clientId: row.clientId });
      // The cancellation e-mail still held in the outbox is withdrawn: the client hears nothing of a
      // cancellation that never stood. Only when it may have gone is the client told it stands.
      const heldUntil = new Date(row.cancelledAt.getTime() + CANCELLATION_MAIL_HOLD_MS);
      const withdrawn = await this.bookingLinks().withdrawHeldCancellation(scope, row, heldUntil);
      const clientNotified =
        !withdrawn &&
        row.startsAt > scope.now &&
        options.notifyClient !== false &&
        (await this.bookingLinks().tellClientOfRestore(scope, row));
      return { status: 'booked' as const, clientNotified };
    });
  }

  /** The client's own appointments, past and coming (newest first), for the client page. */
  async ofClient(actor: Actor, clientId: string, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('read', 'contact', clientId, { type: 'appointment' });
      const rows = await scope.tx
        .select({
          id: appointment.id,
          practitionerId: appointment.practitionerId,
          practitionerName: staff.name,
          treatmentTypeId: appointment.treatmentTypeId,
          treatmentName: treatmentType.name,
          startsAt: appointment.startsAt,
          endsAt: appointment.endsAt,
          status: appointment.status,
          identityConfirmed: appointment.confirmedVia,
        })
        .from(appointment)
        .innerJoin(treatmentType, eq(treatmentType.id, appointment.treatmentTypeId))
        .innerJoin(staff, eq(staff.id, appointment.practitionerId))
        .where(eq(appointment.clientId, clientId))
        .orderBy(desc(appointment.startsAt))
        .limit(500);
      return rows.map((r) => ({ ...r, identityConfirmed: r.identityConfirmed !== null }));
    });
  }

  /** A second live appointment of one client at an overlapping time: a clear 409 (migration 0043). */
  private async refusingDoubleBooking<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isClientOverlap(error)) throw clientBusy();
      if (isOverlap(error)) throw overlapConflict(error);
      throw error;
    }
  }

  /**
   * Moves or resizes an appointment (drag in the agenda). The database still refuses an overlap;
   * staff may place it outside the online booking rules (lead time, grid).
   */
  async move(
    actor: Actor,
    id: string,
    input: {
      startsAt: Date;
      endsAt: Date;
      practitionerId?: string;
      locationId?: string;
      notifyClient?: boolean;
    },
    origin: string,
  ): Promise<{ clientNotified: boolean }> {
    return this.gate.act(actor, origin, async (scope) => {
      const row = await this.visible(scope, id);
      if (input.endsAt <= input.startsAt) {
        throw new Invalid('endsAt is not after startsAt', [
          { field: 'endsAt', message: 'is not after startsAt' },
        ]);
      }
      if (input.practitionerId) {
        const [member] = await scope.tx
          .select({ role: staff.role })
          .from(staff)
          .where(eq(staff.id, input.practitionerId));
        if (!member || member.role === 'reception') {
          throw new Invalid('practitionerId is not a practitioner', [
            { field: 'practitionerId', message: 'is not a practitioner' },
          ]);
        }
      }
      // Another location, or another practitioner: the treatment must be offered there, the
      // practitioner work there and the location have its rooms and devices (400 naming the field).
      if (input.locationId || input.practitionerId) {
        const locationId = input.locationId ? await resolveLocation(scope, input.locationId) : row.locationId;
        await assertBookableAt(
          scope,
          row.treatmentTypeId,
          input.practitionerId ?? row.practitionerId,
          locationId,
        );
      }
      const buffer = row.blockedUntil.getTime() - row.endsAt.getTime();
      if (row.confirmedVia) await lockClient(scope, row.clientId);
      try {
        await scope.tx.transaction((savepoint) =>
          savepoint
            .update(appointment)
            .set({
              startsAt: input.startsAt,
              endsAt: input.endsAt,
              blockedUntil: new Date(input.endsAt.getTime() + buffer),
              practitionerId: input.practitionerId ?? row.practitionerId,
              locationId: input.locationId ?? row.locationId,
              // The e-mailed cancel and reschedule links were for the old time; the client gets new ones below.
              // The old link's hash is kept so that it can say the appointment moved (migration 0054).
              ...(input.startsAt.getTime() !== row.startsAt.getTime()
                ? {
                    cancelTokenHash: null,
                    remindedAt: null,
                    ...(row.cancelTokenHash && {
                      movedLinkHashes: [...row.movedLinkHashes, row.cancelTokenHash],
                    }),
                  }
                : {}),
            })
            .where(eq(appointment.id, id)),
        );
      } catch (error) {
        if (isClientOverlap(error)) throw clientBusy();
        if (isOverlap(error)) throw overlapConflict(error);
        throw error;
      }
      scope.record({ action: 'update', objectType: 'appointment', objectId: id, clientId: row.clientId });
      // A booked appointment moved to another time: the client hears of it (unless staff say not to),
      // with fresh links, since the old ones stopped working.
      const timeChanged = input.startsAt.getTime() !== row.startsAt.getTime();
      if (
        timeChanged &&
        row.status === 'booked' &&
        input.notifyClient !== false &&
        input.startsAt > scope.now
      ) {
        return {
          clientNotified: await this.bookingLinks().tellClientOfMove(scope, row, {
            startsAt: input.startsAt,
            endsAt: input.endsAt,
          }),
        };
      }
      return { clientNotified: false };
    });
  }

  /**
   * The appointment, if the actor may see its client; otherwise as if it did not exist. With
   * `ownAppointment`, a practitioner may also change the status of their own appointment whose
   * client they do not see yet (checking in the person in front of them).
   */
  private async visible(scope: Scope, id: string, options = { ownAppointment: false }) {
    const [row] = await scope.tx.select().from(appointment).where(eq(appointment.id, id));
    if (!row) throw new NotFound();
    const actor = scope.actor;
    if (options.ownAppointment && actor.kind === 'staff' && actor.id === row.practitionerId) {
      const seen = await scope.filterClients('update', 'contact', [row.clientId]);
      if (!seen.has(row.clientId)) {
        scope.record({
          action: 'update',
          objectType: 'appointment',
          objectId: id,
          clientId: row.clientId,
          basis: 'own_check_in',
        });
      }
      return row;
    }
    await scope.requireClient('update', 'contact', row.clientId, { type: 'appointment', id });
    return row;
  }
}
