/**
 * THE ACCESS GATE. Every read and change of a client's personal data passes here: it decides
 * whether the actor may, and it writes the audit entry in the same transaction as the action.
 * PostgreSQL row-level security (migration 0003) applies the same rule a second time, keyed on the
 * actor this file sets per transaction.
 *
 * Changing a rule here changes who sees medical data. Such a change needs a test in gate.test.ts
 * and in the authorization matrix, and a second reviewer.
 *
 * The rules:
 * - contact (identity and contact details): the owner sees every client; reception the clients
 *   known at a location it works at (an appointment there, or a dossier made there: decision 0026);
 *   a practitioner only with a care relationship, an owner's assignment or a live break-glass.
 * - medical (intake, reports, analyses, notes, photos, e-mails): owner and practitioner only with
 *   such a relationship; reception never.
 * - a client (through a one-time link, decision 0014) only their own data, basis `self`; a visitor
 *   (a public form) no one's; a job only the kinds its work needs (JOB_SEES); `system` (setup, the
 *   seed, the operator's CLI) everything. All are logged like anyone else.
 * - A care relationship (care.ts, decision 0015) means treating the client now: an appointment's
 *   window, a follow-up period, an owner's assignment or a live break-glass.
 * - A refusal answers exactly like a missing object (404), except reception asking for medical data
 *   of a client it can see (403), and is logged even though the action's transaction rolls back.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/connection';
import { client } from '../../db/schema';
import type { Clock } from '../../platform/clock';
import { Forbidden, NotFound } from '../../platform/errors';
import { appendAudit } from '../audit/chain';
import type { AccessBasis, AuditAction, AuditEntry, ShownClient } from '../audit/events';
import { clientLocation, staffLocation } from '../locations/tables';
import {
  type Actor,
  actorId,
  actorRole,
  type DataKind,
  type JobName,
  rlsSettings,
  type StaffRole,
} from './actor';
import { careBases } from './care';

/** A transaction handle: what repositories receive. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type AuditNote = {
  action: AuditAction;
  objectType: string;
  objectId?: string | null;
  clientId?: string | null;
  basis?: AccessBasis | null;
  reason?: string | null;
  outcome?: AuditEntry['outcome'];
  /** A result set: every client shown, with the basis for each (decision 0027). */
  clients?: ShownClient[];
};

/** What a service gets inside one action: the transaction, and the gate's decisions. */
export class Scope {
  constructor(
    readonly tx: Tx,
    readonly actor: Actor,
    readonly now: Date,
    private readonly origin: string,
    private readonly entries: AuditEntry[],
    private readonly refusals: AuditEntry[],
  ) {}

  /** Adds an entry to the trail, written when the action commits. */
  record(note: AuditNote): void {
    this.entries.push(this.entry(note));
  }

  /**
   * Adds an entry on behalf of someone who became known during the action (a successful sign-in,
   * an accepted invitation): the trail then names them, not "anonymous".
   */
  recordAs(actor: Actor, note: AuditNote): void {
    this.entries.push({ ...this.entry(note), actorId: actorId(actor), actorRole: actorRole(actor) });
  }

  /**
   * Requires access to one client's data of a kind; returns the basis, records the access.
   * Throws NotFound (or Forbidden, see the header) and logs the refusal otherwise.
   */
  async requireClient(
    action: AuditAction,
    kind: DataKind,
    clientId: string,
    object: { type: string; id?: string | null } = { type: 'client' },
  ): Promise<AccessBasis> {
    const basis = (await this.decide(kind, [clientId])).get(clientId);
    const note = { action, objectType: object.type, objectId: object.id ?? clientId, clientId };
    if (basis !== undefined && (await this.clientExists(clientId))) {
      this.record({ ...note, basis });
      return basis;
    }
    this.refuse({ ...note, basis: 'none' });
    const isReception = this.actor.kind === 'staff' && this.actor.role === 'reception';
    if (kind === 'medical' && isReception && (await this.clientExists(clientId))) {
      throw new Forbidden('reception does not see medical data');
    }
    throw new NotFound();
  }

  /**
   * The subset of `clientIds` the actor may access (set-based, for lists and search); records ONE
   * entry for the set returned (decision 0027): about that client when it is one, else naming every
   * client with its basis in the entry's list (client_id null; the basis too unless all share one).
   * Clients left out are not logged as refusals: a search that does not show them has not disclosed
   * anything. An empty set records nothing.
   */
  async filterClients(
    action: AuditAction,
    kind: DataKind,
    clientIds: string[],
  ): Promise<Map<string, AccessBasis>> {
    const bases = await this.decide(kind, clientIds);
    const shown = [...bases].map(([clientId, basis]) => ({ clientId, basis }));
    const [only] = shown;
    if (shown.length === 1 && only) {
      this.record({ action, objectType: 'client', objectId: only.clientId, ...only });
    } else if (shown.length > 1) {
      const common = shown.every((c) => c.basis === only?.basis) ? (only?.basis ?? null) : null;
      this.record({ action, objectType: 'client', basis: common, clients: shown });
    }
    return bases;
  }

