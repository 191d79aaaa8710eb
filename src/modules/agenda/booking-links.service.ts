import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { client, clinic, location, outboxEmail, staff } from '../../db/schema';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { type Actor, clientActor, visitor } from '../access/actor';
import type { AccessGate, Scope, Tx } from '../access/gate';
import { linkedClient, movedLinkClient } from '../access/links';
import { treatmentType, treatmentTypePractitioner } from '../catalogue/tables';
import type { ConsentInput, ConsentLedger } from '../privacy/consent.service';
import type { Language } from '../privacy/statement';
import { calendarSequence, cancellationMail, confirmationMail, rescheduleMail } from './booking-mail';
import {
  assertFree,
  type BookingRequest,
  clientBusy,
  isClientOverlap,
  isOverlap,
  justTaken,
  lockClient,
  SlotTaken,
  slotsIn,
} from './free-times';
import type { Slot } from './slots';
import { appointment } from './tables';

const LINK_VISITOR: Actor = visitor('booking-link');
type LinkUse = 'cancel' | 'reschedule' | 'confirm';
const LINK_GONE = (use: LinkUse) =>
  `this ${use} link is not valid (any more): it is incomplete or changed, the appointment was cancelled or moved, or a newer e-mail has a newer link`;

/** What the cancel page shows: the appointment behind a live link, or where a replaced link's appointment went. */
export type CancelView =
  | {
      state: 'live';
      treatmentName: string;
      /** First name only, as on the booking page. */
      practitionerName: string;
      startsAt: Date;
      endsAt: Date;
      changeableUntil: Date;
      clinic: { name: string; timeZone: string; address: string | null; phone: string | null };
    }
  | { state: 'moved'; startsAt: Date; timeZone: string };
const MINUTE = 60_000;

/** What the reschedule page shows: the appointment behind the link, and who else performs the treatment. */
export type ReschedulableAppointment = {
  treatmentTypeId: string;
  treatmentName: string;
  durationMinutes: number;
  practitionerId: string;
  startsAt: Date;
  endsAt: Date;
  /** After this instant the link no longer moves or cancels (the cancellation window). */
  changeableUntil: Date;
  /** First names only, as on the booking page. */
  practitioners: { id: string; name: string }[];
};

/**
 * The links in a booking's e-mails (cancel, reschedule, confirm), each acting as the client the link
 * is for (decision 0014), and the e-mail that tells a client the clinic moved their appointment.
 */
export class BookingLinks {
  constructor(
    private readonly gate: AccessGate,
    private readonly consents: ConsentLedger,
    private readonly config: Config,
  ) {}

  /**
   * Cancels an online booking with the token from its confirmation, reminder or reschedule
   * e-mail, until the clinic's cancellation window closes. A wrong, used or replaced token answers
   * like a missing one.
   */
  async cancelOnline(token: string, origin: string): Promise<{ startsAt: Date }> {
    return this.gate.act(await this.linkActor(token, 'cancel', origin), origin, async (scope) => {
      const { row } = await this.byLink(scope, token, 'cancel');
      await scope.tx
        .update(appointment)
        .set({ status: 'cancelled', cancelledAt: scope.now, cancelTokenHash: null })
        .where(eq(appointment.id, row.id));
      const [person] = await scope.tx
        .select({ email: client.email, language: client.preferredLanguage })
        .from(client)
        .where(eq(client.id, row.clientId));
      const [type] = await scope.tx
        .select()
        .from(treatmentType)
        .where(eq(treatmentType.id, row.treatmentTypeId));
      if (person?.email) {
        const mail = cancellationMail({
          ...(await mailContext(scope, person.language, row.locationId)),
          appointmentId: row.id,
          treatment: type?.name ?? '',
          startsAt: row.startsAt,
          endsAt: row.endsAt,
          cancelLink: null,
          sequence: calendarSequence(row.createdAt, scope.now),
        });
        await scope.tx.insert(outboxEmail).values({
          id: newId(),
          recipient: person.email,
          clientId: row.clientId,
          kind: 'booking_cancellation',
          ...mail,
          createdAt: scope.now,
        });
      }
      scope.record({ action: 'update', objectType: 'appointment', objectId: row.id, clientId: row.clientId });
      return { startsAt: row.startsAt };
    });
  }

