import { useQuery } from '@tanstack/react-query';
import { apiGet, apiGetFile } from '../shared/api';
import { saveBlob } from './download';

// Marketing photos (P8.3) and disclosures to third parties (P8.2): shapes of the API's answers
// (see /api/openapi.json) and the queries the client page uses.

export const MARKETING_CHANNELS = ['website', 'social_media'] as const;
export type MarketingChannel = (typeof MARKETING_CHANNELS)[number];
export const MARKETING_REASONS = ['reduced_price', 'model', 'other'] as const;
export type MarketingReason = (typeof MARKETING_REASONS)[number];

/** A photo set as GET /clients/:id/photo-sets answers it (only what these panels use). */
export interface ClientPhotoSet {
  id: string;
  bodyArea: string;
  createdAt: string;
  photos: { id: string }[];
}

/** A set the owner may use for marketing now. */
export interface UsableMarketingSet {
  photoSetId: string;
  reason: MarketingReason;
  reasonNote: string | null;
  channels: MarketingChannel[];
  photoCount: number;
}

/** A publication whose consent no longer holds: to be taken down. */
export interface Takedown {
  id: string;
  photoSetId: string | null;
  channel: MarketingChannel;
  location: string;
  publishedAt: string;
}

export interface Disclosure {
  id: string;
  recipient: string;
  purpose: string;
  includesDossier: boolean;
  photoSetIds: string[];
  requestKind: 'scan' | 'portal';
  requestedAt: string;
  disclosedAt: string | null;
  informAfterChange: boolean;
}

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
