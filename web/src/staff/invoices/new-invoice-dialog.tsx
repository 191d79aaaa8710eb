import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  SegmentedControl,
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
import { EVERY_LOCATION, LocationPicker } from '../locations/location-picker';
import { clientInvoicesKey, type Invoice, type InvoicePreview } from './invoice-queries';

interface DraftLine {
  key: number;
  description: string;
  quantity: number | '';
  /** Euros, VAT included. */
  unitPrice: number | '';
  vatRate: VatRate | null;
}

type DiscountMode = 'amount' | 'percent';

/** A discount line (decision 0021): lowers the lines of its VAT rate, by an amount or a percentage. */
interface DraftDiscount {
  key: number;
  description: string;
  vatRate: VatRate | null;
  mode: DiscountMode;
  /** Euros (amount) or percent; always positive, the minus is implied. */
  value: number | '';
}

let nextKey = 1;
const emptyLine = (): DraftLine => ({
  key: nextKey++,
  description: '',
  quantity: 1,
  unitPrice: '',
  vatRate: 21,
});
const emptyDiscount = (): DraftDiscount => ({
  key: nextKey++,
  description: '',
  vatRate: 21,
  mode: 'amount',
  value: '',
});

const complete = (line: DraftLine) =>
  line.description.trim() !== '' &&
  line.quantity !== '' &&
  line.quantity >= 1 &&
  line.unitPrice !== '' &&
  line.unitPrice >= 0 &&
  line.vatRate !== null;
const completeDiscount = (discount: DraftDiscount) =>
  discount.vatRate !== null && discount.value !== '' && discount.value > 0;

const amountOf = (mode: DiscountMode, value: number) =>
  mode === 'percent' ? { percent: value } : { amountCents: toCents(value) };

