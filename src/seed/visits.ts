/**
 * Replays one visit of a planned client as the app would have recorded it, writing the rows and the
 * audit entries its requests produce: the same fields sealed under the same labels as the services
 * (`treatment:<id>:report`, `photo:<id>:<size>`, …), the same care relationships, and per request the
 * entries the access gate records, in its order and on its basis. The services are the reference:
 * the seed test reads seeded dossiers back through them and verifies the chain.
 *
 * What one visit does: reception or the practitioner registers a new client and records their
 * consent to keep their personal data (at the desk); the visit has an appointment that reception
 * checks in and the practitioner completes (booked at the desk at the end of the visit before, or as
 * a walk-in a few minutes ahead of the first); the owner assigns a practitioner who has no care
 * relationship yet; the practitioner opens the dossier, has the intake signed the first time a form
 * is needed (which records the consent for health data), records the treatment (or a first
 * consult), and sometimes a skin analysis, before/after photos, a product for home use, or later an
 * e-mail. A visit whose time the practitioner's agenda already holds (the seeded visits are denser
 * than one agenda can hold) happens without an appointment, as a walk-in would.
 *
 * Ahead of today, reception books the planned agenda (schedule.ts) for clients already registered.
 */

import type { ClientCipher, ClientKeys } from '../modules/access/client-keys';
import type { AccessBasis, AuditEntry } from '../modules/audit/events';
import { signedColumns } from '../modules/intake/intake-form';
import type { TemplateVersion } from '../modules/intake/intake-templates.service';
import type { ProcessedPhoto } from '../modules/photos/image';
import type { StatementVersion } from '../modules/privacy/privacy-statement.service';
import type { ConsentEvidence } from '../modules/privacy/statement';
import { consentTextHash } from '../modules/privacy/statement';
import type { BulkWriter } from './bulk-writer';
import type { SeededTreatmentType } from './catalogue';
import { newClientKey } from './client-cipher';
import type { SeededClinic, SeededStaff } from './clinic-setup';
import {
  clientEmail,
  consultReport,
  homeProductAdvice,
  intakeAnswers,
  skinFindings,
  treatmentReport,
} from './dossier-content';
import type { PlannedClient } from './plan';
import { chance, DAY, MINUTE, type Random, requestOrigin, seededId } from './random';
import type { PlannedAppointment } from './schedule';

export type VisitMaterials = {
  clinic: SeededClinic;
  keys: ClientKeys;
  templates: Map<string, TemplateVersion>;
  photos: ProcessedPhoto[];
  signatures: string[];
  /** Photos for ordinary clients too (the showcase client always has them). */
  withPhotos: boolean;
  /** Nothing is recorded at or after this instant (the seed's "today"). */
  until: number;
  /** The published privacy statement whose wording the consents record. */
  statement: StatementVersion;
};

type CareBasis = 'assignment' | 'intake' | 'treatment' | 'appointment';
type NextVisit = { type: SeededTreatmentType; practitioner: SeededStaff; appointmentId: string | null };
type AppointmentStatus = 'booked' | 'completed';
type Note = Pick<AuditEntry, 'action' | 'objectType' | 'objectId' | 'basis'>;

/** Audit entries waiting to be chained in time order (an e-mail may be recorded days after its visit). */
export class AuditTimeline {
  private pending: AuditEntry[] = [];

  push(entry: AuditEntry): void {
    this.pending.push(entry);
  }

  /** The entries before `time`, oldest first (stable: one request's entries keep their order). */
  releaseBefore(time: number): AuditEntry[] {
    const due = this.pending.filter((entry) => entry.at.getTime() < time);
    this.pending = this.pending.filter((entry) => entry.at.getTime() >= time);
    return due.sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  releaseAll(): AuditEntry[] {
    return this.releaseBefore(Number.POSITIVE_INFINITY);
  }
}

export class VisitRecorder {
  private readonly ciphers = new Map<string, ClientCipher>();
  private readonly care = new Map<string, Set<CareBasis>>();
  private readonly signedForms = new Map<string, Set<string>>();
  /** The next visit as booked at the end of the one before: its treatment, practitioner, appointment. */
  private readonly nextVisits = new Map<string, NextVisit>();
  /** Each practitioner's appointments per day, so none overlap (the agenda's exclusion constraint). */
  private readonly agenda = new Map<string, [number, number][]>();
  /** Clients in the order they were registered (replay order is time order). */
  private readonly registered: { client: PlannedClient; at: number }[] = [];
  readonly appointments = { pastBooked: 0, walkIns: 0 };

