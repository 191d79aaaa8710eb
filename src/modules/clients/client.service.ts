import { and, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { breakGlass, careRelationship, client, staff } from '../../db/schema';
import { Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import { recordCare } from '../access/care';
import type { ClientKeys } from '../access/client-keys';
import type { AccessGate } from '../access/gate';

export type ClientInput = {
  firstName: string;
  lastName: string;
  birthDate?: string | null;
  email?: string | null;
  phone?: string | null;
  street?: string | null;
  houseNumber?: string | null;
  postcode?: string | null;
  city?: string | null;
  country?: string;
  preferredLanguage?: 'nl' | 'en';
};

export type ClientRecord = typeof client.$inferSelect;

export type OpenBreakGlass = { breakGlassId: string; clientId: string; expiresAt: Date };

const BREAK_GLASS_HOURS = 4;
const SEARCH_LIMIT = 50;
/** Homonyms born the same day are rare; more than this is not an emergency lookup but a list. */
const BREAK_GLASS_BY_IDENTITY_LIMIT = 3;

/**
 * Clients' identity and contact details. Every method passes the gate; the dossier's medical parts
 * live in their own modules and ask the gate for `medical` access.
 */
export class ClientDirectory {
  constructor(
    private readonly gate: AccessGate,
    private readonly keys: ClientKeys,
  ) {}

  async create(actor: Actor, input: ClientInput, origin: string): Promise<{ id: string }> {
    assertBirthDateInPast(input.birthDate);
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'practitioner', 'reception'], { action: 'create', objectType: 'client' });
      const id = newId();
      // No RETURNING: a practitioner may only see the row once the relationship below exists.
      await scope.tx.insert(client).values({ id, ...input, createdAt: scope.now, updatedAt: scope.now });
      await this.keys.create(scope.tx, id, scope.now);
      if (actor.kind === 'staff' && actor.role === 'practitioner') {
        await recordCare(scope.tx, { staffId: actor.id, clientId: id, basis: 'assignment', now: scope.now });
      }
      scope.record({ action: 'create', objectType: 'client', objectId: id, clientId: id, basis: 'role' });
      return { id };
    });
  }

  async get(actor: Actor, clientId: string, origin: string): Promise<ClientRecord> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('read', 'contact', clientId);
      const [row] = await scope.tx.select().from(client).where(eq(client.id, clientId));
      if (!row) throw new NotFound();
      return row;
    });
  }

  async update(
    actor: Actor,
    clientId: string,
    patch: Partial<ClientInput>,
    origin: string,
  ): Promise<ClientRecord> {
    assertBirthDateInPast(patch.birthDate);
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('update', 'contact', clientId);
      const [row] = await scope.tx
        .update(client)
        .set({ ...patch, updatedAt: scope.now })
        .where(eq(client.id, clientId))
        .returning();
      if (!row) throw new NotFound();
      return row;
    });
  }

  /**
   * Name (typos and accents forgiven: 'jansn' finds Jansen, 'zoe' finds Zoë), e-mail, phone (any
   * formatting) or date of birth (YYYY-MM-DD); only clients the actor may see, each access logged.
   */
  async search(actor: Actor, query: string, origin: string): Promise<ClientRecord[]> {
    return this.gate.act(actor, origin, async (scope) => {
      // Candidates through the indexes, already limited to clients this actor may see (migration
      // 0034 says why this is a function); the rows themselves are read under the row policy.
      const ranked = await scope.tx.execute(
        sql`select client_id from vellum_client_search(${query}, ${SEARCH_LIMIT}) order by rank`,
      );
      const ids = (ranked as unknown as { rows: { client_id: string }[] }).rows.map((row) => row.client_id);
      if (ids.length === 0) return [];
      const rows = await scope.tx.select().from(client).where(inArray(client.id, ids));
      const allowed = await scope.filterClients(
        'search',
        'contact',
        rows.map((row) => row.id),
      );
      const byId = new Map(rows.filter((row) => allowed.has(row.id)).map((row) => [row.id, row]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    });
  }

  /**
   * Clients that may be the same person as a new registration: same folded name and date of birth,
   * or the same e-mail address or phone number. Only those the actor may see.
   */
  async possibleDuplicates(actor: Actor, input: ClientInput, origin: string): Promise<ClientRecord[]> {
    const sameName = sql`vellum_fold(${client.firstName} || ' ' || ${client.lastName}) = vellum_fold(${`${input.firstName} ${input.lastName}`})`;
    const conditions = [
      input.birthDate ? sql`(${sameName} and ${client.birthDate} = ${input.birthDate})` : sameName,
    ];
    if (input.email) conditions.push(sql`lower(${client.email}) = ${input.email.toLowerCase()}`);
    const digits = (input.phone ?? '').replaceAll(/\D/g, '');
    if (digits.length >= 6) {
      conditions.push(sql`regexp_replace(coalesce(${client.phone}, ''), '[^0-9]', '', 'g') = ${digits}`);
    }
    return this.gate.act(actor, origin, async (scope) => {
      const rows = await scope.tx
        .select()
        .from(client)
        .where(or(...conditions))
        .limit(10);
      const allowed = await scope.filterClients(
        'search',
        'contact',
        rows.map((row) => row.id),
      );
      return rows.filter((row) => allowed.has(row.id));
    });
  }

  /** The owner links a practitioner to a client (a care relationship by assignment). */
  async assign(actor: Actor, clientId: string, staffId: string, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'assign', objectType: 'care_relationship', clientId });
      await scope.requireClient('assign', 'contact', clientId, { type: 'care_relationship', id: staffId });
      const [member] = await scope.tx.select({ role: staff.role }).from(staff).where(eq(staff.id, staffId));
      if (!member || member.role === 'reception') {
        throw new Invalid('staffId is not a practitioner or owner', [
          { field: 'staffId', message: 'is not a practitioner or owner' },
        ]);
      }
      await scope.tx
        .insert(careRelationship)
        .values({
          clientId,
          staffId,
          basis: 'assignment',
          since: scope.now,
          createdBy: scope.actor.kind === 'staff' ? scope.actor.id : null,
        })
        .onConflictDoNothing();
    });
  }

  /**
   * Emergency access without a care relationship: needs a written reason, lasts four hours, is
   * logged, flagged and listed for the owner to review.
   */
  async breakGlass(
    actor: Actor,
    clientId: string,
    reason: string,
    origin: string,
  ): Promise<{ expiresAt: Date }> {
    if (actor.kind !== 'staff' || actor.role === 'reception') throw new NotFound();
    return this.gate.act(actor, origin, async (scope) => {
      const expiresAt = new Date(scope.now.getTime() + BREAK_GLASS_HOURS * 3600 * 1000);
      const id = newId();
      try {
        // The foreign key proves the client exists without letting the actor read the row first.
        await scope.tx.transaction((savepoint) =>
          savepoint
            .insert(breakGlass)
            .values({ id, staffId: actor.id, clientId, reason, openedAt: scope.now, expiresAt }),
        );
      } catch {
        scope.refuse({ action: 'break_glass', objectType: 'client', objectId: clientId, clientId, reason });
        throw new NotFound();
      }
      scope.record({
        action: 'break_glass',
        objectType: 'client',
        objectId: id,
        clientId,
        basis: 'break_glass',
        reason,
      });
      return { expiresAt };
    });
  }

  /**
   * Break-glass from a search that found nothing the actor may see: the client is named by last
   * name and date of birth (both exact), with the reason. It reveals a client only as break-glass
   * on an id does — by opening it, logged with the reason and reviewed by the owner — and a miss
   * answers the same 404 as break-glass on an id that does not exist, logged as a refusal.
   */
  async breakGlassByIdentity(
    actor: Actor,
    input: { lastName: string; birthDate: string; reason: string },
    origin: string,
  ): Promise<OpenBreakGlass[]> {
    if (actor.kind !== 'staff' || actor.role === 'reception') throw new NotFound();
    return this.gate.act(actor, origin, async (scope) => {
      const expiresAt = new Date(scope.now.getTime() + BREAK_GLASS_HOURS * 3600 * 1000);
      const result = await scope.tx.execute(
        sql`select break_glass_id, client_id from vellum_break_glass_by_identity(${input.lastName}, ${input.birthDate}::date, ${input.reason}, ${expiresAt.toISOString()}::timestamptz, ${BREAK_GLASS_BY_IDENTITY_LIMIT})`,
      );
      const rows = (result as unknown as { rows: { break_glass_id: string; client_id: string }[] }).rows;
      if (rows.length === 0) {
        scope.refuse({ action: 'break_glass', objectType: 'client', objectId: null, reason: input.reason });
        throw new NotFound();
      }
      for (const row of rows) {
        scope.record({
          action: 'break_glass',
          objectType: 'client',
          objectId: row.break_glass_id,
          clientId: row.client_id,
          basis: 'break_glass',
          reason: input.reason,
        });
      }
      return rows.map((row) => ({ breakGlassId: row.break_glass_id, clientId: row.client_id, expiresAt }));
    });
  }

  /** The actor's own break-glass accesses still running (for the banner that says until when). */
  async activeBreakGlass(actor: Actor, origin: string): Promise<OpenBreakGlass[]> {
    if (actor.kind !== 'staff') return [];
    return this.gate.act(actor, origin, async (scope) => {
      const rows = await scope.tx
        .select({ id: breakGlass.id, clientId: breakGlass.clientId, expiresAt: breakGlass.expiresAt })
        .from(breakGlass)
        .where(and(eq(breakGlass.staffId, actor.id), gt(breakGlass.expiresAt, scope.now)))
        .orderBy(breakGlass.expiresAt);
      return rows.map((row) => ({ breakGlassId: row.id, clientId: row.clientId, expiresAt: row.expiresAt }));
    });
  }
}

function assertBirthDateInPast(birthDate: string | null | undefined): void {
  if (birthDate && birthDate > new Date().toISOString().slice(0, 10)) {
    throw new Invalid('birthDate lies in the future', [
      { field: 'birthDate', message: 'lies in the future' },
    ]);
  }
}
