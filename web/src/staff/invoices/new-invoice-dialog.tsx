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
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import { EuroInput } from '../../shared/euro-input';
import { fieldErrorText } from '../../shared/field-errors';
import {
  type FieldProps,
  filledNumber,
  filledText,
  optionalText,
  REQUIRED,
  useSchemaForm,
} from '../../shared/form';
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

const vatRate = z
  .literal([21, 9, 0] satisfies VatRate[])
  .nullable()
  .pipe(z.literal([21, 9, 0] satisfies VatRate[], REQUIRED));
// A line's quantity is at least 1 and its price not negative: a minus is kept and refused, never
// dropped, pointing to the discount lines.
const lineSchema = z.object({
  key: z.number(),
  description: filledText(300),
  quantity: filledNumber((n) =>
    n.int('fieldError.invalid').min(1, 'invoices:newInvoice.notPositive').max(1000, 'fieldError.invalid'),
  ),
  unitPrice: filledNumber((n) => n.min(0, 'invoices:newInvoice.negativePrice')),
  vatRate,
});
const discountSchema = z.object({
  key: z.number(),
  description: optionalText(300),
  vatRate,
  mode: z.enum(['amount', 'percent']),
  value: filledNumber((n) => n.gt(0, REQUIRED)),
});
const invoiceSchema = z.object({
  locationId: z.string().nullable(),
  lines: z.array(lineSchema).min(1, 'invoices:newInvoice.noLines'),
  discounts: z.array(discountSchema),
  invoiceMode: z.enum(['amount', 'percent']),
  invoiceValue: z.union([z.number(), z.literal('')]),
  note: optionalText(500),
});
type InvoiceValues = z.output<typeof invoiceSchema>;
const EMPTY: z.input<typeof invoiceSchema> = {
  locationId: null,
  lines: [],
  discounts: [],
  invoiceMode: 'percent',
  invoiceValue: '',
  note: '',
};

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
  const { t: tl } = useTranslation('locations');
  const body = (values: InvoiceValues) => ({
    // In a chain: the location the invoice is for (its number series); "every" is the clinic as a whole.
    ...(values.locationId && values.locationId !== EVERY_LOCATION ? { locationId: values.locationId } : {}),
    lines: values.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPriceCents: toCents(line.unitPrice),
      vatRatePercent: line.vatRate,
    })),
    discounts: values.discounts.map((discount) => ({
      description: discount.description || null,
      vatRatePercent: discount.vatRate,
      ...amountOf(discount.mode, discount.value),
    })),
    invoiceDiscount:
      values.invoiceValue === '' || values.invoiceValue === 0
        ? null
        : amountOf(values.invoiceMode, values.invoiceValue),
    note: values.note || null,
  });
  const preview = useMutation({
    mutationFn: (values: InvoiceValues) => apiPost<InvoicePreview>('/api/invoices/preview', body(values)),
  });
  const issue = useMutation({
    mutationFn: (values: InvoiceValues) =>
      apiPost<Invoice>(`/api/clients/${encodeURIComponent(clientId)}/invoices`, body(values)),
    onSuccess: async (invoice) => {
      await queryClient.invalidateQueries({ queryKey: clientInvoicesKey(clientId) });
      await queryClient.invalidateQueries({ queryKey: ['invoices'] });
      onIssued(invoice);
      close();
    },
  });
  // The error that names the form's fields: the preview's, or the issue's.
  const error = issue.error ?? preview.error;

  // Every change leaves the preview: what is issued is what was last shown.
  const { form, field, onSubmit } = useSchemaForm(invoiceSchema, EMPTY, error, { onValuesChange: edited });
  const { lines, discounts, invoiceMode, locationId } = form.getValues();
  const lineProblem = Object.keys(form.errors).some((path) => /^(lines|discounts)\.\d/.test(path));

  function close() {
    // The next invoice starts empty, for the same location and with the same kind of invoice discount.
    form.setValues({ ...EMPTY, locationId, invoiceMode });
    form.clearErrors();
    preview.reset();
    issue.reset();
    onClose();
  }
  function edited() {
    preview.reset();
    issue.reset();
  }
  const submit = onSubmit((values) => {
    if (preview.isSuccess) issue.mutate(values);
    else preview.mutate(values);
  });

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
            onChange={(next) => form.setFieldValue('locationId', next)}
            everyLabel={tl('wholeClinic')}
          />
          <Group align="flex-end" gap="sm" wrap="wrap">
            <CataloguePicker onPick={(line) => form.insertListItem('lines', { ...emptyLine(), ...line })} />
            <Button variant="default" onClick={() => form.insertListItem('lines', emptyLine())}>
              {t('newInvoice.freeLine')}
            </Button>
            <Button variant="default" onClick={() => form.insertListItem('discounts', emptyDiscount())}>
              {t('newInvoice.addDiscount')}
            </Button>
          </Group>
          {lines.length === 0 && (
            <Text c={form.errors.lines ? 'red.8' : 'dimmed'} role={form.errors.lines ? 'alert' : undefined}>
              {t('newInvoice.noLines')}
            </Text>
          )}
          {lines.map((line, index) => (
            <LineFields
              key={line.key}
              line={line}
              n={index + 1}
              field={(name, apiName) =>
                field(`lines.${index}.${name}`, { apiField: `lines.${index}.${apiName ?? name}` })
              }
              onRemove={() => form.removeListItem('lines', index)}
            />
          ))}
          {discounts.map((discount, index) => (
            <DiscountFields
              key={discount.key}
              discount={discount}
              n={index + 1}
              field={(name, apiName) =>
                field(`discounts.${index}.${name}`, { apiField: `discounts.${index}.${apiName ?? name}` })
              }
              serverError={error}
              onModeChange={(mode, keepValue) => {
                form.setFieldValue(`discounts.${index}.mode`, mode);
                if (!keepValue) form.setFieldValue(`discounts.${index}.value`, '');
              }}
              onRemove={() => form.removeListItem('discounts', index)}
            />
          ))}
          <Group align="flex-end" gap="sm">
            <SegmentedControl
              aria-label={t('newInvoice.invoiceDiscountMode')}
              value={invoiceMode}
              onChange={(value) => {
                form.setFieldValue('invoiceMode', value as DiscountMode);
                form.setFieldValue('invoiceValue', '');
              }}
              data={[
                { value: 'percent', label: '%' },
                { value: 'amount', label: '€' },
              ]}
            />
            <DiscountValueInput
              label={t('newInvoice.invoiceDiscount')}
              mode={invoiceMode}
              onPercentTyped={() => form.setFieldValue('invoiceMode', 'percent')}
              {...field('invoiceValue', { apiField: 'invoiceDiscount.percent' })}
              error={
                field('invoiceValue', { apiField: 'invoiceDiscount.percent' }).error ??
                fieldErrorText(tc, error, 'invoiceDiscount.amountCents')
              }
            />
          </Group>
          <Textarea label={t('newInvoice.note')} maxLength={500} {...field('note')} autosize minRows={1} />
          {preview.data && <PreviewTable preview={preview.data} />}
          {lineProblem && (
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

/**
 * A positive discount: euros or a percentage (the minus is implied and shown in the preview). A "%"
 * typed into the euro field switches to a percentage with the number kept: the euro field would
 * otherwise drop the sign, and "10%" would go on the invoice as € 10.
 */
function DiscountValueInput({
  label,
  mode,
  value,
  onChange,
  onPercentTyped,
  error,
}: {
  label: string;
  mode: DiscountMode;
  value: number | '';
  onChange: (value: number | '') => void;
  onPercentTyped: () => void;
  error?: string | undefined;
}) {
  const money = useMoney();
  if (mode === 'amount') {
    return (
      <EuroInput
        label={label}
        value={value}
        onChange={onChange}
        error={error}
        onKeyDown={(event) => {
          if (event.key !== '%') return;
          event.preventDefault();
          onPercentTyped();
        }}
      />
    );
  }
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

/** A line's or a discount's input props: its name in the form, and in the API when that differs. */
type RowField<Name extends string> = (name: Name, apiName?: string) => FieldProps;

function DiscountFields({
  discount,
  n,
  field,
  serverError,
  onModeChange,
  onRemove,
}: {
  discount: DraftDiscount;
  n: number;
  field: RowField<'description' | 'value' | 'vatRate'>;
  serverError: unknown;
  onModeChange: (mode: DiscountMode, keepValue?: boolean) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('invoices');
  const { t: tc } = useTranslation();
  const value = field('value', 'amountCents');
  const vat = field('vatRate', 'vatRatePercent');
  return (
    <Paper component="fieldset" withBorder radius="md" p="sm" m={0} data-testid="invoice-discount">
      <Text component="legend" fw={500} size="sm" px={4}>
        {t('newInvoice.discountLine', { n })}
      </Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t('newInvoice.description')}
          placeholder={t('newInvoice.discountPlaceholder')}
          maxLength={300}
          flex={1}
          miw={200}
          {...field('description')}
        />
        <SegmentedControl
          aria-label={t('newInvoice.discountMode', { n })}
          value={discount.mode}
          onChange={(mode) => onModeChange(mode as DiscountMode)}
          data={[
            { value: 'amount', label: '€' },
            { value: 'percent', label: '%' },
          ]}
        />
        <DiscountValueInput
          label={t(discount.mode === 'percent' ? 'newInvoice.discountPercent' : 'newInvoice.discountAmount')}
          mode={discount.mode}
          onPercentTyped={() => onModeChange('percent', true)}
          {...value}
          error={value.error ?? fieldErrorText(tc, serverError, `discounts.${n - 1}.percent`)}
        />
        <VatSelect
          value={discount.vatRate}
          onChange={(rate) => vat.onChange(rate)}
          required
          error={vat.error}
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
  field,
  onRemove,
}: {
  line: DraftLine;
  n: number;
  field: RowField<'description' | 'quantity' | 'unitPrice' | 'vatRate'>;
  onRemove: () => void;
}) {
  const { t } = useTranslation('invoices');
  const quantity = field('quantity');
  const unitPrice = field('unitPrice', 'unitPriceCents');
  const vat = field('vatRate', 'vatRatePercent');
  // A minus is refused as it is typed (not only on sending): a discount is a discount line.
  const notPositive = line.quantity !== '' && line.quantity < 1 ? t('newInvoice.notPositive') : undefined;
  const negative = line.unitPrice !== '' && line.unitPrice < 0 ? t('newInvoice.negativePrice') : undefined;
  return (
    <Paper component="fieldset" withBorder radius="md" p="sm" m={0} data-testid="invoice-line">
      <Text component="legend" fw={500} size="sm" px={4}>
        {t('newInvoice.line', { n })}
      </Text>
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" flex={1}>
          <TextInput label={t('newInvoice.description')} maxLength={300} required {...field('description')} />
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            <NumberInput
              label={t('newInvoice.quantity')}
              max={1000}
              allowDecimal={false}
              // A minus is kept and refused here, never dropped: a discount is a discount line.
              required
              {...quantity}
              onChange={(value) => quantity.onChange(value === '' ? '' : Number(value))}
              error={notPositive ?? quantity.error}
            />
            <EuroInput
              label={t('newInvoice.unitPrice')}
              allowNegative
              required
              {...unitPrice}
              error={negative ?? unitPrice.error}
            />
            <VatSelect
              value={line.vatRate}
              onChange={(rate) => vat.onChange(rate)}
              required
              error={vat.error}
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
