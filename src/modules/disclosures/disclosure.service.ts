import { and, desc, eq, sql } from 'drizzle-orm';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import type { ClientKeys } from '../access/client-keys';
import type { AccessGate, Scope } from '../access/gate';
import { reseal } from '../access/reseal';
import type { MergeStep } from '../clients/client-merge.service';
import { photoSet } from '../photos/tables';
import type { ConsentLedger } from '../privacy/consent.service';
import type { Language } from '../privacy/statement';
import { disclosure } from './tables';

const SCAN_MAX_BYTES = 10 * 1024 * 1024;

export type DisclosureInput = {
  recipient: string;
  purpose: string;
  includesDossier: boolean;
  photoSetIds: string[];
  language: Language;
};

export type DisclosureView = {
  id: string;
  recipient: string;
  purpose: string;
  includesDossier: boolean;
  photoSetIds: string[];
  requestKind: 'scan' | 'portal';
  requestedAt: Date;
  disclosedAt: Date | null;
  /** The dossier changed after it was disclosed: tell the recipient (GDPR art. 19). */
  informAfterChange: boolean;
};

const requestField = (id: string) => `disclosure:${id}:request`;

/**
 * Disclosures to third parties (P8.2): only on the client's written request, kept with the
 * disclosure; the third-party consent goes into the ledger with that request as evidence. Making
 * the package is a `disclose` entry in the audit trail each time. The dossier lists every
 * disclosure and which recipients to inform after a later correction.
 */
export class Disclosures {
  constructor(
    private readonly gate: AccessGate,
    private readonly keys: ClientKeys,
    private readonly consents: ConsentLedger,
  ) {}

  /** Staff register a written request received on paper or by letter (the scan is required). */
  async registerWithScan(
    actor: Actor,
    clientId: string,
    input: DisclosureInput & { scan: { fileName: string; bytes: Buffer } },
    origin: string,
  ): Promise<{ id: string }> {
    return this.gate.act(actor, origin, async (scope) => {
      const id = newId();
      await scope.requireClient('create', 'medical', clientId, { type: 'disclosure', id });
      if (input.scan.bytes.length === 0 || input.scan.bytes.length > SCAN_MAX_BYTES) {
        throw new Invalid('request must be a scan of at most 10 MB', [
          { field: 'request', message: 'must be a scan of at most 10 MB' },
        ]);
      }
      await this.assertPhotoSets(scope, clientId, input.photoSetIds);
      const cipher = await this.keys.cipherFor(scope.tx, clientId);
      await this.insert(scope, id, clientId, input, 'scan', {
        requestDocument: cipher.seal(requestField(id), {
          fileName: input.scan.fileName,
          base64: input.scan.bytes.toString('base64'),
        }),
      });
      await this.consents.append(scope, {
        clientId,
        scope: 'third_party',
        subject: input.recipient,
        decision: 'granted',
        channel: 'desk',
        language: input.language,
        evidence: { kind: 'written_request', disclosureId: id },
      });
      return { id };
    });
  }

  /** The client asks from the privacy portal (signed there with the one-hour link). */
  async requestFromPortal(
    scope: Scope,
    clientId: string,
    input: {
      recipient: string;
      purpose: string;
      language: Language;
      requestId: string;
      userAgent: string | null;
    },
  ): Promise<{ id: string }> {
    const id = newId();
    await this.insert(scope, id, clientId, { ...input, includesDossier: true, photoSetIds: [] }, 'portal', {
      requestDocument: null,
    });
    await this.consents.append(scope, {
      clientId,
      scope: 'third_party',
      subject: input.recipient,
      decision: 'granted',
      channel: 'privacy_portal',
      language: input.language,
      evidence: {
        kind: 'checkbox',
        requestId: input.requestId,
        userAgent: input.userAgent,
        formShownAt: null,
      },
    });
    return { id };
  }

