import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../shared/api';
import type { ApiResponse, Item } from '../../shared/api-types';

export type ResourceType = Item<ApiResponse<'/api/resource-types', 'get'>>;
export type Resource = Item<ApiResponse<'/api/resources', 'get'>>;
export type LocationChoice = Item<ApiResponse<'/api/public/locations', 'get'>>;

export const RESOURCE_TYPES_KEY = ['resources', 'types'] as const;
export const RESOURCES_KEY = ['resources', 'units'] as const;

/** Kinds of room and device (every staff member reads them). */
export function useResourceTypes() {
  return useQuery({
    queryKey: RESOURCE_TYPES_KEY,
    queryFn: ({ signal }) => apiGet<ResourceType[]>('/api/resource-types', signal),
  });
}

/** Every location's units, archived ones too. */
export function useResources() {
  return useQuery({
    queryKey: RESOURCES_KEY,
    queryFn: ({ signal }) => apiGet<Resource[]>('/api/resources', signal),
  });
}

/** The live locations (name and address), as the booking page lists them. */
export function useLiveLocations() {
  return useQuery({
    queryKey: ['locations', 'live'],
    queryFn: ({ signal }) => apiGet<LocationChoice[]>('/api/public/locations', signal),
    staleTime: 60_000,
  });
}
