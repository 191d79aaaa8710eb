import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { client, staff } from '../../db/schema';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope, Tx } from '../access/gate';
import type { ContactMergeStep } from '../clients/client-merge.service';
import { dossierEmail } from '../dossier/tables';
import type { PrivacyStatements, StatementVersion } from './privacy-statement.service';
import { type ConsentEvidence, type ConsentScope, consentTextHash, type Language } from './statement';
import { consentRecord, privacyStatementVersion } from './tables';

/** Consents whose subject names a recipient of the client's data. */
const RECIPIENT_SCOPES: ReadonlySet<string> = new Set(['third_party']);

export type ConsentChannel = (typeof consentRecord.$inferInsert)['channel'];
export type ConsentRecord = typeof consentRecord.$inferSelect;

export type ConsentInput = {
  clientId: string;
  scope: ConsentScope;
  subject?: string;
  decision: 'granted' | 'withdrawn';
  channel: ConsentChannel;
  language: Language;
  evidence: ConsentEvidence;
  /** The statement version the client was shown; the current one when absent. */
  statementVersion?: number;
  /** When the form was shown: a withdrawal recorded after that makes the form's grant stale. */
  shownAt?: Date;
};

export type ConsentView = ConsentRecord & { statementVersion: number; recordedByName: string | null };

export type ConsentState = {
  scope: ConsentScope;
  subject: string;
  decision: 'granted' | 'withdrawn';
  since: Date;
  channel: ConsentChannel;
  statementVersion: number;
};

export type IntakeConsentWording = { statementVersion: number; text: Record<Language, string> };

const MISSING_LIMIT = 200;

/**
 * The consent ledger (P1.1, P1.2). Append-only: the app role may not change or delete a record;
 * a withdrawal is a new record and holds from the moment it is written. `holds` is the one
 * question every other module asks before using data under a consent.
 *
 * Consents are contact-level data: reception records them at the desk and asks for them at
 * check-in. A consent never contains medical content, only references.
 */
export class ConsentLedger {
  constructor(
    private readonly gate: AccessGate,
    private readonly statements: PrivacyStatements,
  ) {}

  /**
   * Appends a record inside the caller's action (signing an intake, a booking, the desk). The
   * caller has passed the gate for the client.
   */
  /**
   * Checks, without writing, that the statement version words this consent (what `append` checks
   * first): a public channel that defers the record still answers a bad version the same way.
   */
  async assertWorded(scope: Scope, input: Pick<ConsentInput, 'scope' | 'language' | 'statementVersion'>) {
    const statement = await this.statementFor(scope.tx, input.statementVersion, scope.now);
    if (!statement.consentTexts[input.scope]?.[input.language]) {
      throw new Invalid('statementVersion does not word this consent; load the form again', [
        { field: 'statementVersion', message: 'does not word this consent; load the form again' },
      ]);
    }
  }

  async append(scope: Scope, input: ConsentInput): Promise<{ id: string }> {
    const statement = await this.statementFor(scope.tx, input.statementVersion, scope.now);
    const subject = input.subject ?? '';
    if (input.decision === 'granted' && input.shownAt) {
      const [withdrawal] = await scope.tx
        .select({ id: consentRecord.id })
        .from(consentRecord)
        .where(
          and(
            eq(consentRecord.clientId, input.clientId),
            eq(consentRecord.scope, input.scope),
            eq(consentRecord.subject, subject),
            eq(consentRecord.decision, 'withdrawn'),
            gt(consentRecord.recordedAt, input.shownAt),
          ),
        )
        .limit(1);
      if (withdrawal) {
        throw new Conflict('this consent was withdrawn after the form was shown; show the form again');
      }
    }
    const wording = statement.consentTexts[input.scope]?.[input.language];
    if (!wording) {
      throw new Invalid('statementVersion does not word this consent; load the form again', [
        { field: 'statementVersion', message: 'does not word this consent; load the form again' },
      ]);
    }
    const id = newId();
    await scope.tx.insert(consentRecord).values({
      id,
      clientId: input.clientId,
      scope: input.scope,
      subject,
      decision: input.decision,
      statementVersionId: statement.id,
      language: input.language,
      textHash: consentTextHash(wording),
      channel: input.channel,
      evidence: input.evidence,
      recordedBy: scope.actor.kind === 'staff' ? scope.actor.id : null,
      recordedAt: scope.now,
    });
    scope.record({ action: 'create', objectType: 'consent', objectId: id, clientId: input.clientId });
    return { id };
  }

