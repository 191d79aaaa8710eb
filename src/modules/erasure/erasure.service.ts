import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { client } from '../../db/schema';
import type { ErasedClients } from '../../platform/erased-clients';
import { NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { BlobStore } from '../../platform/storage';
import { type Actor, job } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import type { Invoices } from '../invoices/invoice.service';
import { destroyClients, removePhotoFiles } from './destroy';
import { type ErasureCertificate, erasureRequest } from './tables';

/** GDPR art. 12(3) allows a month; the clinic promises two weeks (P9.2). */
export const ERASURE_DAYS = 14;
const DAY_MS = 24 * 3600 * 1000;

/** Destroying a dossier is the erasure job's (decision 0014): no staff role may read all it destroys. */
const SYSTEM: Actor = job('erasure');

/** What an erasure removes, counted for the certificate before the cascade takes it. */
const COUNTED = {
  treatments: 'treatment',
  skinAnalyses: 'skin_analysis',
  homeProducts: 'home_product',
  emails: 'dossier_email',
  intakes: 'intake',
  photoSets: 'photo_set',
  photos: 'photo',
  consents: 'consent_record',
  careRelationships: 'care_relationship',
  outboxEmails: 'outbox_email',
} as const;

export type ErasureRequestView = {
  id: string;
  clientId: string;
  clientName: string | null;
  channel: 'staff' | 'portal';
  receivedAt: Date;
  deadlineAt: Date;
  executedAt: Date | null;
  certificate: ErasureCertificate | null;
};

/**
 * Erasure on request (P9.2, P9.4). Executing deletes the client row, which cascades to every
 * dossier row and the client's key, removes the photo files after commit, and lists the id in the
 * erased-clients file outside the database so a restored backup cannot bring the data back into
 * use. Audit entries keep only the pseudonymous id. Financial records (the commerce module, not
 * built yet) will be kept for seven years with only what the law needs.
 *
 * The owner decides (one transaction, audited as the owner); the destruction runs as the system
 * (a second transaction, which must see every row whatever the owner's care relationships): if it
 * fails, nothing of it happened and executing again completes it. A second execution is a no-op.
 */
export class ErasureService {
  constructor(
    private readonly gate: AccessGate,
    private readonly erased: ErasedClients,
    private readonly store: BlobStore,
    private readonly invoices: Invoices,
    /** After a destruction has committed: vacuum the identity away (vacuumAfterDestruction). */
    private readonly afterDestruction: () => Promise<void> = async () => {},
  ) {}

  /** Registers a request; a client with an open request keeps that one (same deadline). */
  async register(
    actor: Actor,
    clientId: string,
    channel: 'staff' | 'portal',
    origin: string,
  ): Promise<{ id: string; deadlineAt: Date }> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('create', 'contact', clientId, { type: 'erasure_request' });
      const [open] = await scope.tx
        .select()
        .from(erasureRequest)
        .where(and(eq(erasureRequest.clientId, clientId), isNull(erasureRequest.executedAt)));
      if (open) return { id: open.id, deadlineAt: open.deadlineAt };
      const id = newId();
      const deadlineAt = new Date(scope.now.getTime() + ERASURE_DAYS * DAY_MS);
      await scope.tx.insert(erasureRequest).values({
        id,
        clientId,
        channel,
        receivedAt: scope.now,
        deadlineAt,
        registeredBy: actor.kind === 'staff' ? actor.id : null,
      });
      scope.record({ action: 'create', objectType: 'erasure_request', objectId: id, clientId });
      return { id, deadlineAt };
    });
  }

  /** Every request, open ones first by deadline (owner). */
  async list(actor: Actor, origin: string): Promise<ErasureRequestView[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'erasure_request' });
      const rows = await scope.tx
        .select({ request: erasureRequest, firstName: client.firstName, lastName: client.lastName })
        .from(erasureRequest)
        .leftJoin(client, eq(client.id, erasureRequest.clientId))
        .orderBy(sql`${erasureRequest.executedAt} is not null`, asc(erasureRequest.deadlineAt));
      scope.record({ action: 'read', objectType: 'erasure_request', basis: 'role' });
      return rows.map(({ request, firstName, lastName }) => ({
        id: request.id,
        clientId: request.clientId,
        clientName: firstName === null ? null : `${firstName} ${lastName}`,
        channel: request.channel,
        receivedAt: request.receivedAt,
        deadlineAt: request.deadlineAt,
        executedAt: request.executedAt,
        certificate: request.certificate,
      }));
    });
  }

  /** Executes a request (owner): destroys the dossier and returns the certificate. */
  async execute(actor: Actor, requestId: string, origin: string): Promise<ErasureCertificate> {
    const request = await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'delete', objectType: 'erasure_request', objectId: requestId });
      const [row] = await scope.tx.select().from(erasureRequest).where(eq(erasureRequest.id, requestId));
      if (!row) throw new NotFound();
      scope.record({
        action: 'delete',
        objectType: 'erasure_request',
        objectId: requestId,
        clientId: row.clientId,
        basis: 'role',
      });
      return row;
    });
    if (request.certificate) return request.certificate;
    const executedBy = actor.kind === 'staff' ? actor.id : null;
    const { certificate, photoIds } = await this.gate.act(SYSTEM, origin, (scope) =>
      this.destroy(scope, requestId, executedBy),
    );
    await removePhotoFiles(this.store, photoIds);
    await this.afterDestruction();
    return certificate;
  }

  /**
   * After a restore from a backup taken before an erasure: erases again every client the
   * erased-clients file lists but the database still holds. Run at start.
   */
  async reapply(): Promise<number> {
    const ids = this.erased.all();
    if (ids.length === 0) return 0;
    const { photoIds, destroyed } = await this.gate.act(SYSTEM, 'job:erasure-reapply', async (scope) => {
      const present = await scope.tx.select({ id: client.id }).from(client).where(inArray(client.id, ids));
      return destroyClients(
        scope,
        this.erased,
        present.map((row) => row.id),
        'erasure_request',
      );
    });
    await removePhotoFiles(this.store, photoIds);
    if (destroyed.length > 0) await this.afterDestruction();
    return destroyed.length;
  }

  private async destroy(
    scope: Scope,
    requestId: string,
    executedBy: string | null,
  ): Promise<{ certificate: ErasureCertificate; photoIds: string[] }> {
    const [request] = await scope.tx
      .select()
      .from(erasureRequest)
      .where(eq(erasureRequest.id, requestId))
      .for('update');
    if (!request) throw new NotFound();
    // Someone else executed it meanwhile: theirs is the certificate.
    if (request.certificate) return { certificate: request.certificate, photoIds: [] };
    const clientId = request.clientId;
    const [person] = await scope.tx
      .select({ language: client.preferredLanguage })
      .from(client)
      .where(eq(client.id, clientId));
    const destroyed: Record<string, number> = {};
    for (const [name, table] of Object.entries(COUNTED)) {
      const result = await scope.tx.execute(
        sql`select count(*)::int as n from ${sql.identifier(table)} where client_id = ${clientId}`,
      );
      destroyed[name] = (result as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0;
    }
    const recipients = await scope.tx.execute(
      sql`select distinct recipient from disclosure where client_id = ${clientId} and disclosed_at is not null order by recipient`,
    );
    const recipientsToInform = (recipients as unknown as { rows: { recipient: string }[] }).rows.map(
      (r) => r.recipient,
    );
    // The id is written to the erased-clients file before commit: if the commit then fails, the
    // data stays shut and the next start erases it.
    const { destroyed: deleted, photoIds } = await destroyClients(
      scope,
      this.erased,
      [clientId],
      'erasure_request',
    );
    destroyed.photoFiles = photoIds.length * 2;
    const financial = await this.invoices.keptFor(scope, clientId);
    const certificate: ErasureCertificate = {
      requestId,
      clientId,
      receivedAt: request.receivedAt.toISOString(),
      deadlineAt: request.deadlineAt.toISOString(),
      executedAt: scope.now.toISOString(),
      destroyed: { clients: deleted.length, ...destroyed },
      keyDestroyed: true,
      recipientsToInform,
      language: person?.language ?? 'nl',
      kept: [
        {
          kind: 'audit_trail',
          what: 'audit trail entries',
          count: await this.auditEntriesOf(scope, clientId),
          why: 'The audit trail (NEN 7513) proves who accessed the dossier and that it was erased. Entries hold only this pseudonymous id, no name or content.',
          until: 'as long as the clinic keeps its audit trail',
        },
        {
          kind: 'financial',
          what: 'financial records (invoices, payments)',
          count: financial.count,
          why: 'Dutch tax law requires seven years (art. 52 AWR); they keep only what the law needs: name, address, what was invoiced and paid.',
          until: financial.until ?? 'none kept',
        },
        {
          kind: 'request',
          what: 'this erasure request and certificate',
          count: 1,
          why: 'Proof that the request was carried out within the deadline; holds no name.',
          until: 'as long as the clinic keeps its audit trail',
        },
      ],
    };
    await scope.tx
      .update(erasureRequest)
      .set({ executedAt: scope.now, executedBy, certificate })
      .where(eq(erasureRequest.id, requestId));
    return { certificate, photoIds };
  }

  private async auditEntriesOf(scope: Scope, clientId: string): Promise<number> {
    const result = await scope.tx.execute(
      sql`select ((select count(*) from audit_event where client_id = ${clientId})
               + (select count(*) from audit_event_shown where client_id = ${clientId}))::int as n`,
    );
    return Number((result as unknown as { rows: { n: number | string }[] }).rows[0]?.n ?? 0);
  }
}