  /** Requires one of the roles (clinic administration); a refusal is logged and answers 403. */
  requireRole(roles: StaffRole[], note: Omit<AuditNote, 'outcome'>): void {
    if (this.actor.kind === 'system') return;
    if (this.actor.kind === 'staff' && roles.includes(this.actor.role)) return;
    this.refuse({ ...note, basis: 'none' });
    throw new Forbidden(`only ${roles.join(' or ')} may do this`);
  }

  /** Records a refusal; it is written even when the action rolls back. */
  refuse(note: Omit<AuditNote, 'outcome'>): void {
    const entry = this.entry({ ...note, outcome: 'refused' });
    this.entries.push(entry);
    this.refusals.push(entry);
  }

  private async decide(kind: DataKind, clientIds: string[]): Promise<Map<string, AccessBasis>> {
    const unique = [...new Set(clientIds)];
    const actor = this.actor;
    if (actor.kind === 'system') return new Map(unique.map((id) => [id, 'system']));
    if (actor.kind === 'job') {
      return JOB_SEES[actor.name].includes(kind) ? new Map(unique.map((id) => [id, 'job'])) : new Map();
    }
    if (actor.kind === 'client') {
      return new Map(unique.filter((id) => id === actor.clientId).map((id) => [id, 'self']));
    }
    if (actor.kind !== 'staff') return new Map();
    if (kind === 'contact' && actor.role === 'owner') {
      return new Map(unique.map((id) => [id, 'role']));
    }
    if (kind === 'contact' && actor.role === 'reception') {
      return new Map((await atOwnLocations(this.tx, actor.id, unique)).map((id) => [id, 'role']));
    }
    if (kind === 'medical' && actor.role === 'reception') return new Map();
    return careBases(this.tx, unique);
  }

  private async clientExists(clientId: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(clientId)) return false;
    const rows = await this.tx
      .select({ id: client.id })
      .from(client)
      .where(inArray(client.id, [clientId]));
    return rows.length === 1;
  }

  private entry(note: AuditNote): AuditEntry {
    return {
      at: this.now,
      actorId: actorId(this.actor),
      actorRole: actorRole(this.actor),
      action: note.action,
      objectType: note.objectType,
      objectId: note.objectId ?? null,
      clientId: note.clientId ?? null,
      basis: note.basis ?? null,
      reason: note.reason ?? null,
      outcome: note.outcome ?? 'allowed',
      origin: this.origin,
      ...(note.clients ? { clients: note.clients } : {}),
    };
  }
}

/**
 * The clients known at a location the staff member works at (migration 0055: vellum_at_my_locations
 * applies the same rule in row-level security; change both together).
 */
async function atOwnLocations(tx: Tx, staffId: string, clientIds: string[]): Promise<string[]> {
  const ids = clientIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.length === 0) return [];
  const rows = await tx
    .selectDistinct({ id: clientLocation.clientId })
    .from(clientLocation)
    .innerJoin(staffLocation, eq(staffLocation.locationId, clientLocation.locationId))
    .where(and(eq(staffLocation.staffId, staffId), inArray(clientLocation.clientId, ids)));
  return rows.map((r) => r.id);
}

/**
 * Which kinds of client data each job reads. Retention destroys whole dossiers; reminders e-mail the
 * client about an appointment; every other job touches no client's data. Row-level security applies
 * the same list (migration 0038); change both together.
 */
const JOB_SEES: Record<JobName, DataKind[]> = {
  retention: ['contact', 'medical'],
  erasure: ['contact', 'medical'],
  reminders: ['contact'],
  mailer: [],
  anchor: [],
  statistics: [],
  'photo-sweep': [],
  // Settles paid orders: creates a buyer's basic dossier and adds what was bought (migration 0041).
  shop: ['contact'],
};

/** Sets the actor for row-level security for the rest of the transaction. */
export async function setActor(tx: Pick<Tx, 'execute'>, actor: Actor, now: Date): Promise<void> {
  const settings = rlsSettings(actor);
  await tx.execute(
    sql`select set_config('vellum.actor', ${settings.staff}, true),
               set_config('vellum.actor_role', ${settings.role}, true),
               set_config('vellum.client', ${settings.client}, true),
               set_config('vellum.job', ${settings.job}, true),
               set_config('vellum.now', ${now.toISOString()}, true)`,
  );
}

export class AccessGate {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs one action in one transaction as `actor`: sets the actor for row-level security, lets
   * `work` ask the gate, and writes the audit entries last (the chain's head lock is held only
   * from there to commit). If the action fails, its refusals are still written, in their own
   * transaction.
   */
  async act<T>(actor: Actor, origin: string, work: (scope: Scope) => Promise<T>): Promise<T> {
    const entries: AuditEntry[] = [];
    const refusals: AuditEntry[] = [];
    const now = this.clock.now();
    try {
      return await this.database.db.transaction(async (tx) => {
        await setActor(tx, actor, now);
        const result = await work(new Scope(tx, actor, now, origin, entries, refusals));
        await appendAudit(tx, entries);
        return result;
      });
    } catch (error) {
      if (refusals.length > 0) {
        await this.database.db.transaction(async (tx) => {
          await setActor(tx, actor, now);
          await appendAudit(tx, refusals);
        });
      }
      throw error;
    }
  }
}