  async list(actor: Actor, clientId: string, origin: string): Promise<DisclosureView[]> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('read', 'medical', clientId, { type: 'disclosure' });
      const rows = await scope.tx
        .select()
        .from(disclosure)
        .where(eq(disclosure.clientId, clientId))
        .orderBy(desc(disclosure.requestedAt));
      const lastChange = await this.lastChange(scope, clientId);
      return rows.map((row) => ({
        id: row.id,
        recipient: row.recipient,
        purpose: row.purpose,
        includesDossier: row.includesDossier,
        photoSetIds: row.photoSetIds,
        requestKind: row.requestKind,
        requestedAt: row.requestedAt,
        disclosedAt: row.disclosedAt,
        informAfterChange: row.disclosedAt !== null && lastChange !== null && lastChange > row.disclosedAt,
      }));
    });
  }

  /** The scanned request as it was received. */
  async requestScan(
    actor: Actor,
    clientId: string,
    id: string,
    origin: string,
  ): Promise<{ fileName: string; bytes: Buffer }> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('read', 'medical', clientId, { type: 'disclosure', id });
      const row = await this.row(scope, clientId, id);
      if (!row.requestDocument) throw new NotFound('this request was signed in the privacy portal');
      const cipher = await this.keys.cipherFor(scope.tx, clientId);
      const scan = cipher.open<{ fileName: string; base64: string }>(requestField(id), row.requestDocument);
      return { fileName: scan.fileName, bytes: Buffer.from(scan.base64, 'base64') };
    });
  }

  /**
   * Checks that the disclosure may go out now (the request stands: the third-party consent was not
   * withdrawn), marks it disclosed and logs it. The caller then builds the package as this actor.
   */
  async release(
    actor: Actor,
    clientId: string,
    id: string,
    origin: string,
  ): Promise<{ photoSetIds: string[]; includesDossier: boolean; recipient: string }> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('disclose', 'medical', clientId, { type: 'disclosure', id });
      const row = await this.row(scope, clientId, id);
      if (!(await this.consents.holds(scope.tx, clientId, 'third_party', row.recipient))) {
        throw new Conflict('the client withdrew this request; nothing may be sent');
      }
      if (!row.disclosedAt) {
        await scope.tx
          .update(disclosure)
          .set({ disclosedAt: scope.now, disclosedBy: actor.kind === 'staff' ? actor.id : null })
          .where(eq(disclosure.id, id));
      }
      return { photoSetIds: row.photoSetIds, includesDossier: row.includesDossier, recipient: row.recipient };
    });
  }

  /** Recipients to inform when the dossier is corrected or erased (GDPR art. 19). */
  async recipientsOf(scope: Scope, clientId: string): Promise<string[]> {
    const rows = await scope.tx
      .selectDistinct({ recipient: disclosure.recipient })
      .from(disclosure)
      .where(and(eq(disclosure.clientId, clientId), sql`${disclosure.disclosedAt} is not null`));
    return rows.map((r) => r.recipient);
  }

  /** Merge of duplicates: disclosures move with their sealed request. */
  readonly mergeStep: MergeStep = async (scope, merge) => {
    const rows = await scope.tx.select().from(disclosure).where(eq(disclosure.clientId, merge.fromId));
    for (const row of rows) {
      await scope.tx
        .update(disclosure)
        .set({
          clientId: merge.intoId,
          requestDocument: row.requestDocument
            ? reseal(merge, requestField(row.id), row.requestDocument)
            : null,
        })
        .where(eq(disclosure.id, row.id));
    }
    return {};
  };

  private async insert(
    scope: Scope,
    id: string,
    clientId: string,
    input: Omit<DisclosureInput, 'language'>,
    requestKind: 'scan' | 'portal',
    extra: { requestDocument: string | null },
  ): Promise<void> {
    await scope.tx.insert(disclosure).values({
      id,
      clientId,
      recipient: input.recipient,
      purpose: input.purpose,
      includesDossier: input.includesDossier,
      photoSetIds: input.photoSetIds,
      requestKind,
      requestDocument: extra.requestDocument,
      requestedAt: scope.now,
      recordedBy: scope.actor.kind === 'staff' ? scope.actor.id : null,
    });
    scope.record({ action: 'create', objectType: 'disclosure', objectId: id, clientId });
  }

  private async row(scope: Scope, clientId: string, id: string) {
    const [row] = await scope.tx
      .select()
      .from(disclosure)
      .where(and(eq(disclosure.id, id), eq(disclosure.clientId, clientId)));
    if (!row) throw new NotFound();
    return row;
  }

  private async assertPhotoSets(scope: Scope, clientId: string, ids: string[]): Promise<void> {
    for (const [i, id] of ids.entries()) {
      const [found] = await scope.tx
        .select({ id: photoSet.id })
        .from(photoSet)
        .where(and(eq(photoSet.id, id), eq(photoSet.clientId, clientId)));
      if (!found) {
        throw new Invalid(`photoSetIds.${i} is not a photo set of this client`, [
          { field: `photoSetIds.${i}`, message: 'is not a photo set of this client' },
        ]);
      }
    }
  }

  /** When the dossier last changed in a way a recipient should hear of: details or a corrected intake. */
  private async lastChange(scope: Scope, clientId: string): Promise<Date | null> {
    const result = await scope.tx.execute(sql`select greatest(
        (select updated_at from client where id = ${clientId}),
        (select max(created_at) from intake where client_id = ${clientId} and supersedes_id is not null)
      ) as changed`);
    const value = (result as unknown as { rows: { changed: string | Date | null }[] }).rows[0]?.changed;
    return value ? new Date(value) : null;
  }
}
