import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Config } from '../../config';
import { client, clinic, outboxEmail } from '../../db/schema';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { documentFormat } from '../../platform/document-format';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { greeting, signOff } from '../../platform/mail-text';
import type { Actor } from '../access/actor';
import { recordCare } from '../access/care';
import type { ClientCipher, ClientKeys } from '../access/client-keys';
import type { AccessGate, Scope } from '../access/gate';
import type { AccessBasis } from '../audit/events';
import { treatmentType } from '../catalogue/tables';
import type { ConsentLedger } from '../privacy/consent.service';
import { contentHash } from './content-hash';
import {
  answersField,
  formForTreatment,
  type IntakeRow,
  type SealedAnswers,
  signatureField,
  signedColumns,
  signedContent,
} from './intake-form';
import { renderIntakePdf } from './intake-pdf';
import type { TemplateVersion } from './intake-templates.service';
import { intake, intakeLink, intakeTemplate, intakeTemplateVersion } from './tables';
import { type Answers, type Language, markedRules, ruleAppliesTo, type Translated } from './template';

export const LINK_DAYS = 14;

export type ContraIndication = {
  questionKey: string;
  effect: 'rules_out' | 'affects';
  warning: Translated;
};

export type OpenWarning = ContraIndication & { intakeId: string; treatmentTypeIds: string[] };

export type IntakeSummary = {
  id: string;
  status: 'draft' | 'signed';
  channel: 'clinic' | 'link';
  version: number;
  supersedesId: string | null;
  supersededById: string | null;
  treatmentTypeId: string;
  treatmentName: string;
  priceCents: number;
  template: { key: string; version: number; name: Translated };
  signedAt: Date | null;
  contentHash: string | null;
  linkExpiresAt: Date | null;
  createdAt: Date;
};

export type IntakeDetail = IntakeSummary & {
  language: Language;
  questions: TemplateVersion['questions'];
  answers: Answers | null;
  signature: string | null;
  contraIndications: ContraIndication[];
  /** Whether the stored content hash matches the content as it reads now. */
  hashVerified: boolean | null;
};

export type SignInput = {
  treatmentTypeId?: string | null;
  supersedesId?: string | null;
  language?: Language | null;
  answers: Record<string, unknown>;
  signature?: string | null;
  /** The privacy statement version whose consent sentence the form showed. */
  statementVersion?: number | null;
};

/**
 * A client's intakes (P3.3, P5.1): recorded and signed at the clinic, or sent as a one-time link;
 * read, printed, and the contra-indications they mark (P3.2). Every method passes the gate for
 * `medical` data; answers and signatures are sealed with the client's key.
 */
export class IntakeForms {
  constructor(
    private readonly gate: AccessGate,
    private readonly keys: ClientKeys,
    private readonly config: Config,
    private readonly consents: ConsentLedger,
  ) {}