  constructor(
    private readonly random: Random,
    private readonly materials: VisitMaterials,
    private readonly writer: BulkWriter,
    private readonly timeline: AuditTimeline,
  ) {}

  async visit(client: PlannedClient, index: number): Promise<void> {
    const start = client.visits[index] as number;
    const planned = this.nextVisits.get(client.id);
    this.nextVisits.delete(client.id);
    const type = planned?.type ?? this.treatmentTypeFor(client, index);
    const practitioner = planned?.practitioner ?? this.practitionerFor(client, type);
    if (index === 0) await this.register(client, practitioner, start - 10 * MINUTE);
    const appointmentId = planned
      ? planned.appointmentId
      : this.book(client, practitioner, type, start, start - 8 * MINUTE, 'completed');
    if (appointmentId) this.checkIn(client, appointmentId, start - 2 * MINUTE);
    else this.appointments.walkIns += 1;
    this.ensureCare(client, practitioner, start - 5 * MINUTE);
    this.openDossier(client, practitioner, start);
    const consult = index === 0 && !client.showcase && chance(this.random, 0.25);
    const recordedAt = start + (consult ? 30 : type.minutes - 5) * MINUTE;
    if (!consult && !this.signedForms.get(client.id)?.has(type.templateKey)) {
      this.signIntake(client, practitioner, type, start + 5 * MINUTE);
    }
    const treatmentId = this.recordTreatment(client, practitioner, consult ? null : type, recordedAt);
    if (chance(this.random, index === 0 ? 0.6 : 0.2)) {
      this.recordSkinAnalysis(client, practitioner, treatmentId, recordedAt + 2 * MINUTE);
    }
    const photos = client.showcase || (this.materials.withPhotos && type.photosExpected && !consult);
    if (photos && (client.showcase || chance(this.random, 0.35))) {
      this.recordPhotos(client, practitioner, type, treatmentId, recordedAt + 3 * MINUTE);
    }
    if (chance(this.random, 0.25)) this.recordHomeProduct(client, practitioner, recordedAt + 10 * MINUTE);
    if (client.person.email && chance(this.random, 0.08)) {
      const at = start + this.random.number.int({ min: 2 * DAY, max: 6 * DAY });
      if (at < this.materials.until) this.recordEmail(client, practitioner, at);
    }
    const end = start + type.minutes * MINUTE;
    if (appointmentId) this.complete(client, practitioner, appointmentId, end);
    if (index + 1 < client.visits.length) this.bookNextVisit(client, index + 1, end + 2 * MINUTE);
  }

