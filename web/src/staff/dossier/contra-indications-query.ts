import { useQuery } from '@tanstack/react-query';
import { ApiError, apiGet } from '../../shared/api';
import { type ContraIndication, dossierKeys } from './dossier-types';

/**
 * The contra-indications in the client's latest intake that apply to this treatment type (P3.2).
 * Without an intake module on the server (404/405) there is nothing to warn about.
 */
export function useContraIndications(clientId: string, treatmentTypeId: string | null) {
  return useQuery({
    queryKey: dossierKeys.contraIndications(clientId, treatmentTypeId),
    queryFn: async ({ signal }) => {
      try {
        return await apiGet<ContraIndication[]>(
          `/api/clients/${encodeURIComponent(clientId)}/contra-indications?treatmentTypeId=${encodeURIComponent(treatmentTypeId ?? '')}`,
          signal,
        );
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return [];
        throw error;
      }
    },
    enabled: treatmentTypeId !== null,
    retry: false,
    staleTime: 0,
  });
}

/** The keys a 409 names: "contra-indications to confirm before starting: key1, key2". */
export function keysToConfirm(error: unknown): string[] {
  if (!(error instanceof ApiError) || error.status !== 409) return [];
  const match = /contra-indications to confirm before starting:\s*(.+)$/.exec(error.problem.detail ?? '');
  return match?.[1]
    ? match[1]
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean)
    : [];
}
