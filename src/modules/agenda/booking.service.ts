import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Config } from '../../config';
import { client, location, outboxEmail, staff } from '../../db/schema';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { Invalid } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import type { ClientKeys } from '../access/client-keys';
import type { AccessGate, Scope } from '../access/gate';
import { clientsWithEmail } from '../access/links';
import { treatmentType, treatmentTypePractitioner } from '../catalogue/tables';
import type { ContactMergeStep } from '../clients/client-merge.service';
import { resource, staffLocation, treatmentTypeLocation, treatmentTypeResource } from '../locations/tables';
import type { ConsentInput, ConsentLedger } from '../privacy/consent.service';
import type { Language } from '../privacy/statement';
import { linksFor, locationAddress, mailContext } from './booking-links.service';
import { confirmationMail } from './booking-mail';
import {
  assertFree,
  BOOKING_ACTOR,
  type BookingRequest,
  type Channel,
  lockClient,
  resolveLocation,
  slotsIn,
  withNextFreeTimes,
} from './free-times';
import type { Slot } from './slots';
import { appointment } from './tables';

const MINUTE = 60_000;

export type { BookingRequest } from './free-times';

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

/**
 * The agenda (issue 6): free times computed from the schedules, and appointments that can never
 * overlap (an exclusion constraint in the database, whoever books). An online booking creates the
 * client's basic dossier, or links the existing one by e-mail with the same answer either way
 * (P5.2), records the consent given with it (P1.2) and the care relationship with the practitioner.
 * The schedule is in schedule.service.ts, free times in free-times.ts, the e-mails' links in
 * booking-links.service.ts.
 */