  /** The form a treatment type asks for, to show on the clinic's tablet (owner, practitioner). */
  async formFor(actor: Actor, treatmentTypeId: string, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'practitioner'], { action: 'read', objectType: 'intake_template' });
      try {
        const form = await formForTreatment(scope.tx, treatmentTypeId, scope.now);
        return { ...form, consent: await this.consents.intakeWording(scope.tx, scope.now) };
      } catch (error) {
        if (error instanceof Invalid) throw new NotFound('no intake form for this treatment type');
        throw error;
      }
    });
  }

  /**
   * Records an intake filled in and signed at the clinic; with `supersedesId` it is a correction:
   * a new version linked to the previous one, which stays as it was.
   */
  async sign(
    actor: Actor,
    clientId: string,
    input: SignInput,
    origin: string,
  ): Promise<{ id: string; version: number; contentHash: string; signedAt: Date }> {
    return this.gate.act(actor, origin, async (scope) => {
      const id = newId();
      await scope.requireClient('sign', 'medical', clientId, { type: 'intake', id });
      const previous = input.supersedesId
        ? await this.correctable(scope, clientId, input.supersedesId)
        : null;
      const treatmentTypeId = input.treatmentTypeId ?? previous?.treatmentTypeId;
      if (!treatmentTypeId) {
        throw new Invalid('treatmentTypeId is required', [
          { field: 'treatmentTypeId', message: 'is required' },
        ]);
      }
      if (previous && previous.treatmentTypeId !== treatmentTypeId) {
        throw new Invalid('a correction is for the same treatment type', [
          { field: 'treatmentTypeId', message: 'differs from the intake it corrects' },
        ]);
      }
      const form = await formForTreatment(scope.tx, treatmentTypeId, scope.now);
      const base = {
        id,
        clientId,
        treatmentTypeId,
        templateVersionId: form.version.id,
        treatmentName: form.treatmentType.name,
        priceCents: form.treatmentType.priceCents,
      };
      const cipher = await this.keys.cipherFor(scope.tx, clientId);
      const signed = signedColumns(cipher, base, form.version, input, scope.now);
      const version = (previous?.version ?? 0) + 1;
      const language = input.language ?? (await this.languageOf(scope, clientId));
      await scope.tx.insert(intake).values({
        ...base,
        ...signed,
        supersedesId: previous?.id ?? null,
        version,
        channel: 'clinic',
        language,
        createdBy: staffId(actor),
        createdAt: scope.now,
      });
      // Signing also gives the consent to process health data that the form showed (P1.1, P1.2).
      await this.consents.append(scope, {
        clientId,
        scope: 'health_data',
        decision: 'granted',
        channel: 'intake',
        language,
        evidence: { kind: 'signature', intakeId: id },
        ...(input.statementVersion ? { statementVersion: input.statementVersion } : {}),
      });
      await this.relate(scope, clientId);
      return { id: base.id, version, contentHash: signed.contentHash ?? '', signedAt: scope.now };
    });
  }

  /**
   * Sends the client a one-time link (14 days, single use) to fill in and sign the form at home
   * (P5.1). The e-mail leaves through the outbox and names no treatment: the form shows it.
   */
  async sendLink(
    actor: Actor,
    clientId: string,
    input: { treatmentTypeId: string; language?: Language | null },
    origin: string,
  ): Promise<{ intakeId: string; expiresAt: Date; recipient: string }> {
    const token = randomToken(32);
    return this.gate.act(actor, origin, async (scope) => {
      const linkId = newId();
      await scope.requireClient('create', 'medical', clientId, { type: 'intake_link', id: linkId });
      const form = await formForTreatment(scope.tx, input.treatmentTypeId, scope.now);
      const [person] = await scope.tx
        .select({ email: client.email, language: client.preferredLanguage, firstName: client.firstName })
        .from(client)
        .where(eq(client.id, clientId));
      if (!person) throw new NotFound();
      if (!person.email) {
        throw new Invalid('the client has no e-mail address', [
          { field: 'clientId', message: 'has no e-mail address; fill in the intake at the clinic' },
        ]);
      }
      const intakeId = newId();
      const language = input.language ?? person.language;
      await scope.tx.insert(intake).values({
        id: intakeId,
        clientId,
        treatmentTypeId: input.treatmentTypeId,
        templateVersionId: form.version.id,
        status: 'draft',
        channel: 'link',
        language,
        treatmentName: form.treatmentType.name,
        priceCents: form.treatmentType.priceCents,
        createdBy: staffId(actor),
        createdAt: scope.now,
      });
      const expiresAt = new Date(scope.now.getTime() + LINK_DAYS * 24 * 3600 * 1000);
      await scope.tx.insert(intakeLink).values({
        id: linkId,
        intakeId,
        clientId,
        tokenHash: sha256Hex(token),
        expiresAt,
        createdBy: staffId(actor),
        createdAt: scope.now,
      });
      const [clinicRow] = await scope.tx
        .select({ name: clinic.name, timeZone: clinic.timeZone })
        .from(clinic)
        .limit(1);
      const link = `${this.config.publicUrl}/intake#token=${token}`;
      const mail = linkMail({
        clinic: clinicRow ?? { name: 'Vellum', timeZone: 'Europe/Amsterdam' },
        firstName: person.firstName,
        language,
        link,
        expiresAt,
      });
      await scope.tx.insert(outboxEmail).values({
        id: newId(),
        recipient: person.email,
        clientId,
        kind: 'intake_link',
        ...mail,
        createdAt: scope.now,
      });
      await this.relate(scope, clientId);
      return { intakeId, expiresAt, recipient: person.email };
    });
  }

  /** The client's intakes, newest first, with their version chain. */
  async list(actor: Actor, clientId: string, origin: string): Promise<IntakeSummary[]> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('read', 'medical', clientId, { type: 'intake' });
      const rows = await this.rows(scope, clientId);
      const links = await scope.tx
        .select({ intakeId: intakeLink.intakeId, expiresAt: intakeLink.expiresAt })
        .from(intakeLink)
        .where(eq(intakeLink.clientId, clientId));
      return rows.map(({ row, version }) =>
        summary(row, version, rows, links.find((l) => l.intakeId === row.id)?.expiresAt ?? null),
      );
    });
  }

  async get(actor: Actor, clientId: string, intakeId: string, origin: string): Promise<IntakeDetail> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('read', 'medical', clientId, { type: 'intake', id: intakeId });
      return this.detail(scope, clientId, intakeId);
    });
  }

  /** The signed intake as a PDF (P3.3): printing is logged as such. */
  async pdf(
    actor: Actor,
    clientId: string,
    intakeId: string,
    language: Language | undefined,
    origin: string,
  ): Promise<Buffer> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('print', 'medical', clientId, { type: 'intake', id: intakeId });
      const detail = await this.detail(scope, clientId, intakeId);
      if (detail.status !== 'signed') throw new Conflict('only a signed intake can be printed');
      const [person] = await scope.tx.select().from(client).where(eq(client.id, clientId));
      const [clinicRow] = await scope.tx.select().from(clinic).limit(1);
      if (!person) throw new NotFound();
      return renderIntakePdf({
        clinic: { name: clinicRow?.name ?? 'Vellum', timeZone: clinicRow?.timeZone ?? 'Europe/Amsterdam' },
        client: { name: `${person.firstName} ${person.lastName}`, birthDate: person.birthDate },
        intake: detail,
        language: language ?? detail.language,
      });
    });
  }

  /**
   * The contra-indications in the client's latest signed intakes (one per form) that apply to a
   * treatment type (P3.2). For treatments, which confirm them before starting; runs in the
   * caller's action and asks the gate itself.
   */
  contraIndicationsFor = async (
    scope: Scope,
    clientId: string,
    treatmentTypeId: string,
  ): Promise<ContraIndication[]> => {
    const warnings = await this.openWarnings(scope, clientId);
    return warnings
      .filter((w) => w.treatmentTypeIds.includes(treatmentTypeId))
      .map(({ questionKey, effect, warning }) => ({ questionKey, effect, warning }));
  };

  /**
   * The same for the agenda's day or week at once: the caller passes the gate's decisions for the
   * clients' medical files; each allowed client's intake read is recorded as for one client, and
   * the intakes, treatment types and keys of all of them are read in one query each instead of
   * per appointment.
   */
  contraIndicationsForMany = async (
    scope: Scope,
    entries: { clientId: string; treatmentTypeId: string }[],
    allowed: Map<string, AccessBasis>,
  ): Promise<Map<string, ContraIndication[]>> => {
    const result = new Map<string, ContraIndication[]>();
    const clientIds = [...new Set(entries.map((e) => e.clientId))].filter((id) => allowed.has(id));
    if (clientIds.length === 0) return result;
    for (const clientId of clientIds) {
      scope.record({
        action: 'read',
        objectType: 'intake',
        objectId: clientId,
        clientId,
        basis: allowed.get(clientId) ?? null,
      });
    }
    const rows = await scope.tx
      .select({ row: intake, version: intakeTemplateVersion, key: intakeTemplate.key })
      .from(intake)
      .innerJoin(intakeTemplateVersion, eq(intakeTemplateVersion.id, intake.templateVersionId))
      .innerJoin(intakeTemplate, eq(intakeTemplate.id, intakeTemplateVersion.templateId))
      .where(and(inArray(intake.clientId, clientIds), eq(intake.status, 'signed')))
      .orderBy(desc(intake.createdAt), desc(intake.id));
    const signedOf = new Map<string, SignedRow[]>();
    for (const { row, version, key } of rows) {
      signedOf.set(row.clientId, [
        ...(signedOf.get(row.clientId) ?? []),
        { row, version: { ...version, key } },
      ]);
    }
    const withIntake = [...signedOf.keys()];
    const types = withIntake.length ? await this.treatmentTypes(scope) : [];
    const ciphers = await this.keys.ciphersFor(scope.tx, withIntake);
    const open = new Map<string, OpenWarning[]>();
    for (const [clientId, signed] of signedOf) {
      const cipher = ciphers.get(clientId);
      if (cipher) open.set(clientId, warningsIn(latestPerForm(signed), types, cipher));
    }
    for (const { clientId, treatmentTypeId } of entries) {
      if (!allowed.has(clientId)) continue;
      result.set(
        `${clientId}:${treatmentTypeId}`,
        (open.get(clientId) ?? [])
          .filter((w) => w.treatmentTypeIds.includes(treatmentTypeId))
          .map(({ questionKey, effect, warning }) => ({ questionKey, effect, warning })),
      );
    }
    return result;
  };

  /** For the dossier: every open warning, or those for one treatment type. */
  async warnings(
    actor: Actor,
    clientId: string,
    treatmentTypeId: string | undefined,
    origin: string,
  ): Promise<OpenWarning[]> {
    return this.gate.act(actor, origin, async (scope) => {
      const warnings = await this.openWarnings(scope, clientId);
      return treatmentTypeId
        ? warnings.filter((w) => w.treatmentTypeIds.includes(treatmentTypeId))
        : warnings;
    });
  }

  private async openWarnings(scope: Scope, clientId: string): Promise<OpenWarning[]> {
    await scope.requireClient('read', 'medical', clientId, { type: 'intake' });
    const signed = (await this.rows(scope, clientId)).filter(({ row }) => row.status === 'signed');
    const latest = latestPerForm(signed);
    if (latest.size === 0) return [];
    const types = await this.treatmentTypes(scope);
    const cipher = await this.keys.cipherFor(scope.tx, clientId);
    return warningsIn(latest, types, cipher);
  }

  private treatmentTypes(scope: Scope) {
    return scope.tx
      .select({ id: treatmentType.id, intakeTemplateKey: treatmentType.intakeTemplateKey })
      .from(treatmentType);
  }

  private async detail(scope: Scope, clientId: string, intakeId: string): Promise<IntakeDetail> {
    const rows = await this.rows(scope, clientId);
    const found = rows.find(({ row }) => row.id === intakeId);
    if (!found) throw new NotFound();
    const { row, version } = found;
    const [link] = await scope.tx
      .select({ expiresAt: intakeLink.expiresAt })
      .from(intakeLink)
      .where(eq(intakeLink.intakeId, row.id));
    const base = summary(row, version, rows, link?.expiresAt ?? null);
    if (row.status !== 'signed' || !row.answers || !row.signature || !row.signedAt) {
      return {
        ...base,
        language: row.language,
        questions: version.questions,
        answers: null,
        signature: null,
        contraIndications: [],
        hashVerified: null,
      };
    }
    const cipher = await this.keys.cipherFor(scope.tx, clientId);
    const { answers, nonce } = cipher.open<SealedAnswers>(answersField(row.id), row.answers);
    const png = Buffer.from(cipher.open<string>(signatureField(row.id), row.signature), 'base64');
    const recomputed = contentHash(signedContent(row, version, answers, row.signedAt, sha256Hex(png), nonce));
    return {
      ...base,
      language: row.language,
      questions: version.questions,
      answers,
      signature: `data:image/png;base64,${png.toString('base64')}`,
      contraIndications: markedRules(version.questions, answers).map(({ question, rule }) => ({
        questionKey: question.key,
        effect: rule.effect,
        warning: rule.warning,
      })),
      hashVerified: recomputed === row.contentHash,
    };
  }

  private async rows(scope: Scope, clientId: string) {
    const rows = await scope.tx
      .select({ row: intake, version: intakeTemplateVersion, key: intakeTemplate.key })
      .from(intake)
      .innerJoin(intakeTemplateVersion, eq(intakeTemplateVersion.id, intake.templateVersionId))
      .innerJoin(intakeTemplate, eq(intakeTemplate.id, intakeTemplateVersion.templateId))
      .where(eq(intake.clientId, clientId))
      .orderBy(desc(intake.createdAt), desc(intake.id));
    return rows.map(({ row, version, key }) => ({ row, version: { ...version, key } }));
  }

  /** A signed intake of this client that has not been corrected yet. */
  private async correctable(scope: Scope, clientId: string, intakeId: string): Promise<IntakeRow> {
    const [previous] = await scope.tx
      .select()
      .from(intake)
      .where(and(eq(intake.id, intakeId), eq(intake.clientId, clientId), isNotNull(intake.signedAt)));
    if (!previous) {
      throw new Invalid('supersedesId is not a signed intake of this client', [
        { field: 'supersedesId', message: 'is not a signed intake of this client' },
      ]);
    }
    const [later] = await scope.tx
      .select({ id: intake.id, version: intake.version })
      .from(intake)
      .where(inArray(intake.supersedesId, [intakeId]));
    if (later) throw new Conflict(`this intake was already corrected by version ${later.version}`);
    return previous;
  }

  private async languageOf(scope: Scope, clientId: string): Promise<Language> {
    const [person] = await scope.tx
      .select({ language: client.preferredLanguage })
      .from(client)
      .where(eq(client.id, clientId));
    return person?.language ?? 'nl';
  }

  /** Recording or sending an intake makes the practitioner one who treats the client. */
  private async relate(scope: Scope, clientId: string): Promise<void> {
    const actor = scope.actor;
    if (actor.kind !== 'staff') return;
    await recordCare(scope.tx, { staffId: actor.id, clientId, basis: 'intake', now: scope.now });
  }
}

