import { and, desc, eq, inArray } from 'drizzle-orm';
import { client } from '../../db/schema';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import { recordCare } from '../access/care';
import type { ClientCipher, ClientKeys } from '../access/client-keys';
import type { AccessGate, Scope } from '../access/gate';
import { device, product, treatmentType } from '../catalogue/tables';
import type { ContraIndication, ContraIndicationSource } from './contra-indications';
import { dossierEmail, homeProduct, skinAnalysis, treatment } from './tables';

export type TreatmentReport = {
  done: string;
  discussed: string;
  products: { productId: string; name: string; batch: string | null; amount: string | null }[];
  devices: { deviceId: string; name: string; settings: { name: string; value: string }[] }[];
  /**
   * Why the practitioner went ahead although the intake rules the treatment out (an absolute
   * contra-indication); null when nothing ruled it out. Reports from before it was asked lack it.
   */
  ruledOutReason?: string | null;
};

export type TreatmentInput = {
  kind: 'treatment' | 'consult';
  treatmentTypeId?: string;
  performedAt?: string;
  done: string;
  discussed?: string;
  products?: { productId: string; batch?: string; amount?: string }[];
  devices?: { deviceId: string; settings: { name: string; value: string }[] }[];
  /** The question keys of the contra-indications the practitioner saw and chose to go ahead with. */
  confirmedWarnings?: string[];
  /** Required when a confirmed contra-indication rules the treatment out: why it goes ahead anyway. */
  ruledOutReason?: string;
};

/** A written reason, not a tick: at least this many characters. */
export const RULED_OUT_REASON_MIN = 10;

export type SkinFindings = { fitzpatrick: number; conditions: string[]; findings: string };
export type EmailContent = { from: string; subject: string; text: string; eml: string | null };

export type TreatmentView = {
  id: string;
  kind: 'treatment' | 'consult';
  treatmentTypeId: string | null;
  treatmentTypeName: string | null;
  practitionerId: string;
  performedAt: Date;
  report: TreatmentReport & { ruledOutReason: string | null };
  warningsConfirmed: ContraIndication[];
};

export type Dossier = {
  client: typeof client.$inferSelect;
  treatments: TreatmentView[];
  analyses: {
    id: string;
    treatmentId: string | null;
    analysedBy: string;
    analysedAt: Date;
    findings: SkinFindings;
  }[];
  homeProducts: {
    id: string;
    productId: string;
    productName: string;
    quantity: number;
    advice: string | null;
    boughtAt: Date;
  }[];
  emails: { id: string; receivedAt: Date; content: EmailContent }[];
};

/**
 * The medical part of the dossier: treatments and consults with their reports, skin analyses,
 * products for home use, recorded e-mails. Everything passes the gate as `medical` and is sealed
 * with the client's own key.
 */
export class DossierService {
  constructor(
    private readonly gate: AccessGate,
    private readonly keys: ClientKeys,
    private readonly contraIndications: () => ContraIndicationSource,
  ) {}