/**
 * Issues an invoice: lines from the catalogue or typed, discounts, and an invoice discount. "Preview"
 * asks the server what the invoice comes to (nothing is stored, no number taken); only "Issue" then
 * gives it its number. Any change sends the form back from the preview.
 */
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
  const queryClient = useQueryClient();
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [discounts, setDiscounts] = useState<DraftDiscount[]>([]);
  const [invoiceMode, setInvoiceMode] = useState<DiscountMode>('percent');
  const [invoiceValue, setInvoiceValue] = useState<number | ''>('');
  const [note, setNote] = useState('');
  const [checked, setChecked] = useState(false);
  // In a chain: the location the invoice is for (its number series); "every" is the clinic as a whole.
  const [locationId, setLocationId] = useState<string | null>(null);
  const { t: tl } = useTranslation('locations');
  const body = () => ({
    ...(locationId && locationId !== EVERY_LOCATION ? { locationId } : {}),
    lines: lines.map((line) => ({
      description: line.description.trim(),
      quantity: Number(line.quantity),
      unitPriceCents: toCents(Number(line.unitPrice)),
      vatRatePercent: line.vatRate ?? 21,
    })),
    discounts: discounts.map((discount) => ({
      description: discount.description.trim() || null,
      vatRatePercent: discount.vatRate ?? 21,
      ...amountOf(discount.mode, Number(discount.value)),
    })),
    invoiceDiscount:
      invoiceValue === '' || invoiceValue === 0 ? null : amountOf(invoiceMode, Number(invoiceValue)),
    note: note.trim() || null,
  });
  const preview = useMutation({
    mutationFn: () => apiPost<InvoicePreview>('/api/invoices/preview', body()),
  });
  const issue = useMutation({
    mutationFn: () => apiPost<Invoice>(`/api/clients/${encodeURIComponent(clientId)}/invoices`, body()),
    onSuccess: async (invoice) => {
      await queryClient.invalidateQueries({ queryKey: clientInvoicesKey(clientId) });
      await queryClient.invalidateQueries({ queryKey: ['invoices'] });
      onIssued(invoice);
      close();
    },
  });
  // The error that names the form's fields: the preview's, or the issue's.
  const error = issue.error ?? preview.error;

  function close() {
    setLines([]);
    setDiscounts([]);
    setInvoiceValue('');
    setNote('');
    setChecked(false);
    preview.reset();
    issue.reset();
    onClose();
  }
  /** Every change leaves the preview: what is issued is what was last shown. */
  function edited() {
    preview.reset();
    issue.reset();
  }
  function change(key: number, patch: Partial<DraftLine>) {
    edited();
    setLines((current) => current.map((line) => (line.key === key ? { ...line, ...patch } : line)));
  }
  function changeDiscount(key: number, patch: Partial<DraftDiscount>) {
    edited();
    setDiscounts((current) => current.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (lines.length === 0 || !lines.every(complete) || !discounts.every(completeDiscount)) return;
    if (preview.isSuccess) issue.mutate();
    else preview.mutate();
  }

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
          <LocationPicker
            value={locationId}
            onChange={(next) => {
              edited();
              setLocationId(next);
            }}
            everyLabel={tl('wholeClinic')}
          />
          <Group align="flex-end" gap="sm" wrap="wrap">
            <CataloguePicker
              onPick={(line) => {
                edited();
                setLines((current) => [...current, { ...emptyLine(), ...line }]);
              }}
            />
            <Button
              variant="default"
              onClick={() => {
                edited();
                setLines((current) => [...current, emptyLine()]);
              }}
            >
              {t('newInvoice.freeLine')}
            </Button>
            <Button
              variant="default"
              onClick={() => {
                edited();
                setDiscounts((current) => [...current, emptyDiscount()]);
              }}
            >
              {t('newInvoice.addDiscount')}
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
              error={error}
              onChange={(patch) => change(line.key, patch)}
              onRemove={() => {
                edited();
                setLines((current) => current.filter((other) => other.key !== line.key));
              }}
            />
          ))}
          {discounts.map((discount, index) => (
            <DiscountFields
              key={discount.key}
              discount={discount}
              n={index + 1}
              checked={checked}
              error={error}
              onChange={(patch) => changeDiscount(discount.key, patch)}
              onRemove={() => {
                edited();
                setDiscounts((current) => current.filter((other) => other.key !== discount.key));
              }}
            />
          ))}
          <Group align="flex-end" gap="sm">
            <SegmentedControl
              aria-label={t('newInvoice.invoiceDiscountMode')}
              value={invoiceMode}
              onChange={(value) => {
                edited();
                setInvoiceMode(value as DiscountMode);
                setInvoiceValue('');
              }}
              data={[
                { value: 'percent', label: '%' },
                { value: 'amount', label: '€' },
              ]}
            />
            <DiscountValueInput
              label={t('newInvoice.invoiceDiscount')}
              mode={invoiceMode}
              value={invoiceValue}
              onChange={(value) => {
                edited();
                setInvoiceValue(value);
              }}
              error={
                fieldErrorText(tc, error, 'invoiceDiscount.percent') ??
                fieldErrorText(tc, error, 'invoiceDiscount.amountCents')
              }
            />
          </Group>
          <Textarea
            label={t('newInvoice.note')}
            value={note}
            onChange={(e) => {
              edited();
              setNote(e.currentTarget.value);
            }}
            maxLength={500}
            autosize
            minRows={1}
          />
          {preview.data && <PreviewTable preview={preview.data} />}
          {checked && lines.length > 0 && (!lines.every(complete) || !discounts.every(completeDiscount)) && (
            <Alert color="red" variant="light" role="alert">
              {t('newInvoice.checkLines')}
            </Alert>
          )}
          {error && (
            <Alert color="red" variant="light" role="alert">
              {tc(requestErrorKey(error))}
            </Alert>
          )}
          <Text size="sm">{preview.isSuccess ? t('newInvoice.finalNote') : t('newInvoice.previewNote')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {tc('common.cancel')}
            </Button>
            {preview.isSuccess && (
              <Button variant="default" onClick={edited}>
                {t('newInvoice.edit')}
              </Button>
            )}
            <Button type="submit" loading={preview.isPending || issue.isPending}>
              {preview.isSuccess ? t('newInvoice.issue') : t('newInvoice.preview')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** What the server computed: every line (discounts negative), VAT per rate, the total. No number yet. */
function PreviewTable({ preview }: { preview: InvoicePreview }) {
  const { t } = useTranslation('invoices');
  const money = useMoney();
  const exclVat = preview.byRate.reduce((sum, rate) => sum + rate.netCents, 0);
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="invoice-preview-title">
      <Text id="invoice-preview-title" fw={600} mb="xs">
        {t('newInvoice.previewTitle')}
      </Text>
      <Table.ScrollContainer minWidth={420}>
        <Table data-testid="invoice-preview">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('newInvoice.description')}</Table.Th>
              <Table.Th ta="right">{t('newInvoice.quantity')}</Table.Th>
              <Table.Th ta="right">{t('newInvoice.vatRate')}</Table.Th>
              <Table.Th ta="right">{t('newInvoice.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.lines.map((line) => (
              <Table.Tr key={line.position} data-testid={`preview-${line.kind}`}>
                <Table.Td>{line.description}</Table.Td>
                <Table.Td ta="right">{line.kind === 'discount' ? '' : line.quantity}</Table.Td>
                <Table.Td ta="right">{line.vatRatePercent}%</Table.Td>
                <Table.Td ta="right">{money.format(line.totalCents)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Table withRowBorders={false} w="auto" ml="auto" data-testid="new-invoice-totals">
        <Table.Tbody>
          {preview.discountCents > 0 && (
            <Table.Tr>
              <Table.Th scope="row">{t('newInvoice.discountTotal')}</Table.Th>
              <Table.Td ta="right">{money.format(-preview.discountCents)}</Table.Td>
            </Table.Tr>
          )}
          <Table.Tr>
            <Table.Th scope="row">{t('newInvoice.exclVat')}</Table.Th>
            <Table.Td ta="right">{money.format(exclVat)}</Table.Td>
          </Table.Tr>
          {preview.byRate.map((row) => (
            <Table.Tr key={row.vatRatePercent}>
              <Table.Th scope="row">{t('newInvoice.vatAt', { rate: row.vatRatePercent })}</Table.Th>
              <Table.Td ta="right">{money.format(row.vatCents)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th scope="row">{t('newInvoice.total')}</Table.Th>
            <Table.Td ta="right" fw={700} data-testid="new-invoice-total">
              {money.format(preview.totalCents)}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** A positive discount: euros or a percentage (the minus is implied and shown in the preview). */
function DiscountValueInput({
  label,
  mode,
  value,
  onChange,
  error,
}: {
  label: string;
  mode: DiscountMode;
  value: number | '';
  onChange: (value: number | '') => void;
  error?: string | undefined;
}) {
  const money = useMoney();
  if (mode === 'amount') return <EuroInput label={label} value={value} onChange={onChange} error={error} />;
  return (
    <NumberInput
      label={label}
      suffix=" %"
      min={0}
      max={100}
      decimalScale={2}
      decimalSeparator={money.decimalSeparator}
      allowNegative={false}
      hideControls
      value={value}
      onChange={(next) => onChange(next === '' ? '' : Number(next))}
      error={error}
    />
  );
}

function DiscountFields({
  discount,
  n,
  checked,
  error,
  onChange,
  onRemove,
}: {
  discount: DraftDiscount;
  n: number;
  checked: boolean;
  error: unknown;
  onChange: (patch: Partial<DraftDiscount>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('invoices');
  const { t: tc } = useTranslation();
  const field = (name: string) => fieldErrorText(tc, error, `discounts.${n - 1}.${name}`);
  const missing = checked && (discount.value === '' || discount.value <= 0);
  return (
    <Paper component="fieldset" withBorder radius="md" p="sm" m={0} data-testid="invoice-discount">
      <Text component="legend" fw={500} size="sm" px={4}>
        {t('newInvoice.discountLine', { n })}
      </Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t('newInvoice.description')}
          placeholder={t('newInvoice.discountPlaceholder')}
          value={discount.description}
          onChange={(e) => onChange({ description: e.currentTarget.value })}
          maxLength={300}
          flex={1}
          miw={200}
        />
        <SegmentedControl
          aria-label={t('newInvoice.discountMode', { n })}
          value={discount.mode}
          onChange={(mode) => onChange({ mode: mode as DiscountMode, value: '' })}
          data={[
            { value: 'amount', label: '€' },
            { value: 'percent', label: '%' },
          ]}
        />
        <DiscountValueInput
          label={t('newInvoice.discountValue')}
          mode={discount.mode}
          value={discount.value}
          onChange={(value) => onChange({ value })}
          error={
            (missing ? tc('fieldError.required') : undefined) ?? field('amountCents') ?? field('percent')
          }
        />
        <VatSelect
          value={discount.vatRate}
          onChange={(vatRate) => onChange({ vatRate })}
          required
          error={field('vatRatePercent')}
        />
        <ActionIcon
          variant="subtle"
          color="red.9"
          mb={6}
          onClick={onRemove}
          aria-label={t('newInvoice.removeDiscount', { n })}
        >
          ×
        </ActionIcon>
      </Group>
    </Paper>
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
              max={1000}
              allowDecimal={false}
              // A minus is kept and refused here, never dropped: a discount is a discount line.
              required
              error={
                required(line.quantity === '') ??
                (line.quantity !== '' && line.quantity < 1 ? t('newInvoice.notPositive') : undefined) ??
                field('quantity')
              }
            />
            <EuroInput
              label={t('newInvoice.unitPrice')}
              value={line.unitPrice}
              onChange={(unitPrice) => onChange({ unitPrice })}
              allowNegative
              required
              error={
                required(line.unitPrice === '') ??
                (line.unitPrice !== '' && line.unitPrice < 0 ? t('newInvoice.negativePrice') : undefined) ??
                field('unitPriceCents')
              }
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
