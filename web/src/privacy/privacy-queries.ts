import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../shared/api';
import type { ClientConsents, PaperFile, PrivacyStatement } from './privacy-types';

// Under the client's own key, so whatever refreshes a client (a merge) refreshes these too.
export const consentsKey = (clientId: string) => ['clients', clientId, 'consents'] as const;
export const paperFilesKey = (clientId: string) => ['clients', clientId, 'paper-files'] as const;
export const PRIVACY_KEY = ['privacy'] as const;
export const ERASURE_REQUESTS_KEY = ['privacy', 'erasure-requests'] as const;
export const MISSING_CONSENTS_KEY = ['privacy', 'consents-missing'] as const;
export const PAPER_DESTRUCTION_KEY = ['privacy', 'paper-destruction'] as const;
export const PROCESSORS_KEY = ['privacy', 'processors'] as const;
export const INCIDENTS_KEY = ['privacy', 'incidents'] as const;
export const LAST_BACKUP_KEY = ['privacy', 'backups', 'last'] as const;

export function useClientConsents(clientId: string) {
  return useQuery({
    queryKey: consentsKey(clientId),
    queryFn: ({ signal }) =>
      apiGet<ClientConsents>(`/api/clients/${encodeURIComponent(clientId)}/consents`, signal),
    retry: false,
  });
}

export function usePaperFiles(clientId: string) {
  return useQuery({
    queryKey: paperFilesKey(clientId),
    queryFn: ({ signal }) =>
      apiGet<PaperFile[]>(`/api/clients/${encodeURIComponent(clientId)}/paper-files`, signal),
    retry: false,
  });
}

/** The statement as published now: the exact consent sentences staff read out at the desk. */
export function useCurrentStatement() {
  return useStatement(undefined);
}

/** One published version of the statement, or the current one: what a consent record points at. */
export function useStatement(version: number | undefined) {
  return useQuery({
    queryKey: ['public', 'privacy-statement', version ?? 'current'],
    queryFn: ({ signal }) =>
      apiGet<PrivacyStatement>(
        version === undefined
          ? '/api/public/privacy-statement'
          : `/api/public/privacy-statement?version=${version}`,
        signal,
      ),
    staleTime: 60_000,
    retry: false,
  });
}