  /** Reception books a planned appointment ahead of today, for a client registered before `at`. */
  bookAhead(planned: PlannedAppointment, at: number): void {
    let low = 0;
    let high = this.registered.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.registered[middle]?.at ?? 0) < at) low = middle + 1;
      else high = middle;
    }
    if (low === 0) return;
    const { client } = this.registered[this.random.number.int(low - 1)] as { client: PlannedClient };
    const practitioner = this.materials.clinic.practitioners[planned.practitioner] as SeededStaff;
    this.book(client, practitioner, planned.type, planned.start, at, 'booked');
  }

  /** At the end of a visit reception books the next one (Booking.bookByStaff), if the agenda has room. */
  private bookNextVisit(client: PlannedClient, index: number, at: number): void {
    const type = this.treatmentTypeFor(client, index);
    const practitioner = this.practitionerFor(client, type);
    const start = client.visits[index] as number;
    // Every planned visit happens before the seed's "today": written as it ended, completed.
    const appointmentId = this.book(client, practitioner, type, start, at, 'completed');
    this.nextVisits.set(client.id, { type, practitioner, appointmentId });
  }

  /**
   * Booking.bookByStaff by a receptionist: the gate's entry for the client, the appointment, the care
   * relationship the appointment gives its practitioner. Past appointments are written with the
   * status they ended in (completed); their check-in and completion are recorded as they happened.
   */
  private book(
    client: PlannedClient,
    practitioner: SeededStaff,
    type: SeededTreatmentType,
    start: number,
    at: number,
    status: AppointmentStatus,
  ): string | null {
    const end = start + type.minutes * MINUTE;
    if (!this.reserve(practitioner.id, start, end)) return null;
    const id = seededId(this.random, at);
    const desk = this.random.helpers.arrayElement(this.materials.clinic.receptionists);
    const origin = requestOrigin(this.random);
    this.record(desk, client, at, origin, {
      action: 'create',
      objectType: 'appointment',
      objectId: client.id,
      basis: 'role',
    });
    this.writer.add('appointment', {
      id,
      clientId: client.id,
      practitionerId: practitioner.id,
      treatmentTypeId: type.id,
      startsAt: new Date(start),
      endsAt: new Date(end),
      blockedUntil: new Date(end),
      status,
      source: 'staff',
      createdAt: new Date(at),
      createdBy: desk.id,
    });
    this.relate(client, practitioner, 'appointment', at, null);
    this.record(desk, client, at, origin, {
      action: 'create',
      objectType: 'appointment',
      objectId: id,
      basis: null,
    });
    if (status === 'completed') this.appointments.pastBooked += 1;
    return id;
  }

  /** AppointmentBoard.setStatus(checked_in) at the desk: the gate's entry, then the change. */
  private checkIn(client: PlannedClient, appointmentId: string, at: number): void {
    const desk = this.random.helpers.arrayElement(this.materials.clinic.receptionists);
    this.statusChange(desk, client, appointmentId, at, 'role');
  }

  /** AppointmentBoard.setStatus(completed) by the practitioner at the end of the treatment. */
  private complete(client: PlannedClient, practitioner: SeededStaff, appointmentId: string, at: number) {
    this.statusChange(practitioner, client, appointmentId, at, this.basis(client, practitioner));
  }

  private statusChange(
    actor: SeededStaff,
    client: PlannedClient,
    id: string,
    at: number,
    basis: AccessBasis,
  ) {
    const origin = requestOrigin(this.random);
    const note = { action: 'update', objectType: 'appointment', objectId: id } as const;
    this.record(actor, client, at, origin, { ...note, basis });
    this.record(actor, client, at, origin, { ...note, basis: null });
  }

  /** Takes [start, end) in the practitioner's agenda unless an appointment already overlaps it. */
  private reserve(practitionerId: string, start: number, end: number): boolean {
    const key = `${practitionerId}:${Math.floor(start / DAY)}`;
    const day = this.agenda.get(key) ?? [];
    if (day.some(([from, until]) => from < end && start < until)) return false;
    day.push([start, end]);
    this.agenda.set(key, day);
    return true;
  }

  /**
   * ConsentLedger.append: the wording of the published statement in the client's language, its
   * hash, the evidence (references only) and the entry; `gateBasis` when it is a request of its own
   * (recordByStaff asks the gate first), absent inside another action (signing an intake).
   */
  private recordConsent(
    client: PlannedClient,
    by: SeededStaff,
    at: number,
    origin: string,
    consent: {
      scope: 'health_data' | 'personal_data';
      channel: 'intake' | 'desk';
      evidence: ConsentEvidence;
    },
    gateBasis?: AccessBasis,
  ): void {
    const { statement } = this.materials;
    const language = client.person.preferredLanguage;
    const wording = statement.consentTexts[consent.scope]?.[language];
    if (!wording) throw new Error(`the privacy statement words no ${consent.scope} consent`);
    if (gateBasis) {
      this.record(by, client, at, origin, {
        action: 'create',
        objectType: 'consent',
        objectId: client.id,
        basis: gateBasis,
      });
    }
    const id = seededId(this.random, at);
    this.writer.add('consentRecord', {
      id,
      clientId: client.id,
      scope: consent.scope,
      subject: '',
      decision: 'granted',
      statementVersionId: statement.id,
      language,
      textHash: consentTextHash(wording),
      channel: consent.channel,
      evidence: consent.evidence,
      recordedBy: by.id,
      recordedAt: new Date(at),
    });
    this.record(by, client, at, origin, {
      action: 'create',
      objectType: 'consent',
      objectId: id,
      basis: null,
    });
  }

  private treatmentTypeFor(client: PlannedClient, index: number): SeededTreatmentType {
    const types = this.materials.clinic.catalogue.treatmentTypes;
    const usual = types[client.treatmentType] as SeededTreatmentType;
    if (client.showcase || index === 0 || chance(this.random, 0.75)) return usual;
    return this.random.helpers.arrayElement(types);
  }

  /** Usually their own practitioner; otherwise a colleague who performs the treatment. */
  private practitionerFor(client: PlannedClient, type: SeededTreatmentType): SeededStaff {
    const team = this.materials.clinic.practitioners;
    const own = client.practitioner;
    if (client.showcase || (type.practitioners.includes(own) && chance(this.random, 0.85))) {
      return team[own] as SeededStaff;
    }
    return team[this.random.helpers.arrayElement(type.practitioners)] as SeededStaff;
  }

  /** ClientDirectory.create, by the practitioner (who then has an assignment) or by reception. */
  private async register(client: PlannedClient, practitioner: SeededStaff, at: number): Promise<void> {
    const now = new Date(at);
    const { row, cipher } = await newClientKey(this.materials.keys, client.id, now);
    this.ciphers.set(client.id, cipher);
    this.writer.add('client', { id: client.id, ...client.person, createdAt: now, updatedAt: now });
    this.writer.add('clientKey', row);
    const registrar =
      client.registeredBy === 'practitioner'
        ? practitioner
        : this.random.helpers.arrayElement(this.materials.clinic.receptionists);
    const origin = requestOrigin(this.random);
    const note = { action: 'create', objectType: 'client', objectId: client.id, basis: 'role' } as const;
    this.record(registrar, client, at, origin, note);
    if (registrar === practitioner) this.relate(client, practitioner, 'assignment', at, practitioner);
    this.registered.push({ client, at });
    // ConsentLedger.recordByStaff at the desk: consent to keep name, contact details and appointments.
    this.recordConsent(
      client,
      registrar,
      at + MINUTE,
      requestOrigin(this.random),
      {
        scope: 'personal_data',
        channel: 'desk',
        evidence: { kind: 'staff', staffId: registrar.id, note: null },
      },
      registrar === practitioner ? this.basis(client, practitioner) : 'role',
    );
  }

  /** Without a care relationship the gate refuses; the owner assigns (ClientDirectory.assign). */
  private ensureCare(client: PlannedClient, practitioner: SeededStaff, at: number): void {
    if (this.care.has(careKey(client, practitioner))) return;
    const owner = this.materials.clinic.owner;
    this.record(owner, client, at, requestOrigin(this.random), {
      action: 'assign',
      objectType: 'care_relationship',
      objectId: practitioner.id,
      basis: 'role',
    });
    this.relate(client, practitioner, 'assignment', at, owner);
  }

  /** DossierService.open: one entry for the dossier. */
  private openDossier(client: PlannedClient, practitioner: SeededStaff, at: number): void {
    this.record(practitioner, client, at, requestOrigin(this.random), {
      action: 'read',
      objectType: 'dossier',
      objectId: client.id,
      basis: this.basis(client, practitioner),
    });
  }

  /** IntakeForms.sign at the clinic: the app's own signedColumns seals and hashes it. */
  private signIntake(
    client: PlannedClient,
    practitioner: SeededStaff,
    type: SeededTreatmentType,
    at: number,
  ): void {
    const version = this.materials.templates.get(type.templateKey);
    if (!version) throw new Error(`no intake template ${type.templateKey}`);
    const now = new Date(at);
    const base = {
      id: seededId(this.random, at),
      clientId: client.id,
      treatmentTypeId: type.id,
      templateVersionId: version.id,
      treatmentName: type.name,
      priceCents: type.priceCents,
    };
    const origin = requestOrigin(this.random);
    this.record(practitioner, client, at, origin, {
      action: 'sign',
      objectType: 'intake',
      objectId: base.id,
      basis: this.basis(client, practitioner),
    });
    const input = {
      answers: intakeAnswers(this.random, version),
      signature: this.random.helpers.arrayElement(this.materials.signatures),
    };
    this.writer.add('intake', {
      ...base,
      ...signedColumns(this.cipher(client), base, version, input, now),
      supersedesId: null,
      version: 1,
      channel: 'clinic',
      language: client.person.preferredLanguage,
      createdBy: practitioner.id,
      createdAt: now,
    });
    // Signing also records the consent for health data the form showed (IntakeForms.sign).
    this.recordConsent(client, practitioner, at, origin, {
      scope: 'health_data',
      channel: 'intake',
      evidence: { kind: 'signature', intakeId: base.id },
    });
    this.relate(client, practitioner, 'intake', at, practitioner);
    const signed = this.signedForms.get(client.id) ?? new Set();
    this.signedForms.set(client.id, signed.add(type.templateKey));
  }

  /**
   * DossierService.recordTreatment: the entry for the treatment, then (for a treatment type) the
   * contra-indication check reads the intakes, which the gate records too.
   */
  private recordTreatment(
    client: PlannedClient,
    practitioner: SeededStaff,
    type: SeededTreatmentType | null,
    at: number,
  ): string {
    const id = seededId(this.random, at);
    const basis = this.basis(client, practitioner);
    const origin = requestOrigin(this.random);
    this.record(practitioner, client, at, origin, {
      action: 'create',
      objectType: 'treatment',
      objectId: id,
      basis,
    });
    if (type) {
      this.record(practitioner, client, at, origin, {
        action: 'read',
        objectType: 'intake',
        objectId: client.id,
        basis,
      });
    }
    const report = type ? treatmentReport(this.random, type, at) : consultReport(this.random);
    this.writer.add('treatment', {
      id,
      clientId: client.id,
      practitionerId: practitioner.id,
      treatmentTypeId: type?.id ?? null,
      kind: type ? 'treatment' : 'consult',
      performedAt: new Date(at),
      report: this.cipher(client).seal(`treatment:${id}:report`, report),
      warningsConfirmed: null,
      createdAt: new Date(at),
    });
    this.relate(client, practitioner, 'treatment', at, practitioner);
    return id;
  }

  private recordSkinAnalysis(
    client: PlannedClient,
    practitioner: SeededStaff,
    treatmentId: string,
    at: number,
  ) {
    const id = seededId(this.random, at);
    this.record(practitioner, client, at, requestOrigin(this.random), {
      action: 'create',
      objectType: 'skin_analysis',
      objectId: id,
      basis: this.basis(client, practitioner),
    });
    this.writer.add('skinAnalysis', {
      id,
      clientId: client.id,
      treatmentId: chance(this.random, 0.6) ? treatmentId : null,
      analysedBy: practitioner.id,
      analysedAt: new Date(at),
      findings: this.cipher(client).seal(`skin_analysis:${id}:findings`, skinFindings(this.random)),
      createdAt: new Date(at),
    });
  }

  /**
   * PhotoAlbum.createSet, then one upload request with a before and an after photo: the route asks
   * the gate first (requireUpload), then addPhotos records the set and every photo.
   */
  private recordPhotos(
    client: PlannedClient,
    practitioner: SeededStaff,
    type: SeededTreatmentType,
    treatmentId: string,
    at: number,
  ): void {
    const setId = seededId(this.random, at);
    const cipher = this.cipher(client);
    const basis = this.basis(client, practitioner);
    const onSet = { action: 'create', objectType: 'photo_set', objectId: setId, basis } as const;
    this.record(practitioner, client, at, requestOrigin(this.random), onSet);
    this.writer.add('photoSet', {
      id: setId,
      clientId: client.id,
      treatmentId,
      bodyArea: cipher.seal(`photo_set:${setId}:body_area`, this.random.helpers.arrayElement(type.bodyAreas)),
      createdBy: practitioner.id,
      createdAt: new Date(at),
    });
    const uploadAt = at + MINUTE;
    const upload = requestOrigin(this.random);
    this.record(practitioner, client, uploadAt, upload, onSet);
    this.record(practitioner, client, uploadAt + 1_000, upload, onSet);
    for (const moment of ['before', 'after'] as const) {
      const id = seededId(this.random, uploadAt);
      const image = this.random.helpers.arrayElement(this.materials.photos);
      for (const size of ['display', 'thumb'] as const) {
        this.writer.blob(`${id}.${size}`, cipher.sealBytes(`photo:${id}:${size}`, image[size]));
      }
      this.writer.add('photo', {
        id,
        setId,
        clientId: client.id,
        moment,
        width: image.width,
        height: image.height,
        bytes: image.display.length,
        takenAt: new Date(uploadAt + 1_000),
        uploadedBy: practitioner.id,
        createdAt: new Date(uploadAt + 1_000),
      });
      this.record(practitioner, client, uploadAt + 1_000, upload, {
        action: 'create',
        objectType: 'photo',
        objectId: id,
        basis: null,
      });
    }
  }

  private recordHomeProduct(client: PlannedClient, practitioner: SeededStaff, at: number): void {
    const id = seededId(this.random, at);
    const product = this.random.helpers.arrayElement(this.materials.clinic.catalogue.homeProducts);
    this.record(practitioner, client, at, requestOrigin(this.random), {
      action: 'create',
      objectType: 'home_product',
      objectId: id,
      basis: this.basis(client, practitioner),
    });
    this.writer.add('homeProduct', {
      id,
      clientId: client.id,
      productId: product.id,
      quantity: chance(this.random, 0.85) ? 1 : 2,
      advice: homeProductAdvice(this.random) ?? null,
      boughtAt: new Date(at),
      recordedBy: practitioner.id,
      createdAt: new Date(at),
    });
  }

  /** DossierService.recordEmail: the practitioner keeps the client's e-mail in the dossier. */
  private recordEmail(client: PlannedClient, practitioner: SeededStaff, at: number): void {
    const id = seededId(this.random, at);
    const content = clientEmail(this.random, client.person.email as string, client.person.firstName);
    this.record(practitioner, client, at, requestOrigin(this.random), {
      action: 'create',
      objectType: 'dossier_email',
      objectId: id,
      basis: this.basis(client, practitioner),
    });
    this.writer.add('dossierEmail', {
      id,
      clientId: client.id,
      receivedAt: new Date(at - 3 * 60 * MINUTE),
      content: this.cipher(client).seal(`dossier_email:${id}:content`, content),
      recordedBy: practitioner.id,
      createdAt: new Date(at),
    });
  }

  /** The entry the gate writes for one decision, as Scope.entry builds it. */
  private record(actor: SeededStaff, client: PlannedClient, at: number, origin: string, note: Note): void {
    this.timeline.push({
      at: new Date(at),
      actorId: actor.id,
      actorRole: actor.role,
      action: note.action,
      objectType: note.objectType,
      objectId: note.objectId,
      clientId: client.id,
      basis: note.basis,
      reason: null,
      outcome: 'allowed',
      origin,
    });
  }

  /** The relationship rows as the services insert them (`on conflict do nothing`); a booking names no one. */
  private relate(
    client: PlannedClient,
    staff: SeededStaff,
    basis: CareBasis,
    at: number,
    by: SeededStaff | null,
  ) {
    const bases = this.care.get(careKey(client, staff)) ?? new Set<CareBasis>();
    if (bases.has(basis)) return;
    this.care.set(careKey(client, staff), bases.add(basis));
    this.writer.add('careRelationship', {
      clientId: client.id,
      staffId: staff.id,
      basis,
      since: new Date(at),
      createdBy: by?.id ?? null,
    });
  }

  /** careBases: any relationship from treating wins over an assignment. */
  private basis(client: PlannedClient, staff: SeededStaff): AccessBasis {
    const bases = this.care.get(careKey(client, staff));
    if (!bases) throw new Error(`the seed let ${staff.email} act without a care relationship`);
    return [...bases].some((basis) => basis !== 'assignment') ? 'relationship' : 'assignment';
  }

  private cipher(client: PlannedClient): ClientCipher {
    const cipher = this.ciphers.get(client.id);
    if (!cipher) throw new Error(`client ${client.id} was not registered before its visit`);
    return cipher;
  }
}

function careKey(client: PlannedClient, staff: SeededStaff): string {
  return `${staff.id}:${client.id}`;
}