  /**
   * What the cancel page shows before the client confirms: the appointment behind a live link
   * (treatment, the practitioner's first name, the time, the clinic's address), or — for a link a
   * move replaced — that it moved and to when. A guessed, used or cancelled link answers 404 as
   * before; nothing about anyone else is in either answer.
   */
  async cancelView(token: string, origin: string): Promise<CancelView> {
    const actor = await this.linkActor(token, 'cancel', origin, { moved: true });
    if (actor.moved) {
      return this.gate.act(actor.actor, origin, async (scope) => {
        const [row] = await scope.tx
          .select({ id: appointment.id, clientId: appointment.clientId, startsAt: appointment.startsAt })
          .from(appointment)
          .where(
            and(
              sql`${appointment.movedLinkHashes} @> array[${sha256Hex(token)}]::text[]`,
              eq(appointment.status, 'booked'),
            ),
          )
          .limit(1);
        if (!row) throw new NotFound(LINK_GONE('cancel'));
        const [rules] = await scope.tx.select({ timeZone: clinic.timeZone }).from(clinic).limit(1);
        scope.record({ action: 'read', objectType: 'appointment', objectId: row.id, clientId: row.clientId });
        return { state: 'moved', startsAt: row.startsAt, timeZone: rules?.timeZone ?? 'Europe/Amsterdam' };
      });
    }
    return this.gate.act(actor.actor, origin, async (scope) => {
      const { row, rules, closes } = await this.byLink(scope, token, 'cancel');
      const [type] = await scope.tx
        .select({ name: treatmentType.name })
        .from(treatmentType)
        .where(eq(treatmentType.id, row.treatmentTypeId));
      const [practitioner] = await scope.tx
        .select({ name: staff.name })
        .from(staff)
        .where(eq(staff.id, row.practitionerId));
      scope.record({ action: 'read', objectType: 'appointment', objectId: row.id, clientId: row.clientId });
      const place = await placeOf(scope, row.locationId);
      return {
        state: 'live',
        treatmentName: type?.name ?? '',
        practitionerName: practitioner ? (practitioner.name.split(' ')[0] ?? practitioner.name) : '',
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        changeableUntil: closes,
        clinic: {
          name: rules?.name ?? '',
          timeZone: rules?.timeZone ?? 'Europe/Amsterdam',
          address: place.address,
          phone: place.phone,
        },
      };
    });
  }

  /** The appointment behind a reschedule link, for the page that offers other times. */
  async rescheduleView(token: string, origin: string): Promise<ReschedulableAppointment> {
    return this.gate.act(await this.linkActor(token, 'reschedule', origin), origin, async (scope) => {
      const { row, closes } = await this.byLink(scope, token, 'reschedule');
      const [type] = await scope.tx
        .select()
        .from(treatmentType)
        .where(eq(treatmentType.id, row.treatmentTypeId));
      const performers = await scope.tx
        .select({ id: staff.id, name: staff.name })
        .from(treatmentTypePractitioner)
        .innerJoin(staff, eq(staff.id, treatmentTypePractitioner.staffId))
        .where(
          and(eq(treatmentTypePractitioner.treatmentTypeId, row.treatmentTypeId), isNull(staff.disabledAt)),
        );
      const [current] = await scope.tx
        .select({ id: staff.id, name: staff.name })
        .from(staff)
        .where(eq(staff.id, row.practitionerId));
      const people = [...performers, ...(current ? [current] : [])];
      scope.record({ action: 'read', objectType: 'appointment', objectId: row.id, clientId: row.clientId });
      return {
        treatmentTypeId: row.treatmentTypeId,
        treatmentName: type?.name ?? '',
        durationMinutes:
          type?.durationMinutes ?? Math.round((row.endsAt.getTime() - row.startsAt.getTime()) / MINUTE),
        practitionerId: row.practitionerId,
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        changeableUntil: closes,
        practitioners: [...new Map(people.map((p) => [p.id, p.name.split(' ')[0] ?? p.name]))].map(
          ([id, name]) => ({ id, name }),
        ),
      };
    });
  }