  /** Records a treatment or consult (P4.1); a treatment first checks the contra-indications (P3.2). */
  async recordTreatment(
    actor: Actor,
    clientId: string,
    input: TreatmentInput,
    origin: string,
  ): Promise<{ id: string }> {
    if (input.kind === 'treatment' && !input.treatmentTypeId) {
      throw new Invalid('treatmentTypeId is required for a treatment', [
        { field: 'treatmentTypeId', message: 'is required for a treatment' },
      ]);
    }
    return this.gate.act(actor, origin, async (scope) => {
      const id = newId();
      await scope.requireClient('create', 'medical', clientId, { type: 'treatment', id });
      if (actor.kind !== 'staff') throw new NotFound();
      if (input.treatmentTypeId) await this.assertTreatmentType(scope, input.treatmentTypeId);
      const warnings = input.treatmentTypeId
        ? await this.contraIndications()(scope, clientId, input.treatmentTypeId)
        : [];
      const unconfirmed = warnings.filter((w) => !(input.confirmedWarnings ?? []).includes(w.questionKey));
      if (unconfirmed.length > 0) {
        throw new Conflict(
          `contra-indications to confirm before starting: ${unconfirmed.map((w) => w.questionKey).join(', ')}`,
        );
      }
      const rulesOut = warnings.some((w) => w.effect === 'rules_out');
      const ruledOutReason = input.ruledOutReason?.trim() ?? '';
      if (rulesOut && ruledOutReason.length < RULED_OUT_REASON_MIN) {
        const message = `is required (at least ${RULED_OUT_REASON_MIN} characters): the intake rules this treatment out`;
        throw new Invalid(`ruledOutReason ${message}`, [{ field: 'ruledOutReason', message }]);
      }
      const report = {
        ...(await this.report(scope, input)),
        ruledOutReason: rulesOut ? ruledOutReason : null,
      };
      const cipher = await this.keys.cipherFor(scope.tx, clientId);
      await scope.tx.insert(treatment).values({
        id,
        clientId,
        practitionerId: actor.id,
        treatmentTypeId: input.treatmentTypeId ?? null,
        kind: input.kind,
        performedAt: input.performedAt ? new Date(input.performedAt) : scope.now,
        report: cipher.seal(`treatment:${id}:report`, report),
        warningsConfirmed: warnings.length > 0 ? cipher.seal(`treatment:${id}:warnings`, warnings) : null,
        createdAt: scope.now,
      });
      await recordCare(scope.tx, { staffId: actor.id, clientId, basis: 'treatment', now: scope.now });
      return { id };
    });
  }

  async recordSkinAnalysis(
    actor: Actor,
    clientId: string,
    input: SkinFindings & { treatmentId?: string; analysedAt?: string },
    origin: string,
  ): Promise<{ id: string }> {
    return this.gate.act(actor, origin, async (scope) => {
      const id = newId();
      await scope.requireClient('create', 'medical', clientId, { type: 'skin_analysis', id });
      if (actor.kind !== 'staff') throw new NotFound();
      if (input.treatmentId) await this.assertTreatmentOf(scope, clientId, input.treatmentId);
      const cipher = await this.keys.cipherFor(scope.tx, clientId);
      const findings: SkinFindings = {
        fitzpatrick: input.fitzpatrick,
        conditions: input.conditions,
        findings: input.findings,
      };
      await scope.tx.insert(skinAnalysis).values({
        id,
        clientId,
        treatmentId: input.treatmentId ?? null,
        analysedBy: actor.id,
        analysedAt: input.analysedAt ? new Date(input.analysedAt) : scope.now,
        findings: cipher.seal(`skin_analysis:${id}:findings`, findings),
        createdAt: scope.now,
      });
      return { id };
    });
  }

  async recordHomeProduct(
    actor: Actor,
    clientId: string,
    input: { productId: string; quantity: number; advice?: string; boughtAt?: string },
    origin: string,
  ): Promise<{ id: string }> {
    return this.gate.act(actor, origin, async (scope) => {
      const id = newId();
      await scope.requireClient('create', 'medical', clientId, { type: 'home_product', id });
      const [found] = await scope.tx
        .select({ id: product.id })
        .from(product)
        .where(eq(product.id, input.productId));
      if (!found)
        throw new Invalid('productId is not a product in the catalogue', [
          { field: 'productId', message: 'is not a product in the catalogue' },
        ]);
      await scope.tx.insert(homeProduct).values({
        id,
        clientId,
        productId: input.productId,
        quantity: input.quantity,
        advice: input.advice ?? null,
        boughtAt: input.boughtAt ? new Date(input.boughtAt) : scope.now,
        recordedBy: actor.kind === 'staff' ? actor.id : null,
        createdAt: scope.now,
      });
      return { id };
    });
  }

