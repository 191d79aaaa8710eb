import { useQuery } from '@tanstack/react-query';
import { apiGet } from './api';

export interface ClinicProfile {
  name: string | null;
  privacyEmail: string | null;
  timeZone: string;
  setUp: boolean;
}

export const DEFAULT_TIME_ZONE = 'Europe/Amsterdam';

export function useClinicProfile() {
  return useQuery({
    queryKey: ['public', 'clinic'],
    queryFn: ({ signal }) => apiGet<ClinicProfile>('/api/public/clinic', signal),
    staleTime: 5 * 60 * 1000,
    retry: false,
  });
}
