import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { client, clinic, outboxEmail } from '../../db/schema';
import { Conflict, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { greeting, signOff } from '../../platform/mail-text';
import { assertNotThrottled, recordFailure } from '../../platform/throttle';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import type { Language } from './statement';
import { type CorrectionFieldGroup, correctionRequest } from './tables';

/** How many correction requests one network address may send before the back-off starts. */
const FREE_PER_ADDRESS = 5;

/** GDPR art. 12(3): an answer within one month of receipt. */
export function correctionDeadline(receivedAt: Date): Date {
  const deadline = new Date(receivedAt);
  const day = deadline.getUTCDate();
  deadline.setUTCMonth(deadline.getUTCMonth() + 1);
  // 31 January + one month is the last day of February, not 3 March.
  if (deadline.getUTCDate() !== day) deadline.setUTCDate(0);
  return deadline;
}

export type CorrectionInput = { fieldGroup: CorrectionFieldGroup; wrong: string; shouldBe: string };

/** What the client sees of their own requests: a refusal's reason, never the clinic's note of a change. */
export type OwnCorrection = {
  id: string;
  fieldGroup: CorrectionFieldGroup;
  wrong: string;
  shouldBe: string;
  receivedAt: Date;
  deadlineAt: Date;
  outcome: 'corrected' | 'refused' | null;
  reason: string | null;
  handledAt: Date | null;
};

export type CorrectionView = {
  id: string;
  clientId: string;
  clientName: string | null;
  fieldGroup: CorrectionFieldGroup;
  wrong: string;
  shouldBe: string;
  receivedAt: Date;
  deadlineAt: Date;
  outcome: 'corrected' | 'refused' | null;
  note: string | null;
  handledAt: Date | null;
};

/**
 * Correction requests (GDPR art. 16): the client sends one from the privacy portal (as the client
 * the link is for); the owner lists them with their deadline and handles each, and the client is
 * e-mailed the outcome in their language.
 */
export class Corrections {
  constructor(private readonly gate: AccessGate) {}

  /** Registers a request sent from the portal; counted against the sender's network address. */
  async submit(
    actor: Actor,
    clientId: string,
    input: CorrectionInput,
    network: string,
    origin: string,
  ): Promise<{ id: string; deadlineAt: Date }> {
    return this.gate.act(actor, origin, async (scope) => {
      const keys = [`portal-correction:${network}`];
      await assertNotThrottled(scope.tx, keys, scope.now);
      await recordFailure(scope.tx, keys, scope.now, { free: FREE_PER_ADDRESS });
      await scope.requireClient('create', 'contact', clientId, { type: 'correction_request' });
      const [person] = await scope.tx
        .select({ language: client.preferredLanguage })
        .from(client)
        .where(eq(client.id, clientId));
      if (!person) throw new NotFound();
      const id = newId();
      const deadlineAt = correctionDeadline(scope.now);
      await scope.tx.insert(correctionRequest).values({
        id,
        clientId,
        fieldGroup: input.fieldGroup,
        wrong: input.wrong,
        shouldBe: input.shouldBe,
        language: person.language,
        receivedAt: scope.now,
        deadlineAt,
      });
      scope.record({ action: 'create', objectType: 'correction_request', objectId: id, clientId });
      return { id, deadlineAt };
    });
  }

  /** The client's own requests, newest first, inside the portal's action (already past the gate). */
  async ofClient(scope: Scope, clientId: string): Promise<OwnCorrection[]> {
    const rows = await scope.tx
      .select()
      .from(correctionRequest)
      .where(eq(correctionRequest.clientId, clientId))
      .orderBy(sql`${correctionRequest.receivedAt} desc`);
    return rows.map((row) => ({
      id: row.id,
      fieldGroup: row.fieldGroup,
      wrong: row.wrong,
      shouldBe: row.shouldBe,
      receivedAt: row.receivedAt,
      deadlineAt: row.deadlineAt,
      outcome: row.outcome,
      reason: row.outcome === 'refused' ? row.note : null,
      handledAt: row.handledAt,
    }));
  }

  /** Every request, open ones first by deadline (owner). */
  async list(actor: Actor, origin: string): Promise<CorrectionView[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'correction_request' });
      const rows = await scope.tx
        .select({ request: correctionRequest, firstName: client.firstName, lastName: client.lastName })
        .from(correctionRequest)
        .leftJoin(client, eq(client.id, correctionRequest.clientId))
        .orderBy(
          sql`${correctionRequest.handledAt} is not null`,
          asc(correctionRequest.deadlineAt),
          sql`${correctionRequest.handledAt} desc`,
        );
      for (const clientId of new Set(rows.map((r) => r.request.clientId))) {
        scope.record({ action: 'read', objectType: 'correction_request', clientId, basis: 'role' });
      }
      if (rows.length === 0)
        scope.record({ action: 'read', objectType: 'correction_request', basis: 'role' });
      return rows.map(({ request, firstName, lastName }) => ({
        id: request.id,
        clientId: request.clientId,
        clientName: firstName === null ? null : `${firstName} ${lastName}`,
        fieldGroup: request.fieldGroup,
        wrong: request.wrong,
        shouldBe: request.shouldBe,
        receivedAt: request.receivedAt,
        deadlineAt: request.deadlineAt,
        outcome: request.outcome,
        note: request.note,
        handledAt: request.handledAt,
      }));
    });
  }

  /** Handles an open request (owner) and e-mails the client the outcome; a handled one answers 409. */
  async handle(
    actor: Actor,
    requestId: string,
    decision: { outcome: 'corrected' | 'refused'; note: string },
    origin: string,
  ): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], {
        action: 'update',
        objectType: 'correction_request',
        objectId: requestId,
      });
      const [row] = await scope.tx
        .select()
        .from(correctionRequest)
        .where(eq(correctionRequest.id, requestId))
        .for('update');
      if (!row) throw new NotFound();
      if (row.outcome) throw new Conflict('this correction request has been handled already');
      const updated = await scope.tx
        .update(correctionRequest)
        .set({
          outcome: decision.outcome,
          note: decision.note,
          handledAt: scope.now,
          handledBy: actor.kind === 'staff' ? actor.id : null,
        })
        .where(and(eq(correctionRequest.id, requestId), isNull(correctionRequest.outcome)))
        .returning({ id: correctionRequest.id });
      if (updated.length === 0) throw new Conflict('this correction request has been handled already');
      scope.record({
        action: 'update',
        objectType: 'correction_request',
        objectId: requestId,
        clientId: row.clientId,
        basis: 'role',
      });
      const [person] = await scope.tx
        .select({ firstName: client.firstName, email: client.email })
        .from(client)
        .where(eq(client.id, row.clientId));
      if (!person?.email) return;
      const [clinicRow] = await scope.tx.select({ name: clinic.name }).from(clinic).limit(1);
      const text = outcomeMail(row.language, {
        firstName: person.firstName,
        clinicName: clinicRow?.name ?? 'Vellum',
        outcome: decision.outcome,
        reason: decision.note,
      });
      await scope.tx.insert(outboxEmail).values({
        id: newId(),
        recipient: person.email,
        clientId: row.clientId,
        kind: 'correction_request',
        subject: text.subject,
        body: text.body,
        createdAt: scope.now,
      });
    });
  }
}

