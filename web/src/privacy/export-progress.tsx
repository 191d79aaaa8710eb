import { Progress, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { apiGet, apiRequest } from '../shared/api';
import { usePrivacyText } from './privacy-text';
import type { ExportProgress } from './privacy-types';

/**
 * A new id for one export, sent with its request so the page can ask how far it is. Random (a
 * version-4 UUID from getRandomValues, which also works where randomUUID needs a secure context):
 * the server binds it to whoever asked, so guessing one gains nothing anyway.
 */
export function newProgressId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** How far the client's own export is (the portal: the token travels in the body). */
export const portalExportProgress = (token: string) => (id: string, signal: AbortSignal) =>
  apiRequest<ExportProgress | null>('/api/public/privacy-portal/export-progress', {
    method: 'POST',
    body: { token, progressId: id },
    signal,
    expectUnauthorized: true,
  });

/** How far an export this staff member asked for is. */
export const staffExportProgress = (id: string, signal: AbortSignal) =>
  apiGet<ExportProgress | null>(`/api/export-progress/${encodeURIComponent(id)}`, signal);

/**
 * While an export is being made (`progressId` set), asks every second how far it is and shows it:
 * photos packed of total with a bar, or the step. Before the server's first word: "getting ready".
 */
export function ExportProgressNote({
  progressId,
  poll,
  intro,
}: {
  progressId: string | null;
  poll: (id: string, signal: AbortSignal) => Promise<ExportProgress | null>;
  intro: string;
}) {
  const tp = usePrivacyText();
  const progress = useQuery({
    queryKey: ['export-progress', progressId],
    queryFn: ({ signal }) => poll(progressId ?? '', signal),
    enabled: progressId !== null,
    refetchInterval: 1000,
    retry: false,
    gcTime: 0,
  });
  if (progressId === null) return null;
  const now = progress.data;
  const label = now
    ? now.step === 'photos'
      ? tp('exportProgress.progress', {
          step: tp('exportProgress.step.photos'),
          done: now.done,
          total: now.total,
        })
      : tp(`exportProgress.step.${now.step}`)
    : tp('exportProgress.starting');
  const value = !now ? 0 : now.step === 'packing' ? 100 : now.total > 0 ? (100 * now.done) / now.total : 0;
  return (
    <Stack gap={4} data-testid="export-progress">
      <Text size="sm" role="status">
        {intro}
      </Text>
      <Progress value={value} aria-label={label} animated />
      <Text size="xs" c="dimmed" data-testid="export-progress-step">
        {label}
      </Text>
    </Stack>
  );
}