function staffId(actor: Actor): string | null {
  return actor.kind === 'staff' ? actor.id : null;
}

function summary(
  row: IntakeRow,
  version: TemplateVersion,
  all: { row: IntakeRow }[],
  linkExpiresAt: Date | null,
): IntakeSummary {
  return {
    id: row.id,
    status: row.status,
    channel: row.channel,
    version: row.version,
    supersedesId: row.supersedesId,
    supersededById: all.find((other) => other.row.supersedesId === row.id)?.row.id ?? null,
    treatmentTypeId: row.treatmentTypeId,
    treatmentName: row.treatmentName,
    priceCents: row.priceCents,
    template: { key: version.key, version: version.version, name: version.name },
    signedAt: row.signedAt,
    contentHash: row.contentHash,
    linkExpiresAt: row.status === 'draft' ? linkExpiresAt : null,
    createdAt: row.createdAt,
  };
}

/** The intake link's e-mail, in the intake's language, to the client by name. */
function linkMail(input: {
  clinic: { name: string; timeZone: string };
  firstName: string;
  language: Language;
  link: string;
  expiresAt: Date;
}): { subject: string; body: string } {
  const { clinic: practice, language, link } = input;
  const until = documentFormat(language, practice.timeZone).day(input.expiresAt);
  const en = language === 'en';
  return {
    subject: en ? `${practice.name}: your intake form` : `${practice.name}: je intakeformulier`,
    body: [
      greeting(input.firstName, language),
      '',
      en
        ? `${practice.name} asks you to fill in and sign the intake form before your treatment.`
        : `${practice.name} vraagt je het intakeformulier vóór je behandeling in te vullen en te ondertekenen.`,
      en
        ? `Open this personal link (single use, valid until ${until}):`
        : `Open deze persoonlijke link (één keer te gebruiken, geldig tot ${until}):`,
      link,
      '',
      ...signOff(practice.name, language),
    ].join('\n'),
  };
}

