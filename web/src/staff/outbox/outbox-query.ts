import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../shared/api';

export const OUTBOX_STATUSES = ['waiting', 'failed', 'sent'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** One e-mail as the outbox lists it: one-time links masked (`#token=…abcd`). */
export interface OutboxMail {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  kind: string;
  status: OutboxStatus;
  createdAt: string;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
}

export const OUTBOX_KEY = ['outbox'] as const;

export function useOutbox(status: OutboxStatus) {
  return useQuery({
    queryKey: [...OUTBOX_KEY, status],
    queryFn: ({ signal }) => apiGet<OutboxMail[]>(`/api/outbox?status=${status}`, signal),
  });
}

/** Whether VELLUM_SMTP_URL is set; without it every e-mail waits in the outbox. */
export function useMailServer(enabled = true) {
  return useQuery({
    queryKey: [...OUTBOX_KEY, 'mail-server'],
    queryFn: ({ signal }) => apiGet<{ configured: boolean }>('/api/outbox/mail-server', signal),
    enabled,
    staleTime: 5 * 60_000,
  });
}
