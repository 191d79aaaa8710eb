import { useQuery } from '@tanstack/react-query';
import { apiGet, type HealthResponse } from './api';

export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: ({ signal }) => apiGet<HealthResponse>('/api/health', signal),
    staleTime: 5 * 60 * 1000,
    retry: false,
  });
}
