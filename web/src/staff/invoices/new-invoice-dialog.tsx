import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { EuroInput } from '../../shared/euro-input';
import { fieldErrorText } from '../../shared/field-errors';
import { toCents, useMoney } from '../../shared/money';
import { requestErrorKey } from '../../shared/request-error';
import { useProducts, useTreatmentTypes, type VatRate } from '../catalogue/catalogue-query';
import { VatSelect } from '../catalogue/vat-select';
import { clientInvoicesKey, type Invoice } from './invoice-queries';

interface DraftLine {
  key: number;
  description: string;
  quantity: number | '';
  /** Euros, VAT included. */
  unitPrice: number | '';
  vatRate: VatRate | null;
}

let nextKey = 1;
const emptyLine = (): DraftLine => ({
  key: nextKey++,
  description: '',
  quantity: 1,
  unitPrice: '',
  vatRate: 21,
});

/** The VAT contained in a VAT-inclusive amount, rounded as the server does (half away from zero). */
function vatIncluded(grossCents: number, rate: number): number {
  const exact = (grossCents * rate) / (100 + rate);
  return Math.sign(exact) * Math.round(Math.abs(exact));
}

const complete = (line: DraftLine) =>
  line.description.trim() !== '' &&
  line.quantity !== '' &&
  line.quantity >= 1 &&
  line.unitPrice !== '' &&
  line.vatRate !== null;

