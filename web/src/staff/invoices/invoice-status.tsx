import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Invoice } from './invoice-queries';

export type InvoiceStatus = 'open' | 'paid' | 'credited' | 'refundDue' | 'refunded' | 'settled';

/**
 * What is really still open on a record. The server counts a credit note's whole amount as to be
 * refunded, also when its invoice was never paid; what can be refunded is what was paid on that
 * invoice (when it is among the records at hand) less what was refunded already.
 */
export function openOf(record: Invoice, records: readonly Invoice[]): number {
  if (record.kind === 'invoice') return record.openCents;
  const original = records.find((other) => other.id === record.creditFor);
  if (!original) return record.openCents;
  const refundable = Math.max(0, original.paidCents + record.paidCents);
  return refundable === 0 ? 0 : -refundable;
}

/** Open / paid / credited for an invoice; to refund / refunded / settled for a credit note. */
export function statusOf(record: Invoice, records: readonly Invoice[]): InvoiceStatus {
  const open = openOf(record, records);
  if (record.kind === 'credit_note') {
    if (open !== 0) return 'refundDue';
    return record.paidCents !== 0 ? 'refunded' : 'settled';
  }
  const credited =
    records.some((other) => other.creditFor === record.id) ||
    // Its credit note may be dated in a later year than the one listed: settled but not paid in full.
    (open === 0 && record.paidCents !== record.totalCents);
  if (credited) return 'credited';
  return open === 0 ? 'paid' : 'open';
}

const COLOURS: Record<InvoiceStatus, string> = {
  open: 'orange',
  paid: 'teal',
  credited: 'gray',
  refundDue: 'orange',
  refunded: 'gray',
  settled: 'gray',
};

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation('invoices');
  return (
    <Badge color={COLOURS[status]} variant="light" tt="none" data-testid="invoice-status">
      {t(`status.${status}`)}
    </Badge>
  );
}
