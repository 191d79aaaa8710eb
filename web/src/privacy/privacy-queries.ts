import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../shared/api';
import type { ClientConsents, PaperFile, PrivacyStatement } from './privacy-types';

/** The privacy area's query keys, in one place. */
export const privacyKeys = {
  // Under the client's own key, so whatever refreshes a client (a merge) refreshes these too.
  consents: (clientId: string) => ['clients', clientId, 'consents'] as const,
  paperFiles: (clientId: string) => ['clients', clientId, 'paper-files'] as const,
  // The owner's registers, under one prefix.
  all: ['privacy'] as const,
  erasureRequests: ['privacy', 'erasure-requests'] as const,
  correctionRequests: ['privacy', 'correction-requests'] as const,
  missingConsents: ['privacy', 'consents-missing'] as const,
  paperDestruction: ['privacy', 'paper-destruction'] as const,
  processors: ['privacy', 'processors'] as const,
  incidents: ['privacy', 'incidents'] as const,
  lastBackup: ['privacy', 'backups', 'last'] as const,
  retention: (days: number) => ['privacy', 'retention', days] as const,
  retentionRun: ['privacy', 'retention-run'] as const,
  processingRecord: (language: string) => ['privacy', 'processing-record', language] as const,
  // Public: the booking page and the shop read the statement under the same prefix.
  statements: ['public', 'privacy-statement'] as const,
  statement: (version: number | undefined) => ['public', 'privacy-statement', version ?? 'current'] as const,
};

export function useClientConsents(clientId: string) {
  return useQuery({
    queryKey: privacyKeys.consents(clientId),
    queryFn: ({ signal }) =>
      apiGet<ClientConsents>(`/api/clients/${encodeURIComponent(clientId)}/consents`, signal),
    retry: false,
  });
}

export function usePaperFiles(clientId: string) {
  return useQuery({
    queryKey: privacyKeys.paperFiles(clientId),
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
    queryKey: privacyKeys.statement(version),
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