  /**
   * Free times to move the appointment behind a link to: the same treatment, with the same
   * practitioner or anyone who performs it; its own current time counts as free.
   */
  async rescheduleSlots(
    token: string,
    input: { from: string; to: string; anyone: boolean },
    origin: string,
  ): Promise<Slot[]> {
    return this.gate.act(await this.linkActor(token, 'reschedule', origin), origin, async (scope) => {
      const { row } = await this.byLink(scope, token, 'reschedule');
      const free = await slotsIn(scope, {
        treatmentTypeId: row.treatmentTypeId,
        practitionerId: input.anyone ? null : row.practitionerId,
        locationId: row.locationId,
        from: input.from,
        to: input.to,
        ignoreAppointmentId: row.id,
      });
      return free.filter(
        (s) => !(s.start.getTime() === row.startsAt.getTime() && s.practitionerId === row.practitionerId),
      );
    });
  }

  /**
   * Moves the appointment behind a link to a free time, in one transaction under the same
   * guarantees as a booking (the slot re-checked, the practitioner's advisory lock, the exclusion
   * constraint). The e-mail carries the updated invitation and fresh links; the old token stops
   * working, so an old e-mail can never move or cancel the new time.
   */
  async rescheduleOnline(
    token: string,
    input: { startsAt: Date; practitionerId: string | null },
    origin: string,
  ): Promise<{ appointmentId: string; startsAt: Date; practitionerId: string }> {
    let request: BookingRequest | undefined;
    let movingId: string | undefined;
    try {
      const actor = await this.linkActor(token, 'reschedule', origin);
      return await this.gate.act(actor, origin, async (scope) => {
        const { row } = await this.byLink(scope, token, 'reschedule', { lock: true });
        movingId = row.id;
        // A reschedule link moves the time, never the place.
        request = { treatmentTypeId: row.treatmentTypeId, locationId: row.locationId, ...input };
        if (
          input.startsAt.getTime() === row.startsAt.getTime() &&
          (input.practitionerId === null || input.practitionerId === row.practitionerId)
        ) {
          throw new Invalid('startsAt is the appointment’s current time', [
            { field: 'startsAt', message: 'is the appointment’s current time' },
          ]);
        }
        const { practitionerId, type } = await assertFree(scope, request, row.id);
        if (row.confirmedVia) await lockClient(scope, row.clientId);
        const endsAt = new Date(input.startsAt.getTime() + type.durationMinutes * MINUTE);
        await scope.tx
          .update(appointment)
          .set({
            startsAt: input.startsAt,
            endsAt,
            blockedUntil: new Date(endsAt.getTime() + type.bufferAfterMinutes * MINUTE),
            practitionerId,
            // A reminder for the old time does not count for the new one.
            remindedAt: null,
          })
          .where(eq(appointment.id, row.id));
        // The e-mail with fresh links; the old link stops working even without an address to send to.
        if (!(await this.tellClientOfMove(scope, row, { startsAt: input.startsAt, endsAt }))) {
          await this.issueLinks(scope, row.id, false, { moved: true });
        }
        scope.record({
          action: 'update',
          objectType: 'appointment',
          objectId: row.id,
          clientId: row.clientId,
        });
        return { appointmentId: row.id, startsAt: input.startsAt, practitionerId };
      });
    } catch (error) {
      // The link holder is the dossier's mailbox (decision 0011): telling them of their own other
      // appointment discloses nothing they could not read in their e-mail.
      if (isClientOverlap(error)) throw clientBusy();
      if (!request || (!(error instanceof SlotTaken) && !isOverlap(error))) throw error;
      throw await justTaken(this.gate, request, movingId);
    }
  }

