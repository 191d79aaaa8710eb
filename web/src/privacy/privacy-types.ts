// Shapes of the privacy answers of the API (see /api/openapi.json); dates are ISO strings.

export const CONSENT_SCOPES = [
  'health_data',
  'personal_data',
  'treatment_photos',
  'marketing_photos',
  'newsletter',
  'third_party',
] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];
export type ConsentDecision = 'granted' | 'withdrawn';
export type ConsentLanguage = 'nl' | 'en';

export interface StatementSection {
  heading: string;
  paragraphs: string[];
  bullets?: string[];
}

export interface PrivacyStatement {
  version: number;
  hash: string;
  publishedAt: string;
  texts: Record<ConsentLanguage, { title: string; sections: StatementSection[] }>;
  /** Older versions may lack a scope that was added later. */
  consentTexts: Partial<Record<ConsentScope, Record<ConsentLanguage, string>>>;
}

export interface ConsentState {
  scope: ConsentScope;
  subject: string;
  decision: ConsentDecision;
  since: string;
  channel: string;
  statementVersion: number;
}

export interface ConsentRecord {
  id: string;
  scope: ConsentScope;
  subject: string;
  decision: ConsentDecision;
  statementVersion: number;
  language: ConsentLanguage;
  textHash: string;
  channel: string;
  evidence: Record<string, unknown>;
  recordedByName: string | null;
  recordedAt: string;
}

export interface ClientConsents {
  current: ConsentState[];
  history: ConsentRecord[];
}

export interface MissingConsent {
  id: string;
  firstName: string;
  lastName: string;
  withdrawn: boolean;
}

export interface ErasureCertificate {
  requestId: string;
  clientId: string;
  receivedAt: string;
  deadlineAt: string;
  executedAt: string;
  destroyed: Record<string, number>;
  keyDestroyed: boolean;
  kept: { what: string; count: number; why: string; until: string }[];
}

export interface ErasureRequest {
  id: string;
  clientId: string;
  clientName: string | null;
  channel: 'staff' | 'portal';
  receivedAt: string;
  deadlineAt: string;
  executedAt: string | null;
  certificate: ErasureCertificate | null;
}

export interface RetentionDue {
  clientId: string;
  firstName: string;
  lastName: string;
  dueAt: string;
  basis: 'last_visit' | 'registration' | 'medical_act';
}

export interface Incident {
  id: string;
  /** Short and readable: INC-2026-0007. */
  reference: string;
  source: 'public_form' | 'staff';
  reportedAt: string;
  notifyDeadlineAt: string;
  report: { description: string; contact: string | null };
  assessment: string | null;
  personalDataBreach: boolean | null;
  notifyAuthority: boolean | null;
  authorityNotifiedAt: string | null;
  notifyClients: boolean | null;
  clientsNotifiedAt: string | null;
  assessedAt: string | null;
  closedAt: string | null;
  overdue: boolean;
}

export interface Processor {
  id: string;
  name: string;
  purpose: string;
  dataCategories: string;
  location: string;
  agreementDate: string;
  agreementFileName: string | null;
  agreementSha256: string | null;
  createdAt: string;
  removedAt: string | null;
}

export interface ProcessingRecord {
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
  /** `agreementDate` null: comes with a switched-on feature (Mollie with the webshop). */
  processors: { name: string; purpose: string; location: string; agreementDate: string | null }[];
  transfersOutsideEea: string;
  securityMeasures: string[];
}

export const PAPER_KINDS = ['intake_form', 'dossier', 'other'] as const;
export type PaperKind = (typeof PAPER_KINDS)[number];

export interface PaperFile {
  id: string;
  archiveCode: string;
  kind: PaperKind;
  location: string;
  registeredAt: string;
}

export interface PaperDestruction {
  id: string;
  archiveCode: string;
  kind: string;
  location: string;
  dueAt: string;
  confirmedAt: string | null;
}

/** What the client privacy portal shows after opening the link from the e-mail. */
export interface PortalOverview {
  client: {
    firstName: string;
    lastName: string;
    email: string | null;
    phone: string | null;
    birthDate: string | null;
    street: string | null;
    houseNumber: string | null;
    postcode: string | null;
    city: string | null;
  };
  held: {
    treatments: number;
    analyses: number;
    intakes: number;
    photos: number;
    emails: number;
    homeProducts: number;
  };
  consents: {
    current: ConsentState[];
    history: Pick<
      ConsentRecord,
      'scope' | 'subject' | 'decision' | 'channel' | 'statementVersion' | 'recordedAt'
    >[];
  };
  access: { at: string; role: string; action: string }[];
  accessLog: PortalAccessLog;
  erasureRequest: { deadlineAt: string } | null;
  corrections: OwnCorrection[];
}

/** The portal's access log, grouped by clinic day and by who did what; `older` asks for the next page. */
export interface PortalAccessLog {
  days: {
    date: string;
    groups: { role: string; action: string; objectType: string | null; count: number; lastAt: string }[];
  }[];
  older: string | null;
}

export type CorrectionFieldGroup = 'contact' | 'intake' | 'treatment_report' | 'other';

/** A correction request as the client sees it in the portal: a refusal's reason, never the clinic's note. */
export interface OwnCorrection {
  id: string;
  fieldGroup: CorrectionFieldGroup;
  wrong: string;
  shouldBe: string;
  receivedAt: string;
  deadlineAt: string;
  outcome: 'corrected' | 'refused' | null;
  reason: string | null;
  handledAt: string | null;
}

/** GET /api/correction-requests (owner). */
export interface CorrectionRequest {
  id: string;
  clientId: string;
  clientName: string | null;
  fieldGroup: CorrectionFieldGroup;
  wrong: string;
  shouldBe: string;
  receivedAt: string;
  deadlineAt: string;
  outcome: 'corrected' | 'refused' | null;
  note: string | null;
  handledAt: string | null;
}

/** GET /api/backups/last (owner). */
export interface BackupStatus {
  at: string | null;
  result: 'ok' | 'failed' | 'none';
  bytes: number | null;
  seconds: number | null;
  error: string | null;
  lastGoodAt: string | null;
  stale: boolean;
  keepDays: number;
  /** A backup being made now (by any instance: the night's job or the button). */
  running: { step: 'tables' | 'photos' | 'check'; done: number; total: number; startedAt: string } | null;
}
