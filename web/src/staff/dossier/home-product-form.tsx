import { Alert, Button, Group, NumberInput, Select, SimpleGrid, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { useMoney } from '../../shared/money';
import { useProducts } from '../catalogue/catalogue-query';
import { dossierKeys } from './dossier-types';
import { fieldError, formErrorText } from './form-helpers';

/** A product the client took home, with how many and the advice given. */
export function HomeProductForm({ clientId, onDone }: { clientId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const queryClient = useQueryClient();
  const products = useProducts();
  const [productId, setProductId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number | ''>(1);
  const [advice, setAdvice] = useState('');
  const [missing, setMissing] = useState<{ productId?: boolean; quantity?: boolean }>({});
  const record = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiPost<{ id: string }>(`/api/clients/${encodeURIComponent(clientId)}/home-products`, body),
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

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const nowMissing = { productId: productId === null, quantity: quantity === '' };
    setMissing(nowMissing);
    if (nowMissing.productId || nowMissing.quantity) return;
    record.mutate({ productId, quantity, ...(advice.trim() ? { advice: advice.trim() } : {}) });
  }

  const errorOf = fieldError(t, record.error);
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
            value={productId}
            onChange={setProductId}
            searchable
            nothingFoundMessage={t('dossier.noProducts')}
            required
            error={missing.productId ? t('fieldError.required') : errorOf('productId')}
          />
          <NumberInput
            label={t('dossier.quantity')}
            min={1}
            max={100}
            allowDecimal={false}
            allowNegative={false}
            required
            value={quantity}
            onChange={(value) => setQuantity(typeof value === 'number' ? value : '')}
            error={missing.quantity ? t('fieldError.required') : errorOf('quantity')}
          />
        </SimpleGrid>
        <Textarea
          label={t('dossier.advice')}
          autosize
          minRows={2}
          maxLength={2000}
          value={advice}
          onChange={(e) => setAdvice(e.currentTarget.value)}
          error={errorOf('advice')}
        />
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
