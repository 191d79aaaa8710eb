import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Invoice } from './invoice-queries';

export type InvoiceStatus = 'open' | 'paid' | 'credited' | 'refundDue' | 'refunded' | 'settled';

/** Open / paid / credited for an invoice; to refund / refunded / settled for a credit note. */
export function statusOf(record: Invoice): InvoiceStatus {
  if (record.kind === 'credit_note') {
    if (record.openCents !== 0) return 'refundDue';
    return record.paidCents !== 0 ? 'refunded' : 'settled';
  }
  if (record.creditedBy) return 'credited';
  return record.openCents === 0 ? 'paid' : 'open';
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
