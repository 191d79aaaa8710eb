import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { clinic } from '../../db/schema';
import { sha256Hex } from '../../platform/crypto';
import type { DocumentLanguage } from '../../platform/document-format';
import { Conflict, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import { type ClinicFeatures, clinicFeatures } from '../access/clinic-features';
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
  constructor(
    private readonly gate: AccessGate,
    /** VELLUM_BACKUP_KEEP_DAYS: the record says how long backups live. */
    private readonly backupDays = 30,
  ) {}

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
  async processingRecord(
    actor: Actor,
    origin: string,
    language: DocumentLanguage = 'nl',
  ): Promise<ProcessingRecord> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'processing_record' });
      const [row] = await scope.tx.select().from(clinic).limit(1);
      if (!row) throw new NotFound();
      const processors = await activeOrAll(scope.tx, false);
      const features = await clinicFeatures(scope.tx);
      return processingRecord(row, processors, scope.now, this.backupDays, language, features);
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
  language: DocumentLanguage;
  /** The clinic's time zone, in which the documents write times. */
  timeZone: string;
  controller: { name: string; address: string | null; contact: string | null };
  activities: {
    purpose: string;
    legalBasis: string;
    dataSubjects: string;
    dataCategories: string;
    recipients: string;
    retention: string;
  }[];
  /** `agreementDate` null: a processor that comes with a switched-on feature (Mollie with the webshop). */
  processors: { name: string; purpose: string; location: string; agreementDate: string | null }[];
  transfersOutsideEea: string;
  securityMeasures: string[];
};

type Activity = ProcessingRecord['activities'][number];
const EEA = ['EEA', 'NL', 'BE', 'DE', 'FR', 'IE', 'LU', 'AT'];

function processingRecord(
  row: typeof clinic.$inferSelect,
  registered: ProcessorView[],
  now: Date,
  backupDays: number,
  language: DocumentLanguage,
  features: ClinicFeatures,
): ProcessingRecord {
  const street = [row.street, row.houseNumber].filter(Boolean).join(' ');
  const place = [row.postcode, row.city].filter(Boolean).join(' ');
  const address = [street, place].filter((part) => part !== '').join(', ') || null;
  const t = RECORD_TEXT[language];
  const processors: ProcessingRecord['processors'] = [
    ...registered.map((p) => ({
      name: p.name,
      purpose: p.purpose,
      location: p.location,
      agreementDate: p.agreementDate,
    })),
    ...(features.webshop && !registered.some((p) => /mollie/i.test(p.name))
      ? [{ name: 'Mollie B.V.', purpose: t.molliePurpose, location: 'NL', agreementDate: null }]
      : []),
  ];
  const outside = processors.filter((p) => !EEA.includes(p.location));
  return {
    generatedAt: now.toISOString(),
    language,
    timeZone: row.timeZone,
    controller: { name: row.name, address, contact: row.privacyEmail },
    activities: [
      t.treating,
      t.appointments,
      t.invoices,
      ...(features.webshop ? [t.webshop] : []),
      t.marketingPhotos,
      ...(features.newsletter ? [t.newsletter] : []),
      ...(features.contactForm ? [t.contactForm] : []),
      t.accountability,
      t.backups(backupDays),
    ],
    processors,
    transfersOutsideEea:
      outside.length === 0 ? t.none : outside.map((p) => `${p.name} (${p.location})`).join(', '),
    securityMeasures: t.security(backupDays),
  };
}