  /** Staff record a consent given or withdrawn at the desk or by e-mail. */
  async recordByStaff(
    actor: Actor,
    input: Omit<ConsentInput, 'evidence'> & {
      channel: 'desk' | 'email';
      dossierEmailId?: string;
      reference?: string;
      note?: string;
    },
    origin: string,
  ): Promise<{ id: string }> {
    if (actor.kind !== 'staff') throw new NotFound();
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('create', 'contact', input.clientId, { type: 'consent' });
      if (input.channel === 'email' && !input.dossierEmailId && !input.reference) {
        throw new Invalid('an e-mail consent needs the recorded e-mail or a reference to it', [
          { field: 'reference', message: 'is required for a consent by e-mail without a recorded e-mail' },
        ]);
      }
      if (input.dossierEmailId) {
        // The e-mail itself is medical-level: only someone who may read the dossier can point at it.
        await scope.requireClient('read', 'medical', input.clientId, {
          type: 'dossier_email',
          id: input.dossierEmailId,
        });
        const [found] = await scope.tx
          .select({ id: dossierEmail.id })
          .from(dossierEmail)
          .where(and(eq(dossierEmail.id, input.dossierEmailId), eq(dossierEmail.clientId, input.clientId)));
        if (!found) {
          throw new Invalid('dossierEmailId is not an e-mail in this dossier', [
            { field: 'dossierEmailId', message: 'is not an e-mail in this dossier' },
          ]);
        }
      }
      const evidence: ConsentEvidence =
        input.channel === 'email'
          ? {
              kind: 'email',
              dossierEmailId: input.dossierEmailId ?? null,
              reference: input.reference ?? null,
            }
          : { kind: 'staff', staffId: actor.id, note: input.note ?? null };
      return this.append(scope, { ...input, evidence });
    });
  }

  /** Merge of duplicates: the duplicate's records move to the survivor, unchanged (migration 0015). */
  readonly mergeStep: ContactMergeStep = async (scope, merge) => {
    const moved = await scope.tx
      .update(consentRecord)
      .set({ clientId: merge.intoId })
      .where(eq(consentRecord.clientId, merge.fromId))
      .returning({ id: consentRecord.id });
    return { consents: moved.length };
  };

  /** Whether the client's consent for a scope (and subject) holds now: the latest record grants it. */
  async holds(tx: Tx, clientId: string, scope: ConsentScope, subject = ''): Promise<boolean> {
    const [latest] = await tx
      .select({ decision: consentRecord.decision })
      .from(consentRecord)
      .where(
        and(
          eq(consentRecord.clientId, clientId),
          eq(consentRecord.scope, scope),
          eq(consentRecord.subject, subject),
        ),
      )
      .orderBy(desc(consentRecord.recordedAt), desc(consentRecord.id))
      .limit(1);
    return latest?.decision === 'granted';
  }

  /** Every record of a client, oldest first, with what holds now per scope and subject. */
  async ofClient(
    actor: Actor,
    clientId: string,
    origin: string,
  ): Promise<{ current: ConsentState[]; history: ConsentView[] }> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('read', 'contact', clientId, { type: 'consent' });
      const rows = await scope.tx
        .select({
          record: consentRecord,
          statementVersion: privacyStatementVersion.version,
          recordedByName: staff.name,
        })
        .from(consentRecord)
        .innerJoin(privacyStatementVersion, eq(privacyStatementVersion.id, consentRecord.statementVersionId))
        .leftJoin(staff, eq(staff.id, consentRecord.recordedBy))
        .where(eq(consentRecord.clientId, clientId))
        .orderBy(asc(consentRecord.recordedAt), asc(consentRecord.id));
      // Whom the client's data went to (a treating doctor) says something about their health:
      // reception, which sees no medical data, does not see those records (P8.2).
      const seesRecipients = !(actor.kind === 'staff' && actor.role === 'reception');
      const history = rows
        .filter(({ record }) => seesRecipients || !RECIPIENT_SCOPES.has(record.scope))
        .map(({ record, statementVersion, recordedByName }) => ({
          ...record,
          statementVersion,
          recordedByName,
        }));
      const latest = new Map<string, ConsentView>();
      for (const record of history) latest.set(`${record.scope}\u0000${record.subject}`, record);
      const current = [...latest.values()].map((r) => ({
        scope: r.scope,
        subject: r.subject,
        decision: r.decision,
        since: r.recordedAt,
        channel: r.channel,
        statementVersion: r.statementVersion,
      }));
      return { current, history };
    });
  }

  /**
   * Clients with no consent to process their health data on file (P1.3, P11.1): never signed an
   * intake and never consented otherwise, or withdrew. Staff ask at the next visit; the client
   * drops off this list the moment a consent is recorded.
   */
  async missing(
    actor: Actor,
    origin: string,
  ): Promise<{ id: string; firstName: string; lastName: string; withdrawn: boolean }[]> {
    return this.gate.act(actor, origin, async (scope) => {
      const latest = sql`(select c.decision from consent_record c
        where c.client_id = ${client.id} and c.scope = 'health_data' and c.subject = ''
        order by c.recorded_at desc, c.id desc limit 1)`;
      const rows = await scope.tx
        .select({
          id: client.id,
          firstName: client.firstName,
          lastName: client.lastName,
          decision: sql<string | null>`${latest}`,
        })
        .from(client)
        .where(sql`coalesce(${latest}, 'none') <> 'granted'`)
        .orderBy(asc(client.lastName), asc(client.firstName))
        .limit(MISSING_LIMIT);
      const allowed = await scope.filterClients(
        'read',
        'contact',
        rows.map((r) => r.id),
      );
      return rows
        .filter((r) => allowed.has(r.id))
        .map((r) => ({
          id: r.id,
          firstName: r.firstName,
          lastName: r.lastName,
          withdrawn: r.decision === 'withdrawn',
        }));
    });
  }

  /** The health-data consent sentence an intake form shows, with the statement version it belongs to. */
  async intakeWording(tx: Tx, now: Date): Promise<IntakeConsentWording | null> {
    const statement = await this.statements.currentIn(tx, now);
    const text = statement?.consentTexts.health_data;
    if (!statement || !text) return null;
    return { statementVersion: statement.version, text };
  }

  private async statementFor(tx: Tx, version: number | undefined, now: Date): Promise<StatementVersion> {
    const statement =
      version === undefined
        ? await this.statements.currentIn(tx, now)
        : await this.statements.byVersion(tx, version);
    if (!statement) {
      throw new Invalid('statementVersion is not a published version of the privacy statement', [
        { field: 'statementVersion', message: 'is not a published version of the privacy statement' },
      ]);
    }
    return statement;
  }
}
