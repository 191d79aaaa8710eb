import { Alert, Button, Checkbox, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { namesAnyField } from '../../shared/field-errors';
import { filledText, optionalText, REQUIRED, useSchemaForm } from '../../shared/form';
import { toCents } from '../../shared/money';
import { requestErrorKey } from '../../shared/request-error';
import type { Product, VatRate } from './catalogue-query';
import { PriceInput } from './price-input';
import { VatSelect } from './vat-select';

const FIELDS = [
  'name',
  'brand',
  'usedInTreatments',
  'soldForHomeUse',
  'priceCents',
  'vatRatePercent',
  'active',
];

interface ProductFormProps {
  product?: Product;
  pending: boolean;
  error: unknown;
  onSubmit: (body: Record<string, unknown>) => void;
  onCancel: () => void;
}

const productSchema = z
  .object({
    name: filledText(200),
    brand: optionalText(200),
    usedInTreatments: z.boolean(),
    soldForHomeUse: z.boolean(),
    price: z.union([z.number(), z.literal('')]),
    vat: z.number().nullable(),
    active: z.boolean(),
  })
  .refine((values) => !values.soldForHomeUse || values.price !== '', { path: ['price'], message: REQUIRED });

/** A product used in treatments, sold for home use, or both; a sale price only when it is sold. */
export function ProductForm({ product, pending, error, onSubmit, onCancel }: ProductFormProps) {
  const { t } = useTranslation();
  const {
    form,
    field,
    onSubmit: submit,
  } = useSchemaForm(
    productSchema,
    {
      name: product?.name ?? '',
      brand: product?.brand ?? '',
      usedInTreatments: product?.usedInTreatments ?? true,
      soldForHomeUse: product?.soldForHomeUse ?? false,
      price: product?.priceCents != null ? product.priceCents / 100 : '',
      vat: (product?.vatRatePercent as VatRate | null) ?? 21,
      active: product?.active ?? true,
    },
    error,
  );
  const { soldForHomeUse, vat } = form.getValues();

  return (
    <form
      onSubmit={submit((values) =>
        onSubmit({
          name: values.name,
          brand: values.brand,
          usedInTreatments: values.usedInTreatments,
          soldForHomeUse: values.soldForHomeUse,
          priceCents: values.price === '' ? null : toCents(values.price),
          vatRatePercent: values.price === '' ? null : values.vat,
          ...(product ? { active: values.active } : {}),
        }),
      )}
      noValidate
    >
      <Stack gap="sm">
        {error !== null && error !== undefined && (
          <Alert color="red" variant="light" role="alert" title={t('catalogue.saveFailed')}>
            {namesAnyField(error, FIELDS) ? t('clients.checkFields') : t(requestErrorKey(error))}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('catalogue.name')} required autoComplete="off" {...field('name')} />
          <TextInput label={t('catalogue.brand')} autoComplete="off" maxLength={200} {...field('brand')} />
          <PriceInput
            label={t('catalogue.salePrice')}
            required={soldForHomeUse}
            {...field('price', { apiField: 'priceCents' })}
          />
          <VatSelect
            value={vat as VatRate | null}
            onChange={(value) => form.setFieldValue('vat', value)}
            error={field('vat', { apiField: 'vatRatePercent' }).error}
          />
        </SimpleGrid>
        <Checkbox
          label={t('catalogue.usedInTreatments')}
          {...field('usedInTreatments', { checkbox: true })}
        />
        <Checkbox label={t('catalogue.soldForHomeUse')} {...field('soldForHomeUse', { checkbox: true })} />
        {product && (
          <Checkbox
            label={t('catalogue.activeLabel')}
            description={t('catalogue.activeDescription')}
            {...field('active', { checkbox: true })}
          />
        )}
        <Group gap="sm">
          <Button type="submit" loading={pending}>
            {t('catalogue.save')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
