import { Alert, Button, Group, NumberInput, Select, SimpleGrid, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import type { ApiBody, ApiResponse } from '../../shared/api-types';
import { optionalText, REQUIRED, useSchemaForm } from '../../shared/form';
import { useMoney } from '../../shared/money';
import { useProducts } from '../catalogue/catalogue-query';
import { dossierKeys } from './dossier-types';
import { formErrorText } from './form-helpers';

const homeProductSchema = z.object({
  productId: z
    .string()
    .nullable()
    .refine((id) => id !== null, REQUIRED),
  // NumberInput gives '' while empty.
  quantity: z.union([z.number(), z.literal('')]).refine((n) => n !== '', REQUIRED),
  advice: optionalText(2000),
});

/** A product the client took home, with how many and the advice given. */
export function HomeProductForm({ clientId, onDone }: { clientId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const queryClient = useQueryClient();
  const products = useProducts();
  const record = useMutation({
    mutationFn: (body: ApiBody<'/api/clients/{clientId}/home-products', 'post'>) =>
      apiPost<ApiResponse<'/api/clients/{clientId}/home-products', 'post'>>(
        `/api/clients/${encodeURIComponent(clientId)}/home-products`,
        body,
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: dossierKeys.dossier(clientId) });
      onDone();
    },
  });

  const options = (products.data ?? [])
    .filter((product) => product.active)
    .sort((a, b) => Number(b.soldForHomeUse) - Number(a.soldForHomeUse))
    .map((product) => ({
      value: product.id,
      label:
        product.priceCents === null ? product.name : `${product.name} · ${money.format(product.priceCents)}`,
    }));

  const { field, onSubmit } = useSchemaForm(
    homeProductSchema,
    { productId: null, quantity: 1, advice: '' },
    record.error,
  );
  const submit = onSubmit(({ advice, ...values }) =>
    record.mutate({ ...values, ...(advice ? { advice } : {}) }),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {record.isError && (
          <Alert color="red" variant="light" role="alert" title={t('dossier.saveFailed')}>
            {formErrorText(t, record.error)}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t('dossier.product')}
            placeholder={t('dossier.chooseProduct')}
            data={options}
            {...field('productId')}
            searchable
            nothingFoundMessage={t('dossier.noProducts')}
            required
          />
          <NumberInput
            label={t('dossier.quantity')}
            min={1}
            max={100}
            allowDecimal={false}
            allowNegative={false}
            required
            {...field('quantity')}
          />
        </SimpleGrid>
        <Textarea label={t('dossier.advice')} autosize minRows={2} maxLength={2000} {...field('advice')} />
        <Group gap="sm">
          <Button type="submit" loading={record.isPending}>
            {t('dossier.saveHomeProduct')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