const RECORD_TEXT = {
  nl: {
    none: 'Geen',
    molliePurpose: 'Online betalingen in de webshop',
    treating: {
      purpose:
        "Cliënten behandelen: intake, contra-indicaties, behandelverslagen, huidanalyses, voor- en nafoto's",
      legalBasis:
        'Uitdrukkelijke toestemming (art. 9 lid 2 sub a AVG), gegeven met de ondertekende intake; de behandelovereenkomst (art. 6 lid 1 sub b)',
      dataSubjects: 'Cliënten',
      dataCategories:
        "Identiteit en contactgegevens, geboortedatum, gezondheidsgegevens uit de intake, behandelingen, verslagen, analyses, foto's",
      recipients: 'De behandelend medewerker; derden alleen op schriftelijk verzoek van de cliënt',
      retention: `${RETENTION.dossierYears} jaar na de laatste behandeling of het laatste consult (${RETENTION.medicalActYears} jaar voor een medische handeling onder de WGBO); op verzoek binnen 14 dagen`,
    },
    appointments: {
      purpose: 'Afspraken en online boeken',
      legalBasis: 'Overeenkomst (art. 6 lid 1 sub b AVG)',
      dataSubjects: 'Cliënten en toekomstige cliënten',
      dataCategories: 'Identiteit en contactgegevens, afspraken',
      recipients: 'Medewerkers',
      retention: `${RETENTION.dossierYears} jaar na de laatste behandeling of het laatste consult; op verzoek binnen 14 dagen`,
    },
    invoices: {
      purpose: 'Facturen en betalingen',
      legalBasis: 'Wettelijke plicht (art. 6 lid 1 sub c AVG), de fiscale bewaarplicht',
      dataSubjects: 'Cliënten',
      dataCategories: 'Naam, adres, gekochte producten en behandelingen, bedragen',
      recipients: 'Medewerkers, de boekhouder',
      retention: '7 jaar',
    },
    webshop: {
      purpose: 'Bestellingen in de webshop',
      legalBasis: 'Overeenkomst (art. 6 lid 1 sub b AVG)',
      dataSubjects: 'Klanten van de webshop',
      dataCategories: 'Naam, adres, e-mailadres, bestelde producten, betaalstatus',
      recipients: 'Medewerkers; Mollie voor de betaling',
      retention: '7 jaar (fiscale bewaarplicht)',
    },
    marketingPhotos: {
      purpose: "Voor- en nafoto's op de website of sociale media",
      legalBasis: 'Toestemming per fotoserie (art. 6 lid 1 sub a AVG), altijd in te trekken',
      dataSubjects: 'Cliënten die toestemming gaven',
      dataCategories: "Foto's van het behandelde gebied",
      recipients: 'Bezoekers van de kanalen die in de toestemming staan',
      retention: 'Tot de toestemming wordt ingetrokken',
    },
    newsletter: {
      purpose: 'Nieuwsbrief',
      legalBasis: 'Toestemming (art. 6 lid 1 sub a AVG)',
      dataSubjects: 'Abonnees',
      dataCategories: 'Naam, e-mailadres',
      recipients: 'Medewerkers; de e-mailverwerker als die is geregistreerd',
      retention: 'Tot afmelding',
    },
    contactForm: {
      purpose: 'Vragen via het contactformulier beantwoorden',
      legalBasis: 'Toestemming (art. 6 lid 1 sub a AVG)',
      dataSubjects: 'Mensen die een vraag stellen',
      dataCategories: 'Naam, contactgegevens, het bericht',
      recipients: 'Medewerkers',
      retention: '12 maanden',
    },
    accountability: {
      purpose: 'Beveiliging en verantwoording: het logboek, het register van incidenten',
      legalBasis: 'Wettelijke plicht (art. 5 lid 2 en art. 32 AVG), NEN 7513',
      dataSubjects: 'Cliënten, medewerkers, melders van een incident',
      dataCategories: 'Wie welk dossier wanneer heeft ingezien (alleen nummers); meldingen van incidenten',
      recipients: 'De eigenaar; de Autoriteit Persoonsgegevens als een datalek gemeld moet worden',
      retention: 'Zolang de praktijk haar logboek bewaart',
    },
    backups: (days: number): Activity => ({
      purpose:
        "Back-ups: elke nacht een versleutelde kopie van alle gegevens en foto's, om na een storing te herstellen",
      legalBasis:
        'Beveiliging van de verwerking (art. 32 lid 1 sub c AVG): gegevens herstellen na een incident',
      dataSubjects: 'Iedereen van wie de praktijk gegevens bewaart',
      dataCategories:
        'Al het bovenstaande, versleuteld met een back-upsleutel die apart van de gegevens wordt bewaard',
      recipients: 'De eigenaar, alleen om te herstellen',
      retention: `${days} dagen, daarna verwijderd; een cliënt die intussen is gewist, verdwijnt uit de back-ups wanneer die verlopen, en een teruggezette back-up voert elke vernietiging opnieuw uit voordat hij wordt gebruikt`,
    }),
    security: (days: number) => [
      'Medewerkers loggen in met een wachtwoord en een tweede factor; een sessie verloopt na 30 minuten zonder gebruik',
      'Alleen de behandelend medewerker kan de gegevens van een cliënt zien; elke inzage wordt vastgelegd',
      "Medische gegevens en foto's versleuteld opgeslagen met een sleutel per cliënt (AES-256-GCM)",
      'Een logboek dat niet ongemerkt te wijzigen is (hashketen met externe ankers)',
      'Limieten op inloggen en openbare formulieren',
      `Elke nacht versleutelde back-ups (AES-256-GCM, een back-upsleutel apart van de hoofdsleutel), ${days} dagen bewaard`,
    ],
  },
  en: {
    none: 'None',
    molliePurpose: 'Online payments in the webshop',
    treating: {
      purpose:
        'Treating clients: intake, contra-indications, treatment reports, skin analyses, before/after photos',
      legalBasis:
        'Explicit consent (art. 9(2)(a)) given with the signed intake; agreement to treatment (art. 6(1)(b))',
      dataSubjects: 'Clients',
      dataCategories:
        'Identity and contact details, date of birth, health data from the intake, treatments, reports, analyses, photos',
      recipients: 'The treating staff member; third parties only on the client’s written request',
      retention: `${RETENTION.dossierYears} years after the last treatment or consult (${RETENTION.medicalActYears} years for a medical act under the WGBO); on request within 14 days`,
    },
    appointments: {
      purpose: 'Appointments and online booking',
      legalBasis: 'Agreement (art. 6(1)(b))',
      dataSubjects: 'Clients and prospective clients',
      dataCategories: 'Identity and contact details, appointments',
      recipients: 'Staff',
      retention: `${RETENTION.dossierYears} years after the last treatment or consult; on request within 14 days`,
    },
    invoices: {
      purpose: 'Invoices and payments',
      legalBasis: 'Legal obligation (art. 6(1)(c)), Dutch tax law',
      dataSubjects: 'Clients',
      dataCategories: 'Name, address, products and treatments bought, amounts',
      recipients: 'Staff, the accountant',
      retention: '7 years',
    },
    webshop: {
      purpose: 'Webshop orders',
      legalBasis: 'Agreement (art. 6(1)(b))',
      dataSubjects: 'Webshop customers',
      dataCategories: 'Name, address, e-mail address, products ordered, payment status',
      recipients: 'Staff; Mollie for the payment',
      retention: '7 years (Dutch tax law)',
    },
    marketingPhotos: {
      purpose: 'Before/after photos on the website or social media',
      legalBasis: 'Consent per photo set (art. 6(1)(a)), withdrawable',
      dataSubjects: 'Clients who agreed',
      dataCategories: 'Photos of the treated area',
      recipients: 'Visitors of the channels named in the consent',
      retention: 'Until the consent is withdrawn',
    },
    newsletter: {
      purpose: 'Newsletter',
      legalBasis: 'Consent (art. 6(1)(a))',
      dataSubjects: 'Subscribers',
      dataCategories: 'Name, e-mail address',
      recipients: 'Staff; the e-mail processor if one is registered',
      retention: 'Until unsubscribed',
    },
    contactForm: {
      purpose: 'Answering questions from the contact form',
      legalBasis: 'Consent (art. 6(1)(a))',
      dataSubjects: 'People asking a question',
      dataCategories: 'Name, contact details, the message',
      recipients: 'Staff',
      retention: '12 months',
    },
    accountability: {
      purpose: 'Security and accountability: the audit trail, incident register',
      legalBasis: 'Legal obligation (art. 5(2), 32), NEN 7513',
      dataSubjects: 'Clients, staff, people reporting an incident',
      dataCategories: 'Who accessed which record when (ids only); incident reports',
      recipients: 'The owner; the supervisory authority when a breach must be notified',
      retention: 'As long as the clinic keeps its audit trail',
    },
    backups: (days: number): Activity => ({
      purpose:
        'Backups: an encrypted copy of all data and photos, made every night, to restore after a fault',
      legalBasis: 'Security of processing (art. 32(1)(c)): restoring the data after an incident',
      dataSubjects: 'Everyone whose data the clinic keeps',
      dataCategories: 'All of the above, encrypted with a backup key kept apart from the data',
      recipients: 'The owner, only to restore',
      retention: `${days} days, then deleted; a client erased meanwhile leaves the backups when they expire, and a restored backup applies every erasure again before it is used`,
    }),
    security: (days: number) => [
      'Staff sign in with a password and a second factor; sessions expire after 30 minutes idle',
      'A client’s data can be seen only by the staff member who treats them; every look is logged',
      'Medical data and photos encrypted at rest with a key per client (AES-256-GCM)',
      'Tamper-evident audit trail (hash chain with external anchors)',
      'Rate limits on sign-in and public forms',
      `Encrypted backups every night (AES-256-GCM, a backup key apart from the master key), kept ${days} days`,
    ],
  },
} satisfies Record<DocumentLanguage, unknown>;