  /**
   * The live appointment a cancel or reschedule link points to, while the cancellation window is
   * open. The token is random and only its hash is kept, on the appointment: a changed token, one
   * a newer e-mail replaced (every move issues a new one) or one of a cancelled appointment finds
   * nothing. `lock` holds the row until commit, so two uses of one link cannot both move it.
   */
  private async byLink(
    scope: Scope,
    token: string,
    use: 'cancel' | 'reschedule' | 'confirm',
    options = { lock: false },
  ) {
    const query = scope.tx
      .select()
      .from(appointment)
      .where(and(eq(appointment.cancelTokenHash, sha256Hex(token)), eq(appointment.status, 'booked')));
    const [row] = options.lock ? await query.for('update') : await query;
    if (!row) throw new NotFound(LINK_GONE(use));
    const [rules] = await scope.tx.select().from(clinic).limit(1);
    const hours = rules?.cancellationHours ?? 24;
    const closes = new Date(row.startsAt.getTime() - hours * 3600_000);
    if (scope.now.getTime() > closes.getTime()) {
      throw new Conflict(`too late to ${use} online (${hours} hours before); please call the clinic`);
    }
    return { row, rules, closes };
  }

  /**
   * Tells the client their appointment moved (by the clinic, or by them through the link): the reschedule e-mail with the
   * updated invitation and fresh cancel/reschedule links (the old ones stopped working with the
   * move). Nothing is sent to a client without an e-mail address. Part of the move's transaction.
   */
  async tellClientOfMove(
    scope: Scope,
    row: typeof appointment.$inferSelect,
    moved: { startsAt: Date; endsAt: Date },
  ): Promise<boolean> {
    const [person] = await scope.tx
      .select({ email: client.email, language: client.preferredLanguage })
      .from(client)
      .where(eq(client.id, row.clientId));
    if (!person?.email) return false;
    const [type] = await scope.tx
      .select({ name: treatmentType.name })
      .from(treatmentType)
      .where(eq(treatmentType.id, row.treatmentTypeId));
    const links = await this.issueLinks(scope, row.id, row.confirmedVia === null, { moved: true });
    const mail = rescheduleMail({
      ...(await mailContext(scope, person.language, row.locationId)),
      appointmentId: row.id,
      treatment: type?.name ?? '',
      startsAt: moved.startsAt,
      endsAt: moved.endsAt,
      previousStartsAt: row.startsAt,
      ...links,
      sequence: calendarSequence(row.createdAt, scope.now),
    });
    await scope.tx.insert(outboxEmail).values({
      id: newId(),
      recipient: person.email,
      clientId: row.clientId,
      kind: 'booking_reschedule',
      ...mail,
      createdAt: scope.now,
    });
    return true;
  }

  /**
   * Tells the client the desk cancelled their appointment (with the calendar's cancellation). Part of
   * the transaction. `holdUntil`: the mail waits in the outbox until then (the desk's undo window), so
   * that an undo can withdraw it (withdrawHeldCancellation) and the client hears nothing.
   */
  async tellClientOfCancellation(
    scope: Scope,
    row: typeof appointment.$inferSelect,
    options: { holdUntil?: Date } = {},
  ): Promise<boolean> {
    const [person] = await scope.tx
      .select({ email: client.email, language: client.preferredLanguage })
      .from(client)
      .where(eq(client.id, row.clientId));
    if (!person?.email) return false;
    const [type] = await scope.tx
      .select({ name: treatmentType.name })
      .from(treatmentType)
      .where(eq(treatmentType.id, row.treatmentTypeId));
    const mail = cancellationMail({
      ...(await mailContext(scope, person.language, row.locationId)),
      appointmentId: row.id,
      treatment: type?.name ?? '',
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      cancelLink: null,
      sequence: calendarSequence(row.createdAt, scope.now),
    });
    await scope.tx.insert(outboxEmail).values({
      id: newId(),
      recipient: person.email,
      clientId: row.clientId,
      kind: 'booking_cancellation',
      ...mail,
      createdAt: scope.now,
      ...(options.holdUntil ? { nextAttemptAt: options.holdUntil } : {}),
    });
    return true;
  }