  /** Keeps an e-mail from the client in the dossier (P5.5): pasted text or the uploaded .eml. */
  async recordEmail(
    actor: Actor,
    clientId: string,
    input: { receivedAt?: string } & EmailContent,
    origin: string,
  ): Promise<{ id: string }> {
    return this.gate.act(actor, origin, async (scope) => {
      const id = newId();
      await scope.requireClient('create', 'medical', clientId, { type: 'dossier_email', id });
      if (actor.kind !== 'staff') throw new NotFound();
      const cipher = await this.keys.cipherFor(scope.tx, clientId);
      const content: EmailContent = {
        from: input.from,
        subject: input.subject,
        text: input.text,
        eml: input.eml,
      };
      await scope.tx.insert(dossierEmail).values({
        id,
        clientId,
        receivedAt: input.receivedAt ? new Date(input.receivedAt) : scope.now,
        content: cipher.seal(`dossier_email:${id}:content`, content),
        recordedBy: actor.id,
        createdAt: scope.now,
      });
      return { id };
    });
  }

  /** The whole medical dossier, opened; one audit entry for the dossier. */
  async open(actor: Actor, clientId: string, origin: string): Promise<Dossier> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('read', 'medical', clientId, { type: 'dossier', id: clientId });
      const [person] = await scope.tx.select().from(client).where(eq(client.id, clientId));
      if (!person) throw new NotFound();
      const cipher = await this.keys.cipherFor(scope.tx, clientId);
      // One transaction is one connection: its queries run one after another (pg queues them, and
      // pg 9 will refuse overlapping ones). Drizzle's builders run only when awaited.
      const reads = [
        scope.tx
          .select()
          .from(treatment)
          .where(eq(treatment.clientId, clientId))
          .orderBy(desc(treatment.performedAt)),
        scope.tx
          .select()
          .from(skinAnalysis)
          .where(eq(skinAnalysis.clientId, clientId))
          .orderBy(desc(skinAnalysis.analysedAt)),
        scope.tx
          .select({ row: homeProduct, productName: product.name })
          .from(homeProduct)
          .innerJoin(product, eq(product.id, homeProduct.productId))
          .where(eq(homeProduct.clientId, clientId))
          .orderBy(desc(homeProduct.boughtAt)),
        scope.tx
          .select()
          .from(dossierEmail)
          .where(eq(dossierEmail.clientId, clientId))
          .orderBy(desc(dossierEmail.receivedAt)),
      ] as const;
      const treatments = await reads[0];
      const analyses = await reads[1];
      const purchases = await reads[2];
      const emails = await reads[3];
      const typeNames = await this.typeNames(
        scope,
        treatments.map((t) => t.treatmentTypeId),
      );
      return {
        client: person,
        treatments: treatments.map((row) => this.treatmentView(cipher, row, typeNames)),
        analyses: analyses.map((row) => ({
          id: row.id,
          treatmentId: row.treatmentId,
          analysedBy: row.analysedBy,
          analysedAt: row.analysedAt,
          findings: cipher.open<SkinFindings>(`skin_analysis:${row.id}:findings`, row.findings),
        })),
        homeProducts: purchases.map(({ row, productName }) => ({
          id: row.id,
          productId: row.productId,
          productName,
          quantity: row.quantity,
          advice: row.advice,
          boughtAt: row.boughtAt,
        })),
        emails: emails.map((row) => ({
          id: row.id,
          receivedAt: row.receivedAt,
          content: cipher.open<EmailContent>(`dossier_email:${row.id}:content`, row.content),
        })),
      };
    });
  }

  async getTreatment(
    actor: Actor,
    clientId: string,
    treatmentId: string,
    origin: string,
  ): Promise<TreatmentView> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('read', 'medical', clientId, { type: 'treatment', id: treatmentId });
      const [row] = await scope.tx
        .select()
        .from(treatment)
        .where(and(eq(treatment.id, treatmentId), eq(treatment.clientId, clientId)));
      if (!row) throw new NotFound();
      const cipher = await this.keys.cipherFor(scope.tx, clientId);
      return this.treatmentView(cipher, row, await this.typeNames(scope, [row.treatmentTypeId]));
    });
  }

  private treatmentView(
    cipher: ClientCipher,
    row: typeof treatment.$inferSelect,
    typeNames: Map<string, string>,
  ): TreatmentView {
    return {
      id: row.id,
      kind: row.kind,
      treatmentTypeId: row.treatmentTypeId,
      treatmentTypeName: row.treatmentTypeId ? (typeNames.get(row.treatmentTypeId) ?? null) : null,
      practitionerId: row.practitionerId,
      performedAt: row.performedAt,
      report: withRuledOutReason(cipher.open<TreatmentReport>(`treatment:${row.id}:report`, row.report)),
      warningsConfirmed: row.warningsConfirmed
        ? cipher.open<ContraIndication[]>(`treatment:${row.id}:warnings`, row.warningsConfirmed)
        : [],
    };
  }

  /** The report as stored: product and device names are copied in, so later catalogue edits do not rewrite history. */
  private async report(scope: Scope, input: TreatmentInput): Promise<TreatmentReport> {
    const productIds = (input.products ?? []).map((p) => p.productId);
    const deviceIds = (input.devices ?? []).map((d) => d.deviceId);
    const products = productIds.length
      ? await scope.tx.select().from(product).where(inArray(product.id, productIds))
      : [];
    const devices = deviceIds.length
      ? await scope.tx.select().from(device).where(inArray(device.id, deviceIds))
      : [];
    const problems = [
      ...(input.products ?? []).flatMap((p, i) =>
        products.some((found) => found.id === p.productId)
          ? []
          : [{ field: `products.${i}.productId`, message: 'is not a product in the catalogue' }],
      ),
      ...(input.devices ?? []).flatMap((d, i) => {
        const found = devices.find((candidate) => candidate.id === d.deviceId);
        if (!found) return [{ field: `devices.${i}.deviceId`, message: 'is not a device in the catalogue' }];
        return d.settings.flatMap((setting, j) =>
          found.settings.length === 0 || found.settings.includes(setting.name)
            ? []
            : [{ field: `devices.${i}.settings.${j}.name`, message: `is not a setting of ${found.name}` }],
        );
      }),
    ];
    if (problems.length > 0)
      throw new Invalid(problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
    return {
      done: input.done,
      discussed: input.discussed ?? '',
      products: (input.products ?? []).map((p) => ({
        productId: p.productId,
        name: products.find((found) => found.id === p.productId)?.name ?? '',
        batch: p.batch ?? null,
        amount: p.amount ?? null,
      })),
      devices: (input.devices ?? []).map((d) => ({
        deviceId: d.deviceId,
        name: devices.find((found) => found.id === d.deviceId)?.name ?? '',
        settings: d.settings,
      })),
    };
  }

  private async assertTreatmentType(scope: Scope, id: string): Promise<void> {
    const [type] = await scope.tx
      .select({ id: treatmentType.id })
      .from(treatmentType)
      .where(eq(treatmentType.id, id));
    if (!type)
      throw new Invalid('treatmentTypeId is not a treatment type', [
        { field: 'treatmentTypeId', message: 'is not a treatment type' },
      ]);
  }

  private async typeNames(scope: Scope, ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows = await scope.tx
      .select({ id: treatmentType.id, name: treatmentType.name })
      .from(treatmentType)
      .where(inArray(treatmentType.id, wanted));
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  private async assertTreatmentOf(scope: Scope, clientId: string, treatmentId: string): Promise<void> {
    const [row] = await scope.tx
      .select({ id: treatment.id })
      .from(treatment)
      .where(and(eq(treatment.id, treatmentId), eq(treatment.clientId, clientId)));
    if (!row)
      throw new Invalid('treatmentId is not a treatment of this client', [
        { field: 'treatmentId', message: 'is not a treatment of this client' },
      ]);
  }
}

function withRuledOutReason(report: TreatmentReport): TreatmentReport & { ruledOutReason: string | null } {
  return { ...report, ruledOutReason: report.ruledOutReason ?? null };
}
