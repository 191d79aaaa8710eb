import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../shared/api';
import type { ApiResponse, Item } from '../../shared/api-types';

// The dossier as GET /api/clients/:id/dossier answers it, from the API's OpenAPI document
// (decision 0024); dates are ISO strings.

export type Dossier = ApiResponse<'/api/clients/{clientId}/dossier', 'get'>;
export type TreatmentRecord = Item<Dossier['treatments']>;
export type ContraIndication = Item<TreatmentRecord['warningsConfirmed']>;
export type SkinAnalysis = Item<Dossier['analyses']>;
export type SkinFindings = SkinAnalysis['findings'];
export type HomeProduct = Item<Dossier['homeProducts']>;
export type RecordedEmail = Item<Dossier['emails']>;

/** The dossier area's query keys: under the client's key, so break-glass (which refreshes the client) refreshes these too. */
export const dossierKeys = {
  dossier: (clientId: string) => ['clients', clientId, 'dossier'] as const,
  contraIndications: (clientId: string, treatmentTypeId: string | null) =>
    ['clients', clientId, 'contra-indications', treatmentTypeId] as const,
};

export function useDossier(clientId: string, enabled: boolean) {
  return useQuery({
    queryKey: dossierKeys.dossier(clientId),
    queryFn: ({ signal }) => apiGet<Dossier>(`/api/clients/${encodeURIComponent(clientId)}/dossier`, signal),
    enabled,
    retry: false,
  });
}
