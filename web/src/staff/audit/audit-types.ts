import type { ApiResponse, Item } from '../../shared/api-types';

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

export const AUDIT_OUTCOMES = [
  'allowed',
  'refused',
  'failed',
] as const satisfies readonly AuditEntry['outcome'][];
export type AuditOutcome = AuditEntry['outcome'];

/** The entries as GET /api/audit answers them. */
export type AuditEntry = Item<ApiResponse<'/api/audit', 'get'>>;

export type UnusualAccess = Item<ApiResponse<'/api/audit/unusual', 'get'>>;
export type UnusualKind = UnusualAccess['kind'];

export type OpenBreakGlass = Item<ApiResponse<'/api/audit/break-glass', 'get'>>;
