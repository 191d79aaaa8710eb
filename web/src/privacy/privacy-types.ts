import type { ApiResponse, ApiSchemas, Item } from '../shared/api-types';

// The privacy answers of the API, as its OpenAPI document describes them (decision 0024); dates
// are ISO strings.

export const CONSENT_SCOPES = [
  'health_data',
  'personal_data',
  'treatment_photos',
  'marketing_photos',
  'newsletter',
  'third_party',
] as const satisfies readonly ConsentRecord['scope'][];
export type ConsentScope = ConsentRecord['scope'];
export type ConsentDecision = ConsentRecord['decision'];
export type ConsentLanguage = ConsentRecord['language'];

export type PrivacyStatement = ApiSchemas['PrivacyStatement'];
export type StatementSection = Item<PrivacyStatement['texts']['nl']['sections']>;

export type ClientConsents = ApiResponse<'/api/clients/{clientId}/consents', 'get'>;
export type ConsentState = Item<ClientConsents['current']>;
export type ConsentRecord = ApiSchemas['ConsentRecord'];

export type MissingConsent = Item<ApiResponse<'/api/consents/missing', 'get'>>;

export type ErasureCertificate = ApiSchemas['ErasureCertificate'];
export type ErasureRequest = ApiSchemas['ErasureRequest'];

export type RetentionDue = Item<ApiResponse<'/api/retention/upcoming', 'get'>>;
export type RetentionRun = ApiSchemas['RetentionRun'];
export type ExportProgress = ApiSchemas['ExportProgress'];

export type Incident = ApiSchemas['Incident'];

export type Processor = ApiSchemas['Processor'];

export type ProcessingRecord = ApiResponse<'/api/processing-record', 'get'>;

export type PaperFile = ApiSchemas['PaperFile'];
export type PaperKind = PaperFile['kind'];
export const PAPER_KINDS = ['intake_form', 'dossier', 'other'] as const satisfies readonly PaperKind[];

export type PaperDestruction = Item<ApiResponse<'/api/paper-destruction', 'get'>>;

/** What the client privacy portal shows after opening the link from the e-mail. */
export type PortalOverview = ApiResponse<'/api/public/privacy-portal/overview', 'post'>;

/** The portal's access log, grouped by clinic day and by who did what; `older` asks for the next page. */
export type PortalAccessLog = ApiSchemas['PortalAccessLog'];

/** A correction request as the client sees it in the portal: a refusal's reason, never the clinic's note. */
export type OwnCorrection = Item<PortalOverview['corrections']>;
export type CorrectionFieldGroup = OwnCorrection['fieldGroup'];

/** GET /api/correction-requests (owner). */
export type CorrectionRequest = ApiSchemas['CorrectionRequest'];

/** GET /api/backups/last (owner). */
export type BackupStatus = ApiResponse<'/api/backups/last', 'get'>;
