import { useQuery } from '@tanstack/react-query';
import { apiGet, apiGetFile } from '../shared/api';
import type { ApiResponse, Item } from '../shared/api-types';
import { saveBlob } from './download';

// Marketing photos (P8.3) and disclosures to third parties (P8.2): the API's answers, as its
// OpenAPI document describes them (decision 0024), and the queries the client page uses.

export const MARKETING_CHANNELS = ['website', 'social_media'] as const satisfies readonly MarketingChannel[];
export type MarketingChannel = Takedown['channel'];
export const MARKETING_REASONS = [
  'reduced_price',
  'model',
  'other',
] as const satisfies readonly MarketingReason[];
export type MarketingReason = UsableMarketingSet['reason'];

/** A photo set as GET /clients/:id/photo-sets answers it. */
export type ClientPhotoSet = Item<ApiResponse<'/api/clients/{clientId}/photo-sets', 'get'>>;

/** A set the owner may use for marketing now. */
export type UsableMarketingSet = Item<ApiResponse<'/api/marketing/photo-sets', 'get'>>;

/** A publication whose consent no longer holds: to be taken down. */
export type Takedown = Item<ApiResponse<'/api/marketing/takedowns', 'get'>>;

export type Disclosure = Item<ApiResponse<'/api/clients/{clientId}/disclosures', 'get'>>;

// The same key as the photos section: one answer for both.
export const photoSetsKey = (clientId: string) => ['clients', clientId, 'photo-sets'] as const;
export const disclosuresKey = (clientId: string) => ['clients', clientId, 'disclosures'] as const;
export const USABLE_MARKETING_KEY = ['marketing', 'photo-sets'] as const;
export const TAKEDOWNS_KEY = ['marketing', 'takedowns'] as const;

export function useClientPhotoSets(clientId: string, enabled: boolean) {
  return useQuery({
    queryKey: photoSetsKey(clientId),
    queryFn: ({ signal }) =>
      apiGet<ClientPhotoSet[]>(`/api/clients/${encodeURIComponent(clientId)}/photo-sets`, signal),
    enabled,
    retry: false,
  });
}

export function useDisclosures(clientId: string, enabled: boolean) {
  return useQuery({
    queryKey: disclosuresKey(clientId),
    queryFn: ({ signal }) =>
      apiGet<Disclosure[]>(`/api/clients/${encodeURIComponent(clientId)}/disclosures`, signal),
    enabled,
    retry: false,
  });
}

/** Owner only: the sets usable for marketing now, with their reason and channels. */
export function useUsableMarketingSets(enabled: boolean) {
  return useQuery({
    queryKey: USABLE_MARKETING_KEY,
    queryFn: ({ signal }) => apiGet<UsableMarketingSet[]>('/api/marketing/photo-sets', signal),
    enabled,
    retry: false,
  });
}

/** Owner only: publications to take down, for every client. */
export function useTakedowns(enabled: boolean) {
  return useQuery({
    queryKey: TAKEDOWNS_KEY,
    queryFn: ({ signal }) => apiGet<Takedown[]>('/api/marketing/takedowns', signal),
    enabled,
    retry: false,
  });
}

/** Downloads a file the API answers, under the name the server gives it. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const { blob, name } = await apiGetFile(path, fallbackName);
  saveBlob(blob, name);
}
