export const AUDIT_ACTIONS = [
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
  'password_changed',
  'invite',
  'account_disabled',
  'assign',
  'review',
  'verify',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['allowed', 'refused', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorRole: string;
  action: string;
  objectType: string;
  objectId: string | null;
  clientId: string | null;
  basis: string | null;
  reason: string | null;
  outcome: AuditOutcome;
  origin: string;
}

export type UnusualKind =
  | 'break_glass'
  | 'refused'
  | 'assignment'
  | 'outside_window'
  | 'public_link'
  | 'own_check_in'
  | 'many_dossiers';

export interface UnusualAccess {
  kind: UnusualKind;
  at: string;
  actorId: string | null;
  actorRole: string;
  clientId: string | null;
  clientName: string | null;
  count: number;
  reason: string | null;
}

export interface OpenBreakGlass {
  id: string;
  staffId: string;
  clientId: string;
  reason: string;
  openedAt: string;
  expiresAt: string;
}