/** Issues an invoice: lines from the catalogue or typed, with the total and VAT shown before issuing. */
export function NewInvoiceDialog({
  clientId,
  opened,
  onClose,
  onIssued,
}: {
  clientId: string;
  opened: boolean;
  onClose: () => void;
  onIssued: (invoice: Invoice) => void;
}) {
  const { t } = useTranslation('invoices');
  const { t: tc } = useTranslation();
  const money = useMoney();
  const queryClient = useQueryClient();
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [note, setNote] = useState('');
  const [checked, setChecked] = useState(false);
  const issue = useMutation({
    mutationFn: () =>
      apiPost<Invoice>(`/api/clients/${encodeURIComponent(clientId)}/invoices`, {
        lines: lines.map((line) => ({
          description: line.description.trim(),
          quantity: Number(line.quantity),
          unitPriceCents: toCents(Number(line.unitPrice)),
          vatRatePercent: line.vatRate ?? 21,
        })),
        note: note.trim() || null,
      }),
    onSuccess: async (invoice) => {
      await queryClient.invalidateQueries({ queryKey: clientInvoicesKey(clientId) });
      await queryClient.invalidateQueries({ queryKey: ['invoices'] });
      onIssued(invoice);
      close();
    },
  });

  function close() {
    setLines([]);
    setNote('');
    setChecked(false);
    issue.reset();
    onClose();
  }
  function change(key: number, patch: Partial<DraftLine>) {
    setLines((current) => current.map((line) => (line.key === key ? { ...line, ...patch } : line)));
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (lines.length > 0 && lines.every(complete)) issue.mutate();
  }

  const priced = lines.map((line) => {
    const total = toCents(Number(line.unitPrice || 0)) * Number(line.quantity || 0);
    return { rate: line.vatRate ?? 21, total, vat: vatIncluded(total, line.vatRate ?? 21) };
  });
  const total = priced.reduce((sum, line) => sum + line.total, 0);
  const vatByRate = [21, 9, 0]
    .map((rate) => ({
      rate,
      vat: priced.filter((line) => line.rate === rate).reduce((sum, line) => sum + line.vat, 0),
      used: priced.some((line) => line.rate === rate),
    }))
    .filter((row) => row.used);
  const vat = vatByRate.reduce((sum, row) => sum + row.vat, 0);

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('newInvoice.title')}
      closeButtonProps={{ 'aria-label': tc('common.close') }}
      size="xl"
      centered
    >
      <form onSubmit={submit} noValidate aria-label={t('newInvoice.title')}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('newInvoice.intro')}
          </Text>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <CataloguePicker
              onPick={(line) => setLines((current) => [...current, { ...emptyLine(), ...line }])}
            />
            <Button variant="default" onClick={() => setLines((current) => [...current, emptyLine()])}>
              {t('newInvoice.freeLine')}
            </Button>
          </Group>
          {lines.length === 0 && (
            <Text c={checked ? 'red.8' : 'dimmed'} role={checked ? 'alert' : undefined}>
              {t('newInvoice.noLines')}
            </Text>
          )}
          {lines.map((line, index) => (
            <LineFields
              key={line.key}
              line={line}
              n={index + 1}
              checked={checked}
              error={issue.error}
              onChange={(patch) => change(line.key, patch)}
              onRemove={() => setLines((current) => current.filter((other) => other.key !== line.key))}
            />
          ))}
          <Textarea
            label={t('newInvoice.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={1}
          />
          {lines.length > 0 && (
            <Table withRowBorders={false} w="auto" ml="auto" data-testid="new-invoice-totals">
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th scope="row">{t('newInvoice.exclVat')}</Table.Th>
                  <Table.Td ta="right">{money.format(total - vat)}</Table.Td>
                </Table.Tr>
                {vatByRate.map((row) => (
                  <Table.Tr key={row.rate}>
                    <Table.Th scope="row">{t('newInvoice.vatAt', { rate: row.rate })}</Table.Th>
                    <Table.Td ta="right">{money.format(row.vat)}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Th scope="row">{t('newInvoice.total')}</Table.Th>
                  <Table.Td ta="right" fw={700} data-testid="new-invoice-total">
                    {money.format(total)}
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          )}
          {checked && lines.length > 0 && !lines.every(complete) && (
            <Alert color="red" variant="light" role="alert">
              {t('newInvoice.checkLines')}
            </Alert>
          )}
          {issue.isError && (
            <Alert color="red" variant="light" role="alert">
              {tc(requestErrorKey(issue.error))}
            </Alert>
          )}
          <Text size="sm">{t('newInvoice.finalNote')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {tc('common.cancel')}
            </Button>
            <Button type="submit" loading={issue.isPending}>
              {t('newInvoice.issue')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** One line: a fieldset named "Line n", so each field's label stays short. */
function LineFields({
  line,
  n,
  checked,
  error,
  onChange,
  onRemove,
}: {
  line: DraftLine;
  n: number;
  checked: boolean;
  error: unknown;
  onChange: (patch: Partial<DraftLine>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('invoices');
  const { t: tc } = useTranslation();
  const field = (name: string) => fieldErrorText(tc, error, `lines.${n - 1}.${name}`);
  const required = (missing: boolean) => (checked && missing ? tc('fieldError.required') : undefined);
  return (
    <Paper component="fieldset" withBorder radius="md" p="sm" m={0} data-testid="invoice-line">
      <Text component="legend" fw={500} size="sm" px={4}>
        {t('newInvoice.line', { n })}
      </Text>
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" flex={1}>
          <TextInput
            label={t('newInvoice.description')}
            value={line.description}
            onChange={(e) => onChange({ description: e.currentTarget.value })}
            maxLength={300}
            required
            error={required(line.description.trim() === '') ?? field('description')}
          />
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            <NumberInput
              label={t('newInvoice.quantity')}
              value={line.quantity}
              onChange={(value) => onChange({ quantity: value === '' ? '' : Number(value) })}
              min={1}
              max={1000}
              allowDecimal={false}
              allowNegative={false}
              required
              error={required(line.quantity === '' || line.quantity < 1) ?? field('quantity')}
            />
            <EuroInput
              label={t('newInvoice.unitPrice')}
              value={line.unitPrice}
              onChange={(unitPrice) => onChange({ unitPrice })}
              required
              error={required(line.unitPrice === '') ?? field('unitPriceCents')}
            />
            <VatSelect
              value={line.vatRate}
              onChange={(vatRate) => onChange({ vatRate })}
              required
              error={required(line.vatRate === null) ?? field('vatRatePercent')}
            />
          </SimpleGrid>
        </SimpleGrid>
        <ActionIcon
          variant="subtle"
          color="red.9"
          mt={26}
          onClick={onRemove}
          aria-label={t('newInvoice.removeLine', { n })}
        >
          ×
        </ActionIcon>
      </Group>
    </Paper>
  );
}

/** Treatment types and home-use products, each with its VAT-inclusive price and VAT rate. */
function CataloguePicker({ onPick }: { onPick: (line: Partial<DraftLine>) => void }) {
  const { t } = useTranslation('invoices');
  const money = useMoney();
  const treatments = useTreatmentTypes();
  const products = useProducts();
  const items = new Map<string, Partial<DraftLine>>();
  const treatmentOptions = (treatments.data ?? [])
    .filter((type) => type.active)
    .map((type) => {
      items.set(`t:${type.id}`, {
        description: type.name,
        unitPrice: type.priceCents / 100,
        vatRate: type.vatRatePercent as VatRate,
      });
      return { value: `t:${type.id}`, label: `${type.name} — ${money.format(type.priceCents)}` };
    });
  const productOptions = (products.data ?? [])
    .filter((product) => product.active && product.soldForHomeUse && product.priceCents !== null)
    .map((product) => {
      const name = product.brand ? `${product.brand} ${product.name}` : product.name;
      items.set(`p:${product.id}`, {
        description: name,
        unitPrice: (product.priceCents ?? 0) / 100,
        vatRate: (product.vatRatePercent ?? 21) as VatRate,
      });
      return { value: `p:${product.id}`, label: `${name} — ${money.format(product.priceCents ?? 0)}` };
    });
  return (
    <Select
      label={t('newInvoice.fromCatalogue')}
      placeholder={t('newInvoice.fromCataloguePlaceholder')}
      data={[
        { group: t('newInvoice.treatments'), items: treatmentOptions },
        { group: t('newInvoice.products'), items: productOptions },
      ].filter((group) => group.items.length > 0)}
      value={null}
      onChange={(value) => {
        const picked = value ? items.get(value) : undefined;
        if (picked) onPick(picked);
      }}
      searchable
      nothingFoundMessage={t('newInvoice.nothingFound')}
      disabled={treatments.isPending || products.isPending}
      flex={1}
      miw={240}
    />
  );
}
