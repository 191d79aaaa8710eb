import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { open, seal } from '../../platform/crypto';
import { Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { KeyStore } from '../../platform/keys';
import { assertNotThrottled, recordFailure } from '../../platform/throttle';
import { type Actor, visitor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import type { PrivacyStatements } from '../privacy/privacy-statement.service';
import { consentTextHash, defaultRetention, type Language } from '../privacy/statement';
import { contactRequest } from './tables';

const PURPOSE = 'contact-request';
const FORM_ACTOR: Actor = visitor('contact-form');

export type ContactMessage = { name: string; email: string; phone: string | null; message: string };
export type ContactRequestView = ContactMessage & {
  id: string;
  receivedAt: Date;
  language: Language;
  statementVersion: number;
  handledAt: Date | null;
};

/**
 * The website's contact form (P5.4). A question is stored only with the consent the person gave
 * for it (never pre-ticked), against the statement version they were shown; staff answer it and
 * mark it handled; the retention job destroys it after the period the statement names.
 */
export class ContactRequests {
  constructor(
    private readonly gate: AccessGate,
    private readonly keys: KeyStore,
    private readonly statements: PrivacyStatements,
  ) {}

  async receive(
    input: ContactMessage & { language: Language; statementVersion: number; consent: boolean },
    request: { requestId: string; userAgent: string | null; network: string },
    origin: string,
  ): Promise<{ id: string }> {
    if (input.consent !== true) {
      throw new Invalid('consent must be given to send a question', [
        { field: 'consent', message: 'must be given to send a question' },
      ]);
    }
    return this.gate.act(FORM_ACTOR, origin, async (scope) => {
      const keys = [`contact:${request.network}`];
      await assertNotThrottled(scope.tx, keys, scope.now);
      await recordFailure(scope.tx, keys, scope.now);
      const statement = await this.statements.byVersion(scope.tx, input.statementVersion);
      const wording = statement?.consentTexts.contact_request?.[input.language];
      if (!statement || !wording) {
        throw new Invalid('statementVersion is not a published version of the privacy statement', [
          { field: 'statementVersion', message: 'is not a published version of the privacy statement' },
        ]);
      }
      const id = newId();
      const message: ContactMessage = {
        name: input.name,
        email: input.email,
        phone: input.phone,
        message: input.message,
      };
      await scope.tx.insert(contactRequest).values({
        id,
        receivedAt: scope.now,
        content: seal(this.keys.key(PURPOSE), JSON.stringify(message), `contact_request:${id}`),
        language: input.language,
        statementVersionId: statement.id,
        consentTextHash: consentTextHash(wording),
        requestId: request.requestId,
        userAgent: request.userAgent,
      });
      scope.record({ action: 'create', objectType: 'contact_request', objectId: id });
      return { id };
    });
  }

  /** Open questions first (owner and reception answer them). */
  async list(actor: Actor, origin: string): Promise<ContactRequestView[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception'], { action: 'read', objectType: 'contact_request' });
      scope.record({ action: 'read', objectType: 'contact_request', basis: 'role' });
      const rows = await scope.tx.execute(
        sql`select r.*, v.version from contact_request r
          join privacy_statement_version v on v.id = r.statement_version_id
          order by r.handled_at is not null, r.received_at desc limit 500`,
      );
      const key = this.keys.key(PURPOSE);
      return (rows as unknown as { rows: Record<string, unknown>[] }).rows.map((r) => ({
        id: String(r.id),
        receivedAt: new Date(r.received_at as string),
        language: r.language as Language,
        statementVersion: Number(r.version),
        handledAt: r.handled_at ? new Date(r.handled_at as string) : null,
        ...(JSON.parse(
          open(key, String(r.content), `contact_request:${r.id}`).toString('utf8'),
        ) as ContactMessage),
      }));
    });
  }

  async markHandled(actor: Actor, id: string, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception'], {
        action: 'update',
        objectType: 'contact_request',
        objectId: id,
      });
      const done = await scope.tx
        .update(contactRequest)
        .set({ handledAt: scope.now, handledBy: actor.kind === 'staff' ? actor.id : null })
        .where(and(eq(contactRequest.id, id), isNull(contactRequest.handledAt)))
        .returning({ id: contactRequest.id });
      if (done.length === 0) throw new NotFound();
    });
  }

  /** Retention: destroys questions older than the statement's period; returns how many. */
  async destroyOlderThan(scope: Scope, asOf: Date): Promise<number> {
    const limit = new Date(asOf);
    limit.setUTCMonth(limit.getUTCMonth() - defaultRetention.contactRequestMonths);
    const gone = await scope.tx
      .delete(contactRequest)
      .where(lt(contactRequest.receivedAt, limit))
      .returning({ id: contactRequest.id });
    for (const row of gone)
      scope.record({ action: 'delete', objectType: 'contact_request', objectId: row.id, basis: 'system' });
    return gone.length;
  }
}
