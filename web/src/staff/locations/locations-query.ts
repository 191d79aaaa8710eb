import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../shared/api';
import type { ApiResponse, Item } from '../../shared/api-types';

export type Location = Item<ApiResponse<'/api/locations', 'get'>>;

export const LOCATIONS_KEY = ['locations'] as const;

/** The live locations (every staff member may read them); with `archived`, the archived ones too. */
export function useLocations(archived = false) {
  return useQuery({
    queryKey: [...LOCATIONS_KEY, archived ? 'all' : 'live'],
    queryFn: ({ signal }) => apiGet<Location[]>(`/api/locations${archived ? '?archived=true' : ''}`, signal),
  });
}
