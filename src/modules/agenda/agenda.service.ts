import { and, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { client, clinic, outboxEmail, staff } from '../../db/schema';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { type Actor, clientActor, visitor } from '../access/actor';
import type { ClientKeys } from '../access/client-keys';
import type { AccessGate, Scope, Tx } from '../access/gate';
import { clientsWithEmail, linkedClient } from '../access/links';
import { treatmentType, treatmentTypePractitioner } from '../catalogue/tables';
import type { ContactMergeStep } from '../clients/client-merge.service';
import type { ConsentInput, ConsentLedger } from '../privacy/consent.service';
import type { Language } from '../privacy/statement';
import { calendarSequence, cancellationMail, confirmationMail, rescheduleMail } from './booking-mail';
import { datesBetween, localDate, zonedInstant } from './clinic-time';
import { freeSlots, type Interval, type Slot, type WeeklyHours } from './slots';
import { appointment, openingHours, scheduleException, workingHours } from './tables';

/** Anonymous visitors of the booking page: they may book, and read nothing of anyone (decision 0014). */
const BOOKING_ACTOR: Actor = visitor('online-booking');
const LINK_VISITOR: Actor = visitor('booking-link');
const MINUTE = 60_000;
const NEXT_FREE = 5;

export type BookingRequest = {
  treatmentTypeId: string;
  /** A practitioner, or null for "anyone". */
  practitionerId: string | null;
  startsAt: Date;
};

export type PublicBooking = BookingRequest & {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  birthDate: string | null;
  language: Language;
  statementVersion: number;
  consent: boolean;
  request: { requestId: string; userAgent: string | null };
};

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
 * The agenda (issue 6): free times computed from the schedules, and appointments that can never
 * overlap (an exclusion constraint in the database, whoever books). An online booking creates the
 * client's basic dossier, or links the existing one by e-mail with the same answer either way
 * (P5.2), records the consent given with it (P1.2) and the care relationship with the practitioner.
 */
export class Agenda {
  constructor(
    private readonly gate: AccessGate,
    private readonly keys: ClientKeys,
    private readonly consents: ConsentLedger,
    private readonly config: Config,
  ) {}

  /** Free times for a treatment between two local dates (public: nothing personal in them). */
  async slots(
    treatmentTypeId: string,
    practitionerId: string | null,
    from: string,
    to: string,
  ): Promise<Slot[]> {
    return this.gate.act(BOOKING_ACTOR, 'booking:slots', (scope) =>
      this.slotsIn(scope, treatmentTypeId, practitionerId, from, to),
    );
  }

  /** What the booking page offers: active treatments with someone to perform them (public information). */
  async bookableTreatments() {
    return this.gate.act(BOOKING_ACTOR, 'booking:treatments', async (scope) => {
      const types = await scope.tx.select().from(treatmentType).where(eq(treatmentType.active, true));
      const performers = await scope.tx
        .select({ typeId: treatmentTypePractitioner.treatmentTypeId, id: staff.id, name: staff.name })
        .from(treatmentTypePractitioner)
        .innerJoin(staff, eq(staff.id, treatmentTypePractitioner.staffId))
        .where(isNull(staff.disabledAt));
      return types
        .map((t) => ({
          id: t.id,
          name: t.name,
          description: t.description,
          durationMinutes: t.durationMinutes,
          priceCents: t.priceCents,
          // First names only on the public site.
          practitioners: performers
            .filter((p) => p.typeId === t.id)
            .map((p) => ({ id: p.id, name: p.name.split(' ')[0] ?? p.name })),
        }))
        .filter((t) => t.practitioners.length > 0)
        .sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  /** Books online: a visitor, no account. Answers the same whether the e-mail was known. */
  async bookOnline(input: PublicBooking, origin: string): Promise<{ appointmentId: string; startsAt: Date }> {
    if (!input.consent) {
      throw new Invalid('consent is needed to book', [{ field: 'consent', message: 'is needed to book' }]);
    }
    return this.withNextFreeTimes(input, () =>
      this.gate.act(BOOKING_ACTOR, origin, async (scope) => {
        const { practitionerId, type } = await this.assertFree(scope, input);
        await this.consents.assertWorded(scope, { scope: 'personal_data', ...input });
        const { clientId, known } = await this.clientFor(scope, input);
        const consent: ConsentInput = {
          clientId,
          scope: 'personal_data',
          decision: 'granted',
          channel: 'online_booking',
          language: input.language,
          statementVersion: input.statementVersion,
          evidence: {
            kind: 'checkbox',
            requestId: input.request.requestId,
            userAgent: input.request.userAgent,
            formShownAt: null,
          },
        };
        // A known address is not a known person (decision 0015): the booking holds the time, but
        // opens nothing of that dossier and adds nothing to it until the person is confirmed — at
        // the desk, or through the link that goes only to the dossier's address. Same answer.
        const token = randomToken(32);
        const id = await this.insert(scope, clientId, practitionerId, type, input.startsAt, 'online', {
          cancelTokenHash: sha256Hex(token),
          confirmedVia: known ? null : 'new_dossier',
          bookedAs: known
            ? { firstName: input.firstName, lastName: input.lastName, phone: input.phone }
            : null,
          pendingConsent: known ? consent : null,
        });
        if (!known) await this.consents.append(scope, consent);
        const links = this.links(token, known);
        const mail = confirmationMail({
          ...(await this.mailContext(scope, input.language)),
          appointmentId: id,
          treatment: type.name,
          startsAt: input.startsAt,
          endsAt: new Date(input.startsAt.getTime() + type.durationMinutes * MINUTE),
          ...links,
        });
        await scope.tx.insert(outboxEmail).values({
          id: newId(),
          recipient: input.email,
          clientId,
          kind: 'booking_confirmation',
          ...mail,
          createdAt: scope.now,
        });
        return { appointmentId: id, startsAt: input.startsAt };
      }),
    );
  }

  /** Books for a known client from the staff agenda (owner, reception, practitioner who sees the client). */
  async bookByStaff(
    actor: Actor,
    clientId: string,
    input: BookingRequest,
    origin: string,
  ): Promise<{ appointmentId: string; practitionerId: string }> {
    return this.withNextFreeTimes(input, () =>
      this.gate.act(actor, origin, async (scope) => {
        await scope.requireClient('create', 'contact', clientId, { type: 'appointment' });
        const { practitionerId, type } = await this.assertFree(scope, input);
        const id = await this.insert(scope, clientId, practitionerId, type, input.startsAt, 'staff', {
          confirmedVia: 'staff_booking',
        });
        return { appointmentId: id, practitionerId };
      }),
    );
  }

  /** Merge of duplicates: the duplicate's appointments become the survivor's. */
  readonly mergeStep: ContactMergeStep = async (scope, merge) => {
    await scope.tx
      .update(appointment)
      .set({ clientId: merge.intoId })
      .where(eq(appointment.clientId, merge.fromId));
    return {};
  };

  /** The weekly opening hours and every practitioner's working hours (owner, for the schedule editor). */
  async schedule(actor: Actor, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'schedule' });
      const block = (r: { weekday: number; startMinutes: number; endMinutes: number }) => ({
        weekday: r.weekday,
        startMinutes: r.startMinutes,
        endMinutes: r.endMinutes,
      });
      const opening = await scope.tx.select().from(openingHours);
      const working = await scope.tx.select().from(workingHours);
      const staffIds = [...new Set(working.map((w) => w.staffId))];
      return {
        openingHours: opening
          .map(block)
          .sort((a, b) => a.weekday - b.weekday || a.startMinutes - b.startMinutes),
        workingHours: staffIds.map((staffId) => ({
          staffId,
          hours: working
            .filter((w) => w.staffId === staffId)
            .map(block)
            .sort((a, b) => a.weekday - b.weekday || a.startMinutes - b.startMinutes),
        })),
      };
    });
  }

  /** Replaces the clinic's weekly opening hours (owner). */
  async setOpeningHours(actor: Actor, hours: WeeklyHours, origin: string): Promise<void> {
    assertHours(hours);
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'opening_hours' });
      await scope.tx.delete(openingHours);
      if (hours.length > 0)
        await scope.tx.insert(openingHours).values(hours.map((h) => ({ id: newId(), ...h })));
      scope.record({ action: 'update', objectType: 'opening_hours', basis: 'role' });
    });
  }

  /** Replaces a practitioner's weekly working hours (owner). */
  async setWorkingHours(actor: Actor, staffId: string, hours: WeeklyHours, origin: string): Promise<void> {
    assertHours(hours);
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'working_hours', objectId: staffId });
      const [member] = await scope.tx.select({ role: staff.role }).from(staff).where(eq(staff.id, staffId));
      if (!member || member.role === 'reception') throw new NotFound();
      await scope.tx.delete(workingHours).where(eq(workingHours.staffId, staffId));
      if (hours.length > 0) {
        await scope.tx.insert(workingHours).values(hours.map((h) => ({ id: newId(), staffId, ...h })));
      }
      scope.record({ action: 'update', objectType: 'working_hours', objectId: staffId, basis: 'role' });
    });
  }

  /** A holiday, sickness or extra hours for a practitioner, or a closure of the clinic (owner). */
  async addException(
    actor: Actor,
    input: { staffId: string | null; kind: 'absence' | 'extra'; startsAt: Date; endsAt: Date; note?: string },
    origin: string,
  ): Promise<{ id: string }> {
    if (input.endsAt <= input.startsAt) {
      throw new Invalid('endsAt is not after startsAt', [
        { field: 'endsAt', message: 'is not after startsAt' },
      ]);
    }
    if (input.staffId === null && input.kind === 'extra') {
      throw new Invalid('extra hours belong to a practitioner', [
        { field: 'staffId', message: 'is required for extra hours' },
      ]);
    }
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'create', objectType: 'schedule_exception' });
      const id = newId();
      await scope.tx.insert(scheduleException).values({ id, ...input, note: input.note ?? null });
      scope.record({ action: 'create', objectType: 'schedule_exception', objectId: id, basis: 'role' });
      return { id };
    });
  }

  /** Absences, closures and extra hours that have not ended yet, soonest first (owner). */
  async exceptions(actor: Actor, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'schedule_exception' });
      return scope.tx
        .select()
        .from(scheduleException)
        .where(gt(scheduleException.endsAt, scope.now))
        .orderBy(scheduleException.startsAt);
    });
  }

  /** Removes an absence, closure or extra hours (owner); the free times follow at once. */
  async removeException(actor: Actor, id: string, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'delete', objectType: 'schedule_exception', objectId: id });
      const gone = await scope.tx
        .delete(scheduleException)
        .where(eq(scheduleException.id, id))
        .returning({ id: scheduleException.id });
      if (gone.length === 0) throw new NotFound();
      scope.record({ action: 'delete', objectType: 'schedule_exception', objectId: id, basis: 'role' });
    });
  }

  private async slotsIn(
    scope: Scope,
    treatmentTypeId: string,
    practitionerId: string | null,
    from: string,
    to: string,
    /** An appointment being moved: its own time counts as free. */
    ignoreAppointmentId?: string,
  ): Promise<Slot[]> {
    const [rules] = await scope.tx.select().from(clinic).limit(1);
    const [type] = await scope.tx.select().from(treatmentType).where(eq(treatmentType.id, treatmentTypeId));
    if (!rules || !type?.active) return [];
    const performers = await scope.tx
      .select({ id: treatmentTypePractitioner.staffId })
      .from(treatmentTypePractitioner)
      .innerJoin(staff, eq(staff.id, treatmentTypePractitioner.staffId))
      .where(and(eq(treatmentTypePractitioner.treatmentTypeId, treatmentTypeId), isNull(staff.disabledAt)));
    const ids = performers.map((p) => p.id).filter((id) => practitionerId === null || id === practitionerId);
    if (ids.length === 0 || datesBetween(from, to).length > 92) return [];
    const zone = rules.timeZone;
    const windowStart = zonedInstant(from, 0, zone);
    const windowEnd = new Date(zonedInstant(to, 0, zone).getTime() + 26 * 3600 * 1000);
    // One transaction is one connection: its queries run one after another (pg queues them, and
    // pg 9 will refuse overlapping ones). Drizzle's builders run only when awaited.
    const reads = [
      scope.tx.select().from(openingHours),
      scope.tx.select().from(workingHours).where(inArray(workingHours.staffId, ids)),
      scope.tx
        .select()
        .from(scheduleException)
        .where(
          and(
            lt(scheduleException.startsAt, windowEnd),
            gt(scheduleException.endsAt, windowStart),
            or(isNull(scheduleException.staffId), inArray(scheduleException.staffId, ids)),
          ),
        ),
    ] as const;
    const opening = await reads[0];
    const hours = await reads[1];
    const exceptions = await reads[2];
    const busy = (await busyTimes(scope, ids, windowStart, windowEnd, ignoreAppointmentId)).map((b) => ({
      practitionerId: b.practitionerId,
      start: b.startsAt,
      end: b.blockedUntil,
    }));
    const interval = (start: Date, end: Date): Interval => ({ start: start.getTime(), end: end.getTime() });
    const weekly = (rows: { weekday: number; startMinutes: number; endMinutes: number }[]): WeeklyHours =>
      rows.map((r) => ({ weekday: r.weekday, startMinutes: r.startMinutes, endMinutes: r.endMinutes }));
    return freeSlots({
      timeZone: zone,
      from,
      to,
      now: scope.now,
      leadMinutes: rules.bookingLeadMinutes,
      horizonDays: rules.bookingHorizonDays,
      stepMinutes: rules.slotStepMinutes,
      durationMinutes: type.durationMinutes,
      bufferMinutes: type.bufferAfterMinutes,
      opening: weekly(opening),
      closures: exceptions.filter((e) => e.staffId === null).map((e) => interval(e.startsAt, e.endsAt)),
      practitioners: ids.map((id) => ({
        id,
        hours: weekly(hours.filter((h) => h.staffId === id)),
        extras: exceptions
          .filter((e) => e.staffId === id && e.kind === 'extra')
          .map((e) => interval(e.startsAt, e.endsAt)),
        absences: exceptions
          .filter((e) => e.staffId === id && e.kind === 'absence')
          .map((e) => interval(e.startsAt, e.endsAt)),
        busy: busy.filter((b) => b.practitionerId === id).map((b) => interval(b.start, b.end)),
      })),
    });
  }

  /**
   * The requested time must be one of the free slots (working hours, opening hours, exceptions,
   * lead time, horizon, the grid, a practitioner who performs the treatment); for "anyone", the
   * first practitioner free then.
   */
  private async assertFree(scope: Scope, input: BookingRequest, ignoreAppointmentId?: string) {
    const [type] = await scope.tx
      .select()
      .from(treatmentType)
      .where(eq(treatmentType.id, input.treatmentTypeId));
    if (!type?.active) {
      throw new Invalid('treatmentTypeId is not a treatment that can be booked', [
        { field: 'treatmentTypeId', message: 'is not a treatment that can be booked' },
      ]);
    }
    const zone = await this.timeZone(scope);
    const day = localDate(input.startsAt, zone);
    const free = await this.slotsIn(
      scope,
      input.treatmentTypeId,
      input.practitionerId,
      day,
      day,
      ignoreAppointmentId,
    );
    const match = free.find((s) => s.start.getTime() === input.startsAt.getTime());
    if (!match && (await this.takenByAppointment(scope, input, type, ignoreAppointmentId))) {
      throw new SlotTaken();
    }
    if (!match) {
      throw new Invalid('startsAt is not a free time for this treatment', [
        { field: 'startsAt', message: 'is not a free time for this treatment' },
      ]);
    }
    // One booking per practitioner at a time: concurrent inserts under an exclusion constraint can
    // deadlock each other; queued behind this lock, the next one sees the first and is told so.
    await scope.tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`vellum-agenda:${match.practitionerId}`}, 0))`,
    );
    const practitioner = { ...input, practitionerId: match.practitionerId };
    if (await this.takenByAppointment(scope, practitioner, type, ignoreAppointmentId)) throw new SlotTaken();
    return { practitionerId: match.practitionerId, type };
  }

  /** Whether the time would be free but for an appointment (someone booked it first). */
  private async takenByAppointment(
    scope: Scope,
    input: BookingRequest,
    type: typeof treatmentType.$inferSelect,
    ignoreAppointmentId?: string,
  ): Promise<boolean> {
    const end = new Date(
      input.startsAt.getTime() + (type.durationMinutes + type.bufferAfterMinutes) * MINUTE,
    );
    const clashes = await busyTimes(
      scope,
      input.practitionerId ? [input.practitionerId] : null,
      input.startsAt,
      end,
      ignoreAppointmentId,
    );
    return clashes.length > 0;
  }

  private async insert(
    scope: Scope,
    clientId: string,
    practitionerId: string,
    type: typeof treatmentType.$inferSelect,
    startsAt: Date,
    source: 'staff' | 'online',
    extra: Pick<
      typeof appointment.$inferInsert,
      'confirmedVia' | 'cancelTokenHash' | 'bookedAs' | 'pendingConsent'
    >,
  ): Promise<string> {
    const id = newId();
    const endsAt = new Date(startsAt.getTime() + type.durationMinutes * MINUTE);
    await scope.tx.insert(appointment).values({
      id,
      clientId,
      practitionerId,
      treatmentTypeId: type.id,
      startsAt,
      endsAt,
      blockedUntil: new Date(endsAt.getTime() + type.bufferAfterMinutes * MINUTE),
      status: 'booked',
      source,
      createdAt: scope.now,
      createdBy: scope.actor.kind === 'staff' ? scope.actor.id : null,
      ...extra,
      confirmedAt: extra.confirmedVia ? scope.now : null,
    });
    scope.record({ action: 'create', objectType: 'appointment', objectId: id, clientId });
    return id;
  }

  /**
   * The client with this e-mail address (its id only, through a function that answers a visitor
   * nothing else), or a new basic dossier; the visitor cannot tell which.
   */
  private async clientFor(scope: Scope, input: PublicBooking): Promise<{ clientId: string; known: boolean }> {
    const [existing] = await clientsWithEmail(scope, input.email);
    if (existing) {
      scope.record({
        action: 'create',
        objectType: 'unconfirmed_booking',
        clientId: existing.id,
        basis: 'none',
      });
      return { clientId: existing.id, known: true };
    }
    const id = newId();
    await scope.tx.insert(client).values({
      id,
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      phone: input.phone,
      birthDate: input.birthDate,
      preferredLanguage: input.language,
      createdAt: scope.now,
      updatedAt: scope.now,
    });
    await this.keys.create(scope.tx, id, scope.now);
    scope.record({ action: 'create', objectType: 'client', objectId: id, clientId: id, basis: 'none' });
    return { clientId: id, known: false };
  }

  /** The database refused an overlap (someone took the time a moment earlier): say so, with the next free times. */
  private async withNextFreeTimes<T>(input: BookingRequest, book: () => Promise<T>): Promise<T> {
    try {
      return await book();
    } catch (error) {
      if (!(error instanceof SlotTaken) && !isOverlap(error)) throw error;
      throw await this.justTaken(input);
    }
  }

  /** "This time was just taken", with the next free times after it (an appointment being moved counts as free). */
  private async justTaken(input: BookingRequest, ignoreAppointmentId?: string): Promise<Conflict> {
    const next = await this.gate.act(BOOKING_ACTOR, 'booking:slots', async (scope) => {
      const zone = await this.timeZone(scope);
      const day = localDate(input.startsAt, zone);
      const until = localDate(new Date(input.startsAt.getTime() + 14 * 24 * 3600 * 1000), zone);
      const free = await this.slotsIn(
        scope,
        input.treatmentTypeId,
        input.practitionerId,
        day,
        until,
        ignoreAppointmentId,
      );
      return free.filter((s) => s.start > input.startsAt).slice(0, NEXT_FREE);
    });
    return new Conflict('this time was just taken', {
      nextFreeTimes: next.map((s) => ({
        startsAt: s.start.toISOString(),
        practitionerId: s.practitionerId,
      })),
    });
  }

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
          ...(await this.mailContext(scope, person.language)),
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
      const free = await this.slotsIn(
        scope,
        row.treatmentTypeId,
        input.anyone ? null : row.practitionerId,
        input.from,
        input.to,
        row.id,
      );
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
        request = { treatmentTypeId: row.treatmentTypeId, ...input };
        if (
          input.startsAt.getTime() === row.startsAt.getTime() &&
          (input.practitionerId === null || input.practitionerId === row.practitionerId)
        ) {
          throw new Invalid('startsAt is the appointment’s current time', [
            { field: 'startsAt', message: 'is the appointment’s current time' },
          ]);
        }
        const { practitionerId, type } = await this.assertFree(scope, request, row.id);
        const endsAt = new Date(input.startsAt.getTime() + type.durationMinutes * MINUTE);
        const links = await this.issueLinks(scope, row.id, row.confirmedVia === null);
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
        const [person] = await scope.tx
          .select({ email: client.email, language: client.preferredLanguage })
          .from(client)
          .where(eq(client.id, row.clientId));
        if (person?.email) {
          const mail = rescheduleMail({
            ...(await this.mailContext(scope, person.language)),
            appointmentId: row.id,
            treatment: type.name,
            startsAt: input.startsAt,
            endsAt,
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
      if (!request || (!(error instanceof SlotTaken) && !isOverlap(error))) throw error;
      throw await this.justTaken(request, movingId);
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
    if (!row) {
      throw new NotFound(
        `this ${use} link is not valid (any more): it is incomplete or changed, the appointment was cancelled or moved, or a newer e-mail has a newer link`,
      );
    }
    const [rules] = await scope.tx.select().from(clinic).limit(1);
    const hours = rules?.cancellationHours ?? 24;
    const closes = new Date(row.startsAt.getTime() - hours * 3600_000);
    if (scope.now.getTime() > closes.getTime()) {
      throw new Conflict(`too late to ${use} online (${hours} hours before); please call the clinic`);
    }
    return { row, rules, closes };
  }

  /** A fresh token for the appointment's cancel and reschedule links; older links stop working. */
  /**
   * Tells the client their appointment was moved by the clinic: the reschedule e-mail with the
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
    const links = await this.issueLinks(scope, row.id, row.confirmedVia === null);
    const mail = rescheduleMail({
      ...(await this.mailContext(scope, person.language)),
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

  private async issueLinks(scope: Scope, appointmentId: string, unconfirmed: boolean) {
    // The token is only in the e-mail; the appointment keeps its hash.
    const token = randomToken(32);
    await scope.tx
      .update(appointment)
      .set({ cancelTokenHash: sha256Hex(token) })
      .where(eq(appointment.id, appointmentId));
    return this.links(token, unconfirmed);
  }

  private links(token: string, withConfirm: boolean) {
    return {
      cancelLink: `${this.config.publicUrl}/book/cancel#token=${token}`,
      rescheduleLink: `${this.config.publicUrl}/book/reschedule#token=${token}`,
      confirmLink: withConfirm ? `${this.config.publicUrl}/book/confirm#token=${token}` : null,
    };
  }

  /**
   * The client an appointment's link is for, as an actor bound to that client (decision 0014): the
   * link is looked up by its hash alone, as a visitor; what follows runs as that client, whom
   * row-level security lets see only their own rows.
   */
  private async linkActor(
    token: string,
    use: 'cancel' | 'reschedule' | 'confirm',
    origin: string,
  ): Promise<Actor> {
    const clientId = await this.gate.act(LINK_VISITOR, origin, (scope) =>
      linkedClient(scope, 'booking-link', token),
    );
    if (!clientId) {
      throw new NotFound(
        `this ${use} link is not valid (any more): it is incomplete or changed, the appointment was cancelled or moved, or a newer e-mail has a newer link`,
      );
    }
    return clientActor(clientId, 'booking-link');
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
      await scope.tx
        .update(appointment)
        .set({ confirmedVia: 'email_link', confirmedAt: scope.now, pendingConsent: null })
        .where(eq(appointment.id, row.id));
      if (row.pendingConsent) await this.consents.append(scope, row.pendingConsent as ConsentInput);
      scope.record({ action: 'update', objectType: 'appointment', objectId: row.id, clientId: row.clientId });
      return { startsAt: row.startsAt, confirmed: true };
    });
  }

  private async mailContext(scope: Scope, language: Language) {
    const [row] = await scope.tx.select().from(clinic).limit(1);
    if (!row) throw new NotFound('the clinic is not set up');
    const address = [row.street, row.houseNumber, row.postcode, row.city].filter(Boolean).join(' ') || null;
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

  private async timeZone(scope: { tx: Tx }): Promise<string> {
    const [row] = await scope.tx.select({ timeZone: clinic.timeZone }).from(clinic).limit(1);
    if (!row) throw new NotFound('the clinic is not set up');
    return row.timeZone;
  }
}

