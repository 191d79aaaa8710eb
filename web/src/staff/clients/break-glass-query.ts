import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../shared/api';

export interface OpenBreakGlass {
  clientId: string;
  expiresAt: string;
}

export const ACTIVE_BREAK_GLASS_KEY = ['break-glass', 'active'] as const;

/** Your own break-glass accesses still running; checked each minute so the banner goes when they end. */
export function useActiveBreakGlass(enabled: boolean) {
  return useQuery({
    queryKey: ACTIVE_BREAK_GLASS_KEY,
    queryFn: ({ signal }) => apiGet<OpenBreakGlass[]>('/api/break-glass/active', signal),
    enabled,
    refetchInterval: 60_000,
  });
}
