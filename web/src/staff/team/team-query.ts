import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../shared/api';
import type { StaffRole } from '../session/session-query';

export interface StaffMember {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  secondFactor: boolean;
  disabled: boolean;
}

export const TEAM_KEY = ['staff'] as const;

export function useTeam(enabled = true) {
  return useQuery({
    queryKey: TEAM_KEY,
    queryFn: ({ signal }) => apiGet<StaffMember[]>('/api/staff', signal),
    enabled,
  });
}

export interface PendingInvitation {
  id: string;
  name: string;
  email: string;
  role: 'practitioner' | 'reception';
  expiresAt: string;
  expired: boolean;
  createdAt: string;
}

export const INVITATIONS_KEY = ['staff', 'invitations'] as const;

export function useInvitations() {
  return useQuery({
    queryKey: INVITATIONS_KEY,
    queryFn: ({ signal }) => apiGet<PendingInvitation[]>('/api/staff/invitations', signal),
  });
}