export class Booking {
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
    locationId?: string,
  ): Promise<Slot[]> {
    return this.gate.act(BOOKING_ACTOR, 'booking:slots', async (scope) =>
      slotsIn(scope, {
        treatmentTypeId,
        practitionerId,
        locationId: await resolveLocation(scope, locationId),
        from,
        to,
      }),
    );
  }

  /** The live locations, for the booking page's first step (name and address only: public). */
  async publicLocations() {
    return this.gate.act(BOOKING_ACTOR, 'booking:locations', async (scope) => {
      const rows = await scope.tx
        .select()
        .from(location)
        .where(isNull(location.archivedAt))
        .orderBy(asc(location.position), asc(location.name));
      return rows.map((l) => ({ id: l.id, name: l.name, address: locationAddress(l) }));
    });
  }

  /**
   * The desk's free times: the same hours, exceptions and holidays, but without the online lead
   * time, so a walk-in can be booked now (from the next step of the grid).
   */
  async deskSlots(
    actor: Actor,
    treatmentTypeId: string,
    practitionerId: string | null,
    from: string,
    to: string,
    origin: string,
    locationId?: string,
  ): Promise<Slot[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception', 'practitioner'], { action: 'read', objectType: 'free_times' });
      return slotsIn(scope, {
        treatmentTypeId,
        practitionerId,
        locationId: await resolveLocation(scope, locationId),
        from,
        to,
        channel: 'desk',
      });
    });
  }

  /**
   * What the booking page offers at a location: active treatments offered there, with someone who
   * performs them and works there, and the rooms and devices they need (public information).
   */
  async bookableTreatments(locationId?: string) {
    return this.gate.act(BOOKING_ACTOR, 'booking:treatments', async (scope) => {
      const at = await resolveLocation(scope, locationId);
      const types = await scope.tx.select().from(treatmentType).where(eq(treatmentType.active, true));
      const performers = await scope.tx
        .select({ typeId: treatmentTypePractitioner.treatmentTypeId, id: staff.id, name: staff.name })
        .from(treatmentTypePractitioner)
        .innerJoin(staff, eq(staff.id, treatmentTypePractitioner.staffId))
        .innerJoin(staffLocation, and(eq(staffLocation.staffId, staff.id), eq(staffLocation.locationId, at)))
        .where(isNull(staff.disabledAt));
      const offered = await scope.tx.select().from(treatmentTypeLocation);
      const needs = await scope.tx.select().from(treatmentTypeResource);
      const kindsHere = new Set(
        (
          await scope.tx
            .select({ kind: resource.resourceTypeId })
            .from(resource)
            .where(and(eq(resource.locationId, at), isNull(resource.archivedAt)))
        ).map((r) => r.kind),
      );
      const bookableHere = (id: string) => {
        const places = offered.filter((o) => o.treatmentTypeId === id);
        if (places.length > 0 && !places.some((o) => o.locationId === at)) return false;
        return needs.filter((n) => n.treatmentTypeId === id).every((n) => kindsHere.has(n.resourceTypeId));
      };
      return types
        .filter((t) => bookableHere(t.id))
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
    return withNextFreeTimes(this.gate, input, () =>
      this.gate.act(BOOKING_ACTOR, origin, async (scope) => {
        // As the staff's client form: nobody is born tomorrow (a typo in the year, usually).
        if (input.birthDate && input.birthDate > scope.now.toISOString().slice(0, 10)) {
          throw new Invalid('birthDate lies in the future', [
            { field: 'birthDate', message: 'lies in the future' },
          ]);
        }
        const { practitionerId, type, locationId } = await assertFree(scope, input);
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
          locationId,
          cancelTokenHash: sha256Hex(token),
          confirmedVia: known ? null : 'new_dossier',
          bookedAs: known
            ? { firstName: input.firstName, lastName: input.lastName, phone: input.phone }
            : null,
          pendingConsent: known ? consent : null,
        });
        if (!known) await this.consents.append(scope, consent);
        const links = linksFor(this.config.publicUrl, token, known);
        const mail = confirmationMail({
          ...(await mailContext(scope, input.language, locationId)),
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

  /**
   * Books for a known client from the staff agenda (owner, reception, practitioner who sees the
   * client): from now on (a walk-in), without the online lead time. The client gets the same
   * confirmation as an online booking, with cancel and reschedule links, unless the desk says not to.
   */
  async bookByStaff(
    actor: Actor,
    clientId: string,
    input: BookingRequest & { notifyClient?: boolean },
    origin: string,
  ): Promise<{ appointmentId: string; practitionerId: string; clientNotified: boolean }> {
    const channel: Channel = 'desk';
    return withNextFreeTimes(this.gate, input, () =>
      this.gate.act(actor, origin, async (scope) => {
        await scope.requireClient('create', 'contact', clientId, { type: 'appointment' });
        const { practitionerId, type, locationId } = await assertFree(scope, input, undefined, channel);
        const token = randomToken(32);
        const id = await this.insert(scope, clientId, practitionerId, type, input.startsAt, 'staff', {
          locationId,
          confirmedVia: 'staff_booking',
          cancelTokenHash: sha256Hex(token),
        });
        const [person] = await scope.tx
          .select({ email: client.email, language: client.preferredLanguage })
          .from(client)
          .where(eq(client.id, clientId));
        if (input.notifyClient === false || !person?.email) {
          return { appointmentId: id, practitionerId, clientNotified: false };
        }
        const mail = confirmationMail({
          ...(await mailContext(scope, person.language, locationId)),
          appointmentId: id,
          treatment: type.name,
          startsAt: input.startsAt,
          endsAt: new Date(input.startsAt.getTime() + type.durationMinutes * MINUTE),
          ...linksFor(this.config.publicUrl, token, false),
        });
        await scope.tx.insert(outboxEmail).values({
          id: newId(),
          recipient: person.email,
          clientId,
          kind: 'booking_confirmation',
          ...mail,
          createdAt: scope.now,
        });
        return { appointmentId: id, practitionerId, clientNotified: true };
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

  private async insert(
    scope: Scope,
    clientId: string,
    practitionerId: string,
    type: typeof treatmentType.$inferSelect,
    startsAt: Date,
    source: 'staff' | 'online',
    extra: Pick<
      typeof appointment.$inferInsert,
      'confirmedVia' | 'cancelTokenHash' | 'bookedAs' | 'pendingConsent' | 'locationId'
    >,
  ): Promise<string> {
    const id = newId();
    const endsAt = new Date(startsAt.getTime() + type.durationMinutes * MINUTE);
    // A confirmed client cannot be booked twice at once (migration 0043); an unconfirmed booking
    // for a known address does not count until confirmed, so it takes no lock either.
    if (extra.confirmedVia) await lockClient(scope, clientId);
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
}
