/**
 * The client's side of the one-time link (P5.1), reached without a session. The token is the only
 * key: it opens exactly one draft intake, shows only that form, its treatment and price, and is
 * spent by signing. A wrong, used or expired token all answer the same 404.
 *
 * The link is looked up by its hash alone (as a visitor, through `linkedClient`); everything after
 * runs as the client it is for, whom row-level security lets see only their own rows (decision 0014).
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { sha256Hex } from '../../platform/crypto';
import { NotFound } from '../../platform/errors';
import { type Actor, clientActor, visitor } from '../access/actor';
import type { ClientKeys } from '../access/client-keys';
import type { AccessGate, Scope } from '../access/gate';
import { linkedClient } from '../access/links';
import type { ConsentLedger, IntakeConsentWording } from '../privacy/consent.service';
import { type IntakeRow, signedColumns } from './intake-form';
import type { TemplateVersion } from './intake-templates.service';
import { intake, intakeLink, intakeTemplate, intakeTemplateVersion } from './tables';
import type { Language } from './template';

const LINK_VISITOR: Actor = visitor('intake-link');
const GONE = 'this link does not exist, was used or has expired';

export type LinkedForm = {
  treatmentName: string;
  priceCents: number;
  template: Pick<TemplateVersion, 'name' | 'version' | 'questions'>;
  consent: IntakeConsentWording | null;
};

export class IntakeLinks {
  constructor(
    private readonly gate: AccessGate,
    private readonly keys: ClientKeys,
    private readonly consents: ConsentLedger,
  ) {}

  /** The form behind a link: nothing about the client, only what they are asked to sign. */
  async open(token: string, origin: string): Promise<LinkedForm> {
    return this.gate.act(await this.clientFor(token, origin), origin, async (scope) => {
      const { row, version } = await this.draftFor(scope, token, false);
      await scope.requireClient('read', 'medical', row.clientId, { type: 'intake', id: row.id });
      return {
        treatmentName: row.treatmentName,
        priceCents: row.priceCents,
        template: { name: version.name, version: version.version, questions: version.questions },
        consent: await this.consents.intakeWording(scope.tx, scope.now),
      };
    });
  }

  /** The client fills in and signs; the link is spent and the intake is in the dossier. */
  async sign(
    token: string,
    input: {
      answers: Record<string, unknown>;
      signature?: string | null;
      language?: Language | null;
      statementVersion?: number | null;
    },
    origin: string,
  ): Promise<{ signedAt: Date }> {
    return this.gate.act(await this.clientFor(token, origin), origin, async (scope) => {
      const { row, version, linkId } = await this.draftFor(scope, token, true);
      await scope.requireClient('sign', 'medical', row.clientId, { type: 'intake', id: row.id });
      const cipher = await this.keys.cipherFor(scope.tx, row.clientId);
      const signed = signedColumns(cipher, row, version, input, scope.now);
      const updated = await scope.tx
        .update(intake)
        .set({ ...signed, language: input.language ?? row.language })
        .where(and(eq(intake.id, row.id), eq(intake.status, 'draft')))
        .returning({ id: intake.id });
      if (updated.length !== 1) throw new NotFound(GONE);
      await scope.tx.update(intakeLink).set({ usedAt: scope.now }).where(eq(intakeLink.id, linkId));
      await this.consents.append(scope, {
        clientId: row.clientId,
        scope: 'health_data',
        decision: 'granted',
        channel: 'intake',
        language: input.language ?? row.language,
        evidence: { kind: 'signature', intakeId: row.id },
        ...(input.statementVersion ? { statementVersion: input.statementVersion } : {}),
      });
      return { signedAt: scope.now };
    });
  }

  /** The client the link is for, as an actor bound to them; a wrong token answers like a used one. */
  private async clientFor(token: string, origin: string): Promise<Actor> {
    const clientId = await this.gate.act(LINK_VISITOR, origin, (scope) =>
      linkedClient(scope, 'intake-link', token),
    );
    if (!clientId) throw new NotFound(GONE);
    return clientActor(clientId, 'intake-link');
  }

  private async draftFor(
    scope: Scope,
    token: string,
    lock: boolean,
  ): Promise<{ row: IntakeRow; version: TemplateVersion; linkId: string }> {
    const query = scope.tx
      .select({ linkId: intakeLink.id, row: intake, version: intakeTemplateVersion, key: intakeTemplate.key })
      .from(intakeLink)
      .innerJoin(intake, eq(intake.id, intakeLink.intakeId))
      .innerJoin(intakeTemplateVersion, eq(intakeTemplateVersion.id, intake.templateVersionId))
      .innerJoin(intakeTemplate, eq(intakeTemplate.id, intakeTemplateVersion.templateId))
      .where(
        and(
          eq(intakeLink.tokenHash, sha256Hex(token)),
          isNull(intakeLink.usedAt),
          gt(intakeLink.expiresAt, scope.now),
          eq(intake.status, 'draft'),
        ),
      );
    const [found] = lock ? await query.for('update', { of: intakeLink }) : await query;
    if (!found) throw new NotFound(GONE);
    return { row: found.row, version: { ...found.version, key: found.key }, linkId: found.linkId };
  }
}
