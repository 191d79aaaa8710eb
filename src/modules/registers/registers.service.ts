import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { clinic } from '../../db/schema';
import { sha256Hex } from '../../platform/crypto';
import { Conflict, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import type { AccessGate, Tx } from '../access/gate';
import { RETENTION } from './retention-periods';
import { paperDestruction, paperFile, processor } from './tables';

export type ProcessorInput = {
  name: string;
  purpose: string;
  dataCategories: string;
  location: string;
  agreementDate: string;
  agreement?: { fileName: string; bytes: Buffer } | null;
};

export type ProcessorView = Omit<typeof processor.$inferSelect, 'agreementDocument'>;

/**
 * The clinic's registers (P7.1, P7.2; GDPR art. 30): processors with their agreements, paper files
 * and their destruction, and the record of processing activities generated from the settings.
 * Clinic administration: the owner keeps them; any staff member registers a paper file and
 * confirms a destruction.
 */
export class Registers {
  constructor(private readonly gate: AccessGate) {}

  async processors(actor: Actor, origin: string, includeRemoved = true): Promise<ProcessorView[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'processor' });
      return activeOrAll(scope.tx, includeRemoved);
    });
  }

  async addProcessor(actor: Actor, input: ProcessorInput, origin: string): Promise<{ id: string }> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'create', objectType: 'processor' });
      const id = newId();
      await scope.tx.insert(processor).values({
        id,
        name: input.name,
        purpose: input.purpose,
        dataCategories: input.dataCategories,
        location: input.location,
        agreementDate: input.agreementDate,
        agreementFileName: input.agreement?.fileName ?? null,
        agreementDocument: input.agreement?.bytes ?? null,
        agreementSha256: input.agreement ? sha256Hex(input.agreement.bytes) : null,
        createdAt: scope.now,
      });
      scope.record({ action: 'create', objectType: 'processor', objectId: id, basis: 'role' });
      return { id };
    });
  }

  /** Ends a processor's engagement; the register keeps it with the date. */
  async removeProcessor(actor: Actor, id: string, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'delete', objectType: 'processor', objectId: id });
      const ended = await scope.tx
        .update(processor)
        .set({ removedAt: scope.now })
        .where(and(eq(processor.id, id), isNull(processor.removedAt)))
        .returning({ id: processor.id });
      if (ended.length === 0) throw new NotFound();
      scope.record({ action: 'delete', objectType: 'processor', objectId: id, basis: 'role' });
    });
  }

  async agreement(actor: Actor, id: string, origin: string): Promise<{ fileName: string; bytes: Buffer }> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'processor', objectId: id });
      const [row] = await scope.tx.select().from(processor).where(eq(processor.id, id));
      if (!row?.agreementDocument || !row.agreementFileName) throw new NotFound();
      return { fileName: row.agreementFileName, bytes: row.agreementDocument };
    });
  }

  /** Registers where a client's paper file is kept, under a new archive code for the folder. */
  async registerPaperFile(
    actor: Actor,
    clientId: string,
    input: { kind: 'intake_form' | 'dossier' | 'other'; location: string },
    origin: string,
  ): Promise<{ id: string; archiveCode: string }> {
    return this.gate.act(actor, origin, async (scope) => {
      const id = newId();
      await scope.requireClient('create', 'contact', clientId, { type: 'paper_file', id });
      const year = scope.now.getUTCFullYear();
      const result = await scope.tx.execute(sql`select nextval('paper_archive_seq')::int as next`);
      const next = (result as unknown as { rows: { next: number }[] }).rows[0]?.next ?? 1;
      const archiveCode = `P-${year}-${String(next).padStart(4, '0')}`;
      const inserted = await scope.tx
        .insert(paperFile)
        .values({
          id,
          clientId,
          archiveCode,
          kind: input.kind,
          location: input.location,
          registeredAt: scope.now,
          registeredBy: actor.kind === 'staff' ? actor.id : null,
        })
        .onConflictDoNothing()
        .returning({ id: paperFile.id });
      if (inserted.length === 0) throw new Conflict('another paper file took this archive code; try again');
      return { id, archiveCode };
    });
  }

  async paperFilesOf(actor: Actor, clientId: string, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('read', 'contact', clientId, { type: 'paper_file' });
      return scope.tx
        .select()
        .from(paperFile)
        .where(eq(paperFile.clientId, clientId))
        .orderBy(asc(paperFile.registeredAt));
    });
  }

  /** Paper files waiting to be destroyed (any staff member: they find the folder by code and place). */
  async destructionTasks(actor: Actor, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'practitioner', 'reception'], {
        action: 'read',
        objectType: 'paper_destruction',
      });
      return scope.tx
        .select()
        .from(paperDestruction)
        .orderBy(sql`${paperDestruction.confirmedAt} is not null`, asc(paperDestruction.dueAt));
    });
  }

  async confirmDestruction(actor: Actor, taskId: string, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'practitioner', 'reception'], {
        action: 'update',
        objectType: 'paper_destruction',
        objectId: taskId,
      });
      const done = await scope.tx
        .update(paperDestruction)
        .set({ confirmedAt: scope.now, confirmedBy: actor.kind === 'staff' ? actor.id : null })
        .where(and(eq(paperDestruction.id, taskId), isNull(paperDestruction.confirmedAt)))
        .returning({ id: paperDestruction.id, clientRef: paperDestruction.clientRef });
      if (done.length === 0) throw new NotFound();
      scope.record({
        action: 'delete',
        objectType: 'paper_file',
        objectId: taskId,
        clientId: done[0]?.clientRef ?? null,
        basis: 'role',
      });
    });
  }

  /** The record of processing activities (art. 30), generated from the clinic's settings and registers. */
  async processingRecord(actor: Actor, origin: string): Promise<ProcessingRecord> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'processing_record' });
      const [row] = await scope.tx.select().from(clinic).limit(1);
      if (!row) throw new NotFound();
      const processors = await activeOrAll(scope.tx, false);
      return processingRecord(row, processors, scope.now);
    });
  }
}

