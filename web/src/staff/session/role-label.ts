import type { StaffRole } from './session-query';

export const ROLE_LABEL = {
  owner: 'roles.owner',
  practitioner: 'roles.practitioner',
  reception: 'roles.reception',
} as const satisfies Record<StaffRole, string>;