  /**
   * Withdraws the cancellation e-mail still held for a cancellation being undone (migration 0062):
   * true when it was still waiting and is gone, false when there was none (the desk did not notify
   * the client) or it may be on its way (the mailer leased it, the owner sent it on). Part of the
   * transaction.
   */
  async withdrawHeldCancellation(
    scope: Scope,
    row: typeof appointment.$inferSelect,
    heldUntil: Date,
  ): Promise<boolean> {
    if (!row.cancelledAt) return false;
    const result = await scope.tx.execute(sql`
      select vellum_withdraw_held_cancellation(${row.clientId}::uuid, ${row.cancelledAt.toISOString()}::timestamptz,
                                               ${heldUntil.toISOString()}::timestamptz, ${row.id}::uuid) as withdrawn`);
    const [answer] = (result as unknown as { rows: { withdrawn: boolean }[] }).rows;
    return answer?.withdrawn === true;
  }

  /**
   * The desk undid a cancellation: the client gets the confirmation again (the invitation with a
   * higher SEQUENCE puts it back in their calendar) and fresh links. Part of the transaction.
   */
  async tellClientOfRestore(scope: Scope, row: typeof appointment.$inferSelect): Promise<boolean> {
    const [person] = await scope.tx
      .select({ email: client.email, language: client.preferredLanguage })
      .from(client)
      .where(eq(client.id, row.clientId));
    if (!person?.email) return false;
    const [type] = await scope.tx
      .select({ name: treatmentType.name })
      .from(treatmentType)
      .where(eq(treatmentType.id, row.treatmentTypeId));
    const links = await this.issueLinks(scope, row.id, row.confirmedVia === null);
    const mail = confirmationMail({
      ...(await mailContext(scope, person.language, row.locationId)),
      appointmentId: row.id,
      treatment: type?.name ?? '',
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      ...links,
      sequence: calendarSequence(row.createdAt, scope.now),
    });
    await scope.tx.insert(outboxEmail).values({
      id: newId(),
      recipient: person.email,
      clientId: row.clientId,
      kind: 'booking_confirmation',
      ...mail,
      createdAt: scope.now,
    });
    return true;
  }

  /**
   * A fresh token for the appointment's cancel and reschedule links; older links stop working. After
   * a move the replaced link's hash is kept, so that the old link can say the appointment moved.
   */
  private async issueLinks(
    scope: Scope,
    appointmentId: string,
    unconfirmed: boolean,
    options = { moved: false },
  ) {
    // The token is only in the e-mail; the appointment keeps its hash.
    const token = randomToken(32);
    await scope.tx
      .update(appointment)
      .set({
        cancelTokenHash: sha256Hex(token),
        ...(options.moved && {
          // The right-hand side reads the row as it was: the hash being replaced.
          movedLinkHashes: sql`case when ${appointment.cancelTokenHash} is null then ${appointment.movedLinkHashes}
            else array_append(${appointment.movedLinkHashes}, ${appointment.cancelTokenHash}) end`,
        }),
      })
      .where(eq(appointment.id, appointmentId));
    return linksFor(this.config.publicUrl, token, unconfirmed);
  }

  /**
   * The client an appointment's link is for, as an actor bound to that client (decision 0014): the
   * link is looked up by its hash alone, as a visitor; what follows runs as that client, whom
   * row-level security lets see only their own rows.
   */
  private async linkActor(token: string, use: LinkUse, origin: string): Promise<Actor>;
  /** With `moved`: also a link a move replaced, said so, bound to the client of the moved appointment. */
  private async linkActor(
    token: string,
    use: LinkUse,
    origin: string,
    options: { moved: true },
  ): Promise<{ actor: Actor; moved: boolean }>;
  private async linkActor(
    token: string,
    use: LinkUse,
    origin: string,
    options?: { moved: true },
  ): Promise<Actor | { actor: Actor; moved: boolean }> {
    const found = await this.gate.act(LINK_VISITOR, origin, async (scope) => {
      const live = await linkedClient(scope, 'booking-link', token);
      if (live || !options?.moved) return { clientId: live, moved: false };
      return { clientId: await movedLinkClient(scope, token), moved: true };
    });
    if (!found.clientId) throw new NotFound(LINK_GONE(use));
    const actor = clientActor(found.clientId, 'booking-link');
    return options?.moved ? { actor, moved: found.moved } : actor;
  }