/** The e-mail with the outcome; a refusal carries the reason, a correction only that it was done. */
export function outcomeMail(
  language: Language,
  facts: { firstName: string; clinicName: string; outcome: 'corrected' | 'refused'; reason: string },
): { subject: string; body: string } {
  const en = language === 'en';
  const subject = en
    ? `${facts.clinicName}: your correction request`
    : `${facts.clinicName}: je verzoek om correctie`;
  const middle =
    facts.outcome === 'corrected'
      ? en
        ? ['We have corrected your data as you asked. You can check it in the privacy portal.']
        : ['We hebben je gegevens gecorrigeerd zoals je vroeg. Je kunt ze nakijken in het privacyportaal.']
      : en
        ? [
            'We have not changed your data, for this reason:',
            '',
            facts.reason,
            '',
            'If you disagree, you can reply to this e-mail or complain to the Dutch Data Protection Authority (Autoriteit Persoonsgegevens).',
          ]
        : [
            'We hebben je gegevens niet aangepast, om deze reden:',
            '',
            facts.reason,
            '',
            'Ben je het hier niet mee eens, dan kun je op deze e-mail reageren of een klacht indienen bij de Autoriteit Persoonsgegevens.',
          ];
  const body = [
    greeting(facts.firstName, language),
    '',
    ...middle,
    '',
    ...signOff(facts.clinicName, language),
  ].join('\n');
  return { subject, body };
}