type SignedRow = {
  row: typeof intake.$inferSelect;
  version: typeof intakeTemplateVersion.$inferSelect & { key: string };
};

/** The latest signed intake per form (the first of equal signing times in the rows' order). */
function latestPerForm(signed: SignedRow[]): Map<string, SignedRow> {
  const latest = new Map<string, SignedRow>();
  for (const entry of signed) {
    const current = latest.get(entry.version.key);
    if (!current || (entry.row.signedAt ?? 0) > (current.row.signedAt ?? 0)) {
      latest.set(entry.version.key, entry);
    }
  }
  return latest;
}

/** The contra-indications the latest intakes mark, each with the treatment types it applies to. */
function warningsIn(
  latest: Map<string, SignedRow>,
  types: { id: string; intakeTemplateKey: string | null }[],
  cipher: ClientCipher,
): OpenWarning[] {
  const warnings: OpenWarning[] = [];
  for (const { row, version } of latest.values()) {
    const { answers } = cipher.open<SealedAnswers>(answersField(row.id), row.answers ?? '');
    for (const { question, rule } of markedRules(version.questions, answers)) {
      warnings.push({
        intakeId: row.id,
        questionKey: question.key,
        effect: rule.effect,
        warning: rule.warning,
        treatmentTypeIds: types.filter((type) => ruleAppliesTo(rule, version.key, type)).map((t) => t.id),
      });
    }
  }
  return warnings;
}
