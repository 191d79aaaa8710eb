import { Alert, Button, Checkbox, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
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

/** A product used in treatments, sold for home use, or both; a sale price only when it is sold. */
export function ProductForm({ product, pending, error, onSubmit, onCancel }: ProductFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(product?.name ?? '');
  const [brand, setBrand] = useState(product?.brand ?? '');
  const [usedInTreatments, setUsedInTreatments] = useState(product?.usedInTreatments ?? true);
  const [soldForHomeUse, setSoldForHomeUse] = useState(product?.soldForHomeUse ?? false);
  const [price, setPrice] = useState<number | ''>(
    product?.priceCents != null ? product.priceCents / 100 : '',
  );
  const [vat, setVat] = useState<VatRate | null>((product?.vatRatePercent as VatRate | null) ?? 21);
  const [active, setActive] = useState(product?.active ?? true);
  const [missing, setMissing] = useState<{ name?: boolean; price?: boolean }>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const nowMissing = { name: name.trim() === '', price: soldForHomeUse && price === '' };
    setMissing(nowMissing);
    if (nowMissing.name || nowMissing.price) return;
    onSubmit({
      name: name.trim(),
      brand: brand.trim(),
      usedInTreatments,
      soldForHomeUse,
      priceCents: price === '' ? null : toCents(price),
      vatRatePercent: price === '' ? null : vat,
      ...(product ? { active } : {}),
    });
  }

  const fieldError = (field: string) => fieldErrorText(t, error, field);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {error !== null && error !== undefined && (
          <Alert color="red" variant="light" role="alert" title={t('catalogue.saveFailed')}>
            {namesAnyField(error, FIELDS) ? t('clients.checkFields') : t(requestErrorKey(error))}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('catalogue.name')}
            required
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={missing.name ? t('fieldError.required') : fieldError('name')}
          />
          <TextInput
            label={t('catalogue.brand')}
            autoComplete="off"
            maxLength={200}
            value={brand}
            onChange={(e) => setBrand(e.currentTarget.value)}
            error={fieldError('brand')}
          />
          <PriceInput
            label={t('catalogue.salePrice')}
            required={soldForHomeUse}
            value={price}
            onChange={setPrice}
            error={missing.price ? t('fieldError.required') : fieldError('priceCents')}
          />
          <VatSelect value={vat} onChange={setVat} error={fieldError('vatRatePercent')} />
        </SimpleGrid>
        <Checkbox
          label={t('catalogue.usedInTreatments')}
          checked={usedInTreatments}
          onChange={(e) => setUsedInTreatments(e.currentTarget.checked)}
        />
        <Checkbox
          label={t('catalogue.soldForHomeUse')}
          checked={soldForHomeUse}
          onChange={(e) => setSoldForHomeUse(e.currentTarget.checked)}
        />
        {product && (
          <Checkbox
            label={t('catalogue.activeLabel')}
            description={t('catalogue.activeDescription')}
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
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
