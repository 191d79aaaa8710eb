import {
  Alert,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinicTime } from '../../shared/clinic-time';
import { useMoney } from '../../shared/money';
import { requestErrorKey } from '../../shared/request-error';
import { useSignedInSession } from '../session/session-query';
import { CreditNoteDialog } from './credit-note-dialog';
import { type Invoice, useClientInvoices } from './invoice-queries';
import { InvoiceStatusBadge, statusOf } from './invoice-status';
import { NewInvoiceDialog } from './new-invoice-dialog';
import { PaymentDialog } from './payment-dialog';
import { PdfMenu } from './pdf-menu';

type Notice = {
  key: 'section.issued' | 'section.credited' | 'section.paid' | 'section.refunded';
  number: string;
};

/**
 * "Invoices" on the client's page (SPEC 8): the client's invoices and credit notes with what is
 * open, issuing a new one, recording payments, crediting (owner and reception) and the PDF.
 */
export function InvoicesSection({ clientId }: { clientId: string }) {
  const { t } = useTranslation('invoices');
  const { t: tc } = useTranslation();
  const { staff } = useSignedInSession();
  const invoices = useClientInvoices(clientId);
  const [creating, setCreating] = useState(false);
  const [paying, setPaying] = useState<Invoice>();
  const [crediting, setCrediting] = useState<Invoice>();
  const [notice, setNotice] = useState<Notice>();
  const records = invoices.data ?? [];
  const mayCredit = staff.role === 'owner' || staff.role === 'reception';
  return (
    <Paper
      component="section"
      p="md"
      radius="lg"
      withBorder
      aria-labelledby="invoices-title"
      data-testid="client-invoices"
    >
      <Stack gap="md">
        <Group justify="space-between" align="center">
          <Title order={2} size="h3" id="invoices-title">
            {t('section.title')}
          </Title>
          <Button variant="light" onClick={() => setCreating(true)}>
            {t('section.newInvoice')}
          </Button>
        </Group>
        {notice && (
          <Alert
            color="teal"
            variant="light"
            role="status"
            withCloseButton
            closeButtonLabel={tc('common.close')}
            onClose={() => setNotice(undefined)}
            data-testid="invoice-notice"
          >
            {t(notice.key, { number: notice.number })}
          </Alert>
        )}
        {invoices.isPending && <Loader size="sm" role="status" aria-label={tc('common.loading')} />}
        {invoices.isError && (
          <Alert color="red" variant="light" role="alert">
            {tc(requestErrorKey(invoices.error))}
          </Alert>
        )}
        {invoices.data && records.length === 0 && <Text c="dimmed">{t('section.none')}</Text>}
        {records.length > 0 && (
          <InvoiceTable records={records} mayCredit={mayCredit} onPay={setPaying} onCredit={setCrediting} />
        )}
      </Stack>
      <NewInvoiceDialog
        clientId={clientId}
        opened={creating}
        onClose={() => setCreating(false)}
        onIssued={(invoice) => setNotice({ key: 'section.issued', number: invoice.number })}
      />
      {paying && (
        <PaymentDialog
          invoice={paying}
          openCents={paying.openCents}
          onClose={() => setPaying(undefined)}
          onPaid={(invoice) => {
            setPaying(undefined);
            setNotice({
              key: invoice.kind === 'credit_note' ? 'section.refunded' : 'section.paid',
              number: invoice.number,
            });
          }}
        />
      )}
      {crediting && (
        <CreditNoteDialog
          invoice={crediting}
          onClose={() => setCrediting(undefined)}
          onCredited={(note) => {
            setCrediting(undefined);
            setNotice({ key: 'section.credited', number: note.number });
          }}
        />
      )}
    </Paper>
  );
}

function InvoiceTable({
  records,
  mayCredit,
  onPay,
  onCredit,
}: {
  records: Invoice[];
  mayCredit: boolean;
  onPay: (invoice: Invoice) => void;
  onCredit: (invoice: Invoice) => void;
}) {
  const { t } = useTranslation('invoices');
  const money = useMoney();
  const time = useClinicTime();
  const numberOf = (id: string | null) => records.find((other) => other.id === id)?.number ?? '';
  return (
    // Wide enough for the status and every action on one line: narrower, on a tablet, the badge was
    // cut to "Op…" and the PDF button ran off the edge; below this the table scrolls.
    <Table.ScrollContainer minWidth={800}>
      <Table verticalSpacing="sm" data-testid="invoices">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('table.number')}</Table.Th>
            <Table.Th>{t('table.date')}</Table.Th>
            <Table.Th ta="right">{t('table.total')}</Table.Th>
            <Table.Th ta="right">{t('table.open')}</Table.Th>
            <Table.Th>{t('table.status')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('table.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {records.map((record) => {
            const open = record.openCents;
            const status = statusOf(record);
            const refund = record.kind === 'credit_note';
            return (
              <Table.Tr key={record.id} data-testid="invoice-row">
                <Table.Td>
                  <Text fw={500} ff="monospace" size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {record.number}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {refund
                      ? `${t('kind.credit_note')} · ${t('table.creditFor', { number: numberOf(record.creditFor) })}`
                      : t('kind.invoice')}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.date(record.issuedOn)}</Table.Td>
                <Table.Td ta="right">{money.format(record.totalCents)}</Table.Td>
                <Table.Td ta="right">{money.format(open)}</Table.Td>
                <Table.Td miw={110}>
                  <InvoiceStatusBadge status={status} />
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    {open !== 0 && (
                      <Button
                        variant="light"
                        size="compact-sm"
                        onClick={() => onPay(record)}
                        aria-label={t(refund ? 'actions.refundLabel' : 'actions.payLabel', {
                          number: record.number,
                        })}
                      >
                        {t(refund ? 'actions.refund' : 'actions.pay')}
                      </Button>
                    )}
                    {mayCredit && record.kind === 'invoice' && status !== 'credited' && (
                      <Button
                        variant="default"
                        size="compact-sm"
                        onClick={() => onCredit(record)}
                        aria-label={t('actions.creditLabel', { number: record.number })}
                      >
                        {t('actions.credit')}
                      </Button>
                    )}
                    <PdfMenu invoice={record} />
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
