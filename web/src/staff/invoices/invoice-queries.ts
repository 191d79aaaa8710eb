import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../shared/api';

export type PaymentMethod = 'card' | 'cash' | 'ideal' | 'transfer';
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['card', 'cash', 'ideal', 'transfer'];

/** An invoice or credit note as GET /api/invoices/:id answers it; amounts in cents, VAT included. */
export interface Invoice {
  id: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  creditFor: string | null;
  issuedOn: string;
  clientId: string;
  clientName: string;
  clientAddress: string | null;
  totalCents: number;
  vatCents: number;
  paidCents: number;
  /** Still to be paid; negative on a credit note: what was paid on its invoice and is still to be refunded. */
  openCents: number;
  /** The credit note that corrected this invoice, if one did (also one dated in a later year). */
  creditedBy: { id: string; number: string } | null;
  note: string | null;
  lines: {
    position: number;
    /** A discount line is negative (decision 0021). */
    kind: 'item' | 'discount';
    description: string;
    quantity: number;
    unitPriceCents: number;
    vatRatePercent: number;
    totalCents: number;
    vatCents: number;
  }[];
  payments: {
    id: string;
    method: PaymentMethod;
    amountCents: number;
    paidOn: string;
    reference: string | null;
  }[];
}

/** What POST /api/invoices/preview answers: the server's sums, no number, nothing stored. */
export interface InvoicePreview {
  issuedOn: string;
  lines: Invoice['lines'];
  byRate: { vatRatePercent: number; totalCents: number; vatCents: number; netCents: number }[];
  totalCents: number;
  vatCents: number;
  discountCents: number;
}

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