async function activeOrAll(tx: Tx, includeRemoved: boolean): Promise<ProcessorView[]> {
  const rows = await tx
    .select({
      id: processor.id,
      name: processor.name,
      purpose: processor.purpose,
      dataCategories: processor.dataCategories,
      location: processor.location,
      agreementDate: processor.agreementDate,
      agreementFileName: processor.agreementFileName,
      agreementSha256: processor.agreementSha256,
      createdAt: processor.createdAt,
      removedAt: processor.removedAt,
    })
    .from(processor)
    .where(includeRemoved ? undefined : isNull(processor.removedAt))
    .orderBy(asc(processor.name));
  return rows;
}

/** Creates the destruction tasks of clients whose digital dossier is destroyed now (same date). */
export async function schedulePaperDestruction(tx: Tx, clientIds: string[], now: Date): Promise<number> {
  if (clientIds.length === 0) return 0;
  const result = await tx.execute(sql`
    insert into paper_destruction (id, archive_code, kind, location, due_at, client_ref)
    select gen_random_uuid(), archive_code, kind, location, ${now.toISOString()}::timestamptz, client_id
    from paper_file where client_id = any(${sql.param(clientIds)}::uuid[])
    returning id`);
  return (result as unknown as { rows: unknown[] }).rows.length;
}

export type ProcessingRecord = {
  generatedAt: string;
  controller: { name: string; address: string | null; contact: string | null };
  activities: {
    purpose: string;
    legalBasis: string;
    dataSubjects: string;
    dataCategories: string;
    recipients: string;
    retention: string;
  }[];
  processors: { name: string; purpose: string; location: string; agreementDate: string }[];
  transfersOutsideEea: string;
  securityMeasures: string[];
};

function processingRecord(
  row: typeof clinic.$inferSelect,
  processors: ProcessorView[],
  now: Date,
): ProcessingRecord {
  const address = [row.street, row.houseNumber, row.postcode, row.city].filter(Boolean).join(' ') || null;
  const dossier = `${RETENTION.dossierYears} years after the last treatment or consult (${RETENTION.medicalActYears} years for a medical act under the WGBO); on request within 14 days`;
  const outside = processors.filter(
    (p) => !['EEA', 'NL', 'BE', 'DE', 'FR', 'IE', 'LU', 'AT'].includes(p.location),
  );
  return {
    generatedAt: now.toISOString(),
    controller: { name: row.name, address, contact: row.privacyEmail },
    activities: [
      {
        purpose:
          'Treating clients: intake, contra-indications, treatment reports, skin analyses, before/after photos',
        legalBasis:
          'Explicit consent (art. 9(2)(a)) given with the signed intake; agreement to treatment (art. 6(1)(b))',
        dataSubjects: 'Clients',
        dataCategories:
          'Identity and contact details, date of birth, health data from the intake, treatments, reports, analyses, photos',
        recipients: 'The treating staff member; third parties only on the client’s written request',
        retention: dossier,
      },
      {
        purpose: 'Appointments and online booking',
        legalBasis: 'Agreement (art. 6(1)(b))',
        dataSubjects: 'Clients and prospective clients',
        dataCategories: 'Identity and contact details, appointments',
        recipients: 'Staff',
        retention: dossier,
      },
      {
        purpose: 'Invoices and payments',
        legalBasis: 'Legal obligation (art. 6(1)(c)), Dutch tax law',
        dataSubjects: 'Clients',
        dataCategories: 'Name, address, products and treatments bought, amounts',
        recipients: 'Staff, the accountant',
        retention: '7 years',
      },
      {
        purpose: 'Before/after photos on the website or social media',
        legalBasis: 'Consent per photo set (art. 6(1)(a)), withdrawable',
        dataSubjects: 'Clients who agreed',
        dataCategories: 'Photos of the treated area',
        recipients: 'Visitors of the channels named in the consent',
        retention: 'Until the consent is withdrawn',
      },
      {
        purpose: 'Newsletter',
        legalBasis: 'Consent (art. 6(1)(a))',
        dataSubjects: 'Subscribers',
        dataCategories: 'Name, e-mail address',
        recipients: 'Staff; the e-mail processor if one is registered',
        retention: 'Until unsubscribed',
      },
      {
        purpose: 'Security and accountability: the audit trail, incident register',
        legalBasis: 'Legal obligation (art. 5(2), 32), NEN 7513',
        dataSubjects: 'Clients, staff, people reporting an incident',
        dataCategories: 'Who accessed which record when (ids only); incident reports',
        recipients: 'The owner; the supervisory authority when a breach must be notified',
        retention: 'As long as the clinic keeps its audit trail',
      },
    ],
    processors: processors.map((p) => ({
      name: p.name,
      purpose: p.purpose,
      location: p.location,
      agreementDate: p.agreementDate,
    })),
    transfersOutsideEea:
      outside.length === 0 ? 'None' : outside.map((p) => `${p.name} (${p.location})`).join(', '),
    securityMeasures: [
      'Staff sign in with a password and a second factor; sessions expire after 30 minutes idle',
      'A client’s data can be seen only by the staff member who treats them; every look is logged',
      'Medical data and photos encrypted at rest with a key per client (AES-256-GCM)',
      'Tamper-evident audit trail (hash chain with external anchors)',
      'Rate limits on sign-in and public forms',
    ],
  };
}