function assertHours(hours: WeeklyHours): void {
  const problems = hours.flatMap((h, i) =>
    h.endMinutes > h.startMinutes &&
    h.startMinutes >= 0 &&
    h.endMinutes <= 24 * 60 &&
    h.weekday >= 1 &&
    h.weekday <= 7
      ? []
      : [{ field: `hours.${i}`, message: 'is not a block of time within one day' }],
  );
  if (problems.length > 0)
    throw new Invalid(problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
}

/** The time was free by the schedule but an appointment took it first. */
class SlotTaken extends Error {}

/** The exclusion constraint's error (SQLSTATE 23P01), from node-postgres or PGlite, maybe wrapped by Drizzle. */
export function isOverlap(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    // 23P01: the exclusion constraint; 40P01: the loser of a deadlock between two such inserts.
    if (e.code === '23P01' || e.code === '40P01') return true;
  }
  return false;
}

/**
 * When practitioners are taken (never by whom), through a function that shows every actor the
 * times and nothing else: free slots and the agenda's colleague columns need them.
 */
export async function busyTimes(
  scope: { tx: Tx },
  practitionerIds: string[] | null,
  from: Date,
  to: Date,
  ignoreAppointmentId?: string,
  statuses: 'live' | 'all' = 'live',
): Promise<
  { id: string; practitionerId: string; startsAt: Date; endsAt: Date; blockedUntil: Date; status: string }[]
> {
  if (practitionerIds !== null && practitionerIds.length === 0) return [];
  const ids = practitionerIds === null ? null : `{${practitionerIds.join(',')}}`;
  const result = await scope.tx.execute(sql`
    select id, practitioner_id, starts_at, ends_at, blocked_until, status
    from vellum_busy_times(${ids}::uuid[], ${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz,
                           ${ignoreAppointmentId ?? null}::uuid)
    where ${statuses === 'all'} or status in ('booked', 'checked_in', 'completed')
    order by starts_at`);
  type Row = Record<'id' | 'practitioner_id' | 'status', string> &
    Record<'starts_at' | 'ends_at' | 'blocked_until', string | Date>;
  return (result as unknown as { rows: Row[] }).rows.map((r) => ({
    id: r.id,
    practitionerId: r.practitioner_id,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    blockedUntil: new Date(r.blocked_until),
    status: r.status,
  }));
}
