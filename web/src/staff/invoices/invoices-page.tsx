import {
  Alert,
  Anchor,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClinicTime } from '../../shared/clinic-time';
import { useMoney } from '../../shared/money';
import { requestErrorKey } from '../../shared/request-error';
import { useSignedInSession } from '../session/session-query';
import { AccountantExport } from './accountant-export';
import { ClinicDetailsForm } from './clinic-details-form';
import { clinicToday, type Invoice, useYearInvoices } from './invoice-queries';
import { InvoiceStatusBadge, statusOf } from './invoice-status';
import { PdfMenu } from './pdf-menu';

/** Seven years are kept (P9.3): the current year and the seven before it. */
const YEARS_SHOWN = 8;

/** The year's financial records and totals (owner, reception); the owner's details on invoices. */
export function InvoicesPage() {
  const { t } = useTranslation('invoices');
  const { t: tc } = useTranslation();
  const { staff } = useSignedInSession();
  const { timeZone } = useClinicTime();
  useDocumentTitle(`${t('page.title')} · ${tc('common.brand')}`);
  const thisYear = Number(clinicToday(timeZone).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  if (staff.role === 'practitioner') {
    return (
      <Stack maw={560}>
        <Alert color="yellow" variant="light" role="alert" title={t('page.title')}>
          {t('page.refused')}
        </Alert>
      </Stack>
    );
  }
  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap={4}>
        <Title order={1}>{t('page.title')}</Title>
        <Text c="dimmed">{t('page.intro')}</Text>
      </Stack>
      <Select
        label={t('page.year')}
        data={Array.from({ length: YEARS_SHOWN }, (_, i) => String(thisYear - i))}
        value={String(year)}
        onChange={(value) => value && setYear(Number(value))}
        allowDeselect={false}
        w={140}
      />
      <YearRecords year={year} />
      <AccountantExport today={clinicToday(timeZone)} />
      {staff.role === 'owner' && <ClinicDetailsForm />}
    </Stack>
  );
}

function YearRecords({ year }: { year: number }) {
  const { t } = useTranslation('invoices');
  const { t: tc } = useTranslation();
  const records = useYearInvoices(year);
  if (records.isPending) return <Loader role="status" aria-label={tc('common.loading')} />;
  if (records.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {tc(requestErrorKey(records.error))}
      </Alert>
    );
  }
  if (records.data.length === 0) return <Text c="dimmed">{t('page.none', { year })}</Text>;
  return (
    <>
      <YearTotals year={year} records={records.data} />
      <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="records-title">
        <Title order={2} size="h3" id="records-title" mb="sm">
          {t('page.recordsTitle')}
        </Title>
        <RecordsTable records={records.data} />
      </Paper>
    </>
  );
}

function YearTotals({ year, records }: { year: number; records: Invoice[] }) {
  const { t } = useTranslation('invoices');
  const money = useMoney();
  const sum = (pick: (record: Invoice) => number) => records.reduce((total, r) => total + pick(r), 0);
  const vatByRate = [21, 9, 0]
    .map((rate) => {
      const lines = records.flatMap((r) => r.lines).filter((line) => line.vatRatePercent === rate);
      return { rate, used: lines.length > 0, vat: lines.reduce((total, line) => total + line.vatCents, 0) };
    })
    .filter((row) => row.used);
  const figures = [
    {
      label: t('page.invoiced'),
      cents: sum((r) => (r.kind === 'invoice' ? r.totalCents : 0)),
      id: 'invoiced',
    },
    {
      label: t('page.credited'),
      cents: sum((r) => (r.kind === 'credit_note' ? r.totalCents : 0)),
      id: 'credited',
    },
    ...vatByRate.map((row) => ({
      label: t('page.vatAt', { rate: row.rate }),
      cents: row.vat,
      id: `vat-${row.rate}`,
    })),
    { label: t('page.paid'), cents: sum((r) => r.paidCents), id: 'paid' },
    { label: t('page.open'), cents: sum((r) => r.openCents), id: 'open' },
  ];
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="totals-title">
      <Title order={2} size="h3" id="totals-title" mb="sm">
        {t('page.totalsTitle', { year })}
      </Title>
      <SimpleGrid component="dl" cols={{ base: 2, sm: 3, lg: 4 }} spacing="md" m={0}>
        {figures.map((figure) => (
          <div key={figure.id} data-testid={`total-${figure.id}`}>
            <Text component="dt" size="sm" c="dimmed">
              {figure.label}
            </Text>
            <Text component="dd" m={0} fw={600} size="lg">
              {money.format(figure.cents)}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

function RecordsTable({ records }: { records: Invoice[] }) {
  const { t } = useTranslation('invoices');
  const money = useMoney();
  const time = useClinicTime();
  return (
    <Table.ScrollContainer minWidth={660}>
      <Table verticalSpacing="sm" striped data-testid="year-invoices">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('table.number')}</Table.Th>
            <Table.Th>{t('table.date')}</Table.Th>
            <Table.Th>{t('table.client')}</Table.Th>
            <Table.Th ta="right">{t('table.total')}</Table.Th>
            {/* On a tablet the VAT and paid columns give way; the totals above show them. */}
            <Table.Th ta="right" visibleFrom="lg">
              {t('table.vat')}
            </Table.Th>
            <Table.Th ta="right" visibleFrom="lg">
              {t('table.paid')}
            </Table.Th>
            <Table.Th ta="right">{t('table.open')}</Table.Th>
            <Table.Th>{t('table.status')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('table.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {records.map((record) => (
            <Table.Tr key={record.id} data-testid="year-invoice-row">
              <Table.Td>
                <Text fw={500} ff="monospace" size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {record.number}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`kind.${record.kind}`)}
                </Text>
              </Table.Td>
              <Table.Td>{time.date(record.issuedOn)}</Table.Td>
              <Table.Td>
                {/* Kept longer than the dossier: after an erasure the link finds no client, the name stays. */}
                <Anchor component={Link} to={`/app/clients/${record.clientId}`} size="sm">
                  {record.clientName}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right">{money.format(record.totalCents)}</Table.Td>
              <Table.Td ta="right" visibleFrom="lg">
                {money.format(record.vatCents)}
              </Table.Td>
              <Table.Td ta="right" visibleFrom="lg">
                {money.format(record.paidCents)}
              </Table.Td>
              <Table.Td ta="right">{money.format(record.openCents)}</Table.Td>
              <Table.Td>
                <InvoiceStatusBadge status={statusOf(record)} />
              </Table.Td>
              <Table.Td>
                <Group justify="flex-end">
                  <PdfMenu invoice={record} />
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
