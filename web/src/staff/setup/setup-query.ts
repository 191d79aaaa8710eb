import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../shared/api';

export function useSetupNeeded() {
  return useQuery({
    queryKey: ['setup'],
    queryFn: ({ signal }) => apiGet<{ needed: boolean }>('/api/setup', signal),
    retry: false,
  });
}
