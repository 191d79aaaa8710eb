import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../shared/api';
import type { ApiResponse, Item } from '../../shared/api-types';

/** An invoice or credit note as GET /api/invoices/:id answers it; amounts in cents, VAT included. */
export type Invoice = ApiResponse<'/api/invoices/{invoiceId}', 'get'>;

export type PaymentMethod = Item<Invoice['payments']>['method'];
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['card', 'cash', 'ideal', 'transfer'];

/** What POST /api/invoices/preview answers: the server's sums, no number, nothing stored. */
export type InvoicePreview = ApiResponse<'/api/invoices/preview', 'post'>;

// Under the client's own key, so whatever refreshes a client (a merge) refreshes these too.
export const clientInvoicesKey = (clientId: string) => ['clients', clientId, 'invoices'] as const;
export const yearInvoicesKey = (year: number) => ['invoices', year] as const;

export function useClientInvoices(clientId: string) {
  return useQuery({
    queryKey: clientInvoicesKey(clientId),
    queryFn: ({ signal }) =>
      apiGet<Invoice[]>(`/api/clients/${encodeURIComponent(clientId)}/invoices`, signal),
    retry: false,
  });
}

export function useYearInvoices(year: number) {
  return useQuery({
    queryKey: yearInvoicesKey(year),
    queryFn: ({ signal }) => apiGet<Invoice[]>(`/api/invoices?year=${year}`, signal),
    retry: false,
  });
}

/** Today's date in the clinic's time zone (YYYY-MM-DD), as the server dates invoices and payments. */
export function clinicToday(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
}
