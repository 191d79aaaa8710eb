import { Button, Fieldset, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Product } from '../catalogue/catalogue-query';

export interface ProductUsed {
  productId: string | null;
  batch: string;
  amount: string;
}

interface ProductsUsedFieldsProps {
  products: Product[];
  rows: ProductUsed[];
  onChange: (rows: ProductUsed[]) => void;
  /** The message for a field such as products.0.batch, if any. */
  errorOf: (field: string) => string | undefined;
}

/** Products used in the treatment, each with its batch (lot) number and amount; repeatable. */
export function ProductsUsedFields({ products, rows, onChange, errorOf }: ProductsUsedFieldsProps) {
  const { t } = useTranslation();
  const options = products
    .filter((product) => product.active && product.usedInTreatments)
    .map((product) => ({
      value: product.id,
      label: product.brand ? `${product.name} (${product.brand})` : product.name,
    }));
  const update = (index: number, change: Partial<ProductUsed>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <Fieldset legend={t('dossier.productsUsed')} radius="md">
      <Stack gap="sm">
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('dossier.noProductsYet')}
          </Text>
        )}
        {rows.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own
          <Stack key={index} gap={4} data-testid="product-used">
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <Select
                label={t('dossier.productNumbered', { number: index + 1 })}
                placeholder={t('dossier.chooseProduct')}
                data={options}
                value={row.productId}
                onChange={(productId) => update(index, { productId })}
                searchable
                nothingFoundMessage={t('dossier.noProducts')}
                required
                error={errorOf(`products.${index}.productId`)}
              />
              <TextInput
                label={t('dossier.batch')}
                autoComplete="off"
                maxLength={100}
                value={row.batch}
                onChange={(e) => update(index, { batch: e.currentTarget.value })}
                error={errorOf(`products.${index}.batch`)}
              />
              <TextInput
                label={t('dossier.amount')}
                placeholder={t('dossier.amountPlaceholder')}
                autoComplete="off"
                maxLength={50}
                value={row.amount}
                onChange={(e) => update(index, { amount: e.currentTarget.value })}
                error={errorOf(`products.${index}.amount`)}
              />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button
                variant="subtle"
                color="red"
                size="compact-sm"
                onClick={() => onChange(rows.filter((_, i) => i !== index))}
              >
                {t('dossier.removeProduct', { number: index + 1 })}
              </Button>
            </Group>
          </Stack>
        ))}
        <Group>
          <Button
            variant="light"
            onClick={() => onChange([...rows, { productId: null, batch: '', amount: '' }])}
          >
            {t('dossier.addProduct')}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