  /**
   * The client confirms, with the link sent to the dossier's address, that they made this online
   * booking: from now on it counts (decision 0015) and the consent they gave with it enters the
   * ledger. Confirming twice changes nothing.
   */
  async confirmOnline(token: string, origin: string): Promise<{ startsAt: Date; confirmed: boolean }> {
    return this.gate.act(await this.linkActor(token, 'confirm', origin), origin, async (scope) => {
      const { row } = await this.byLink(scope, token, 'confirm', { lock: true });
      if (row.confirmedVia !== null) return { startsAt: row.startsAt, confirmed: true };
      // Confirmed, the booking counts for the client's other appointments (migration 0043): one
      // at an overlapping time is refused, and the holder of the dossier's mailbox may know it.
      await lockClient(scope, row.clientId);
      try {
        await scope.tx.transaction((savepoint) =>
          savepoint
            .update(appointment)
            .set({ confirmedVia: 'email_link', confirmedAt: scope.now, pendingConsent: null })
            .where(eq(appointment.id, row.id)),
        );
      } catch (error) {
        if (isClientOverlap(error)) throw clientBusy();
        throw error;
      }
      if (row.pendingConsent) await this.consents.append(scope, row.pendingConsent as ConsentInput);
      scope.record({ action: 'update', objectType: 'appointment', objectId: row.id, clientId: row.clientId });
      return { startsAt: row.startsAt, confirmed: true };
    });
  }
}

/** The cancel, reschedule and (for an unconfirmed booking) confirm links carrying one token. */
export function linksFor(publicUrl: string, token: string, withConfirm: boolean) {
  return {
    cancelLink: `${publicUrl}/book/cancel#token=${token}`,
    rescheduleLink: `${publicUrl}/book/reschedule#token=${token}`,
    confirmLink: withConfirm ? `${publicUrl}/book/confirm#token=${token}` : null,
  };
}

/** A location's address on one line (street and number, postcode and town), or null. */
export function locationAddress(place: {
  street: string | null;
  houseNumber: string | null;
  postcode: string | null;
  city: string | null;
}): string | null {
  const street = [place.street, place.houseNumber].filter(Boolean).join(' ');
  const town = [place.postcode, place.city].filter(Boolean).join(' ');
  return [street, town].filter(Boolean).join(', ') || null;
}

/**
 * Where an appointment is, as e-mails, the .ics LOCATION and the cancel page say it: the location's
 * address, led by its name when the clinic has more than one live location; the clinic's own address
 * when the location has none.
 */
export async function placeOf(scope: { tx: Tx }, locationId: string | null | undefined) {
  const [row] = await scope.tx.select().from(clinic).limit(1);
  const clinicAddress = row ? locationAddress(row) : null;
  if (!locationId) return { address: clinicAddress, phone: row?.phone ?? null };
  const [place] = await scope.tx.select().from(location).where(eq(location.id, locationId));
  if (!place) return { address: clinicAddress, phone: row?.phone ?? null };
  const chain = (await scope.tx.select({ id: location.id }).from(location).where(isNull(location.archivedAt)))
    .length;
  const address = locationAddress(place) ?? clinicAddress;
  return {
    address: chain > 1 ? [place.name, address].filter(Boolean).join(', ') : address,
    phone: place.phone ?? row?.phone ?? null,
  };
}

/** What every booking e-mail says of the clinic (and of the appointment's location), in the client's language. */
export async function mailContext(scope: Scope, language: Language, locationId?: string | null) {
  const [row] = await scope.tx.select().from(clinic).limit(1);
  if (!row) throw new NotFound('the clinic is not set up');
  const { address } = await placeOf(scope, locationId);
  return {
    language,
    clinic: {
      name: row.name,
      timeZone: row.timeZone,
      address,
      email: row.privacyEmail ?? 'vellum@localhost',
    },
    cancellationHours: row.cancellationHours,
    now: scope.now,
  };
}
