/**
 * The audit vocabulary (NEN 7513): what happened, to what kind of object, on what basis. Entries
 * hold references only — ids, roles, kinds — never names, answers, notes or other content.
 */
export const auditActions = [
  'create',
  'read',
  'update',
  'delete',
  'search',
  'print',
  'export',
  'disclose',
  'refuse',
  'break_glass',
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'second_factor_enrolled',
  'second_factor_reset',
  'password_changed',
  'invite',
  'account_disabled',
  'role_changed',
  'revoke',
  'assign',
  'review',
  'verify',
  'sign',
  'merge',
] as const;
export type AuditAction = (typeof auditActions)[number];

/**
 * Why an actor was allowed (or on what basis they were refused). The care bases (decision 0015):
 * `relationship` an appointment's window (confirmed by staff) or a recent treatment; `public_link` an
 * appointment booked online for an existing client and confirmed through the link sent to the
 * dossier's address; `own_check_in` an appointment whose client the practitioner checked in
 * themselves; `follow_up` a treatment's or intake's follow-up period outside any appointment's window;
 * `assignment` the owner's; `break_glass` an emergency. `job` a named job's work.
 */
export type AccessBasis =
  | 'relationship'
  | 'public_link'
  | 'own_check_in'
  | 'follow_up'
  | 'assignment'
  | 'break_glass'
  | 'job'
  | 'role'
  | 'self'
  | 'system'
  | 'consent'
  | 'none';

export type AuditEntry = {
  at: Date;
  actorId: string | null;
  actorRole: string;
  action: AuditAction;
  objectType: string;
  objectId: string | null;
  clientId: string | null;
  basis: AccessBasis | null;
  /** Only the break-glass reason, written by the staff member; never dossier content. */
  reason: string | null;
  outcome: 'allowed' | 'refused' | 'failed';
  /** Where the request came from: channel and request id, never an IP address. */
  origin: string;
  /**
   * A result set (a search, a list, an agenda day: decision 0027): every client shown, each with the
   * basis the gate decided. The entry then names no single client (`clientId` null); its hash covers
   * the list (form 3).
   */
  clients?: ShownClient[];
};

export type ShownClient = { clientId: string; basis: AccessBasis | null };
