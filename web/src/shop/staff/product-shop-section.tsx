import {
  Alert,
  Button,
  Checkbox,
  FileButton,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPutForm, apiRequest } from '../../shared/api';
import type { ApiSchemas } from '../../shared/api-types';
import { fieldErrorText } from '../../shared/field-errors';
import { optionalText, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { PRODUCTS_KEY } from '../../staff/catalogue/catalogue-query';
import { SHOP_KEY, useShop } from '../shop-queries';

/**
 * A product of the catalogue's list (GET /api/products), with its shop text and hygiene flag; the
 * catalogue's own type may not name those yet, so they may be absent (then the shop's listing fills in).
 */
export type ProductShopFields = Pick<Product, 'id' | 'name'> &
  Partial<Pick<Product, 'description' | 'hygiene'>>;
type Product = ApiSchemas['Product'];

const shopTextSchema = z.object({ description: optionalText(2000), hygiene: z.boolean() });

/**
 * Under a home-use product's catalogue form: its shop description, hygiene flag and photo. Saved on
 * their own (PUT /api/shop/products/:id and …/image), apart from the catalogue fields.
 */
export function ProductShopSection({ product }: { product: ProductShopFields }) {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  const titleId = useId();
  const queryClient = useQueryClient();
  const shop = useShop();
  const listed = shop.data?.products.find((item) => item.id === product.id);
  const save = useMutation({
    mutationFn: (body: z.output<typeof shopTextSchema>) =>
      apiRequest<unknown>(`/api/shop/products/${encodeURIComponent(product.id)}`, { method: 'PUT', body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: PRODUCTS_KEY });
      await queryClient.invalidateQueries({ queryKey: SHOP_KEY });
    },
  });
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('image', file, file.name);
      return apiPutForm<unknown>(`/api/shop/products/${encodeURIComponent(product.id)}/image`, form);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: PRODUCTS_KEY });
      await queryClient.invalidateQueries({ queryKey: SHOP_KEY });
    },
  });
  const { field, onSubmit } = useSchemaForm(
    shopTextSchema,
    {
      description: product.description ?? listed?.description ?? '',
      hygiene: product.hygiene ?? listed?.hygiene ?? false,
    },
    save.error,
  );
  return (
    <Paper
      component="section"
      p="md"
      radius="lg"
      withBorder
      mt="md"
      aria-labelledby={titleId}
      data-testid="product-shop"
    >
      <Title order={3} size="h4" id={titleId} mb="sm">
        {t('staff.productShop')}
      </Title>
      <form onSubmit={onSubmit((values) => save.mutate(values))} noValidate>
        <Stack gap="sm">
          <Textarea
            label={t('staff.description')}
            autosize
            minRows={3}
            maxLength={2000}
            {...field('description')}
          />
          <Checkbox label={t('staff.hygieneProduct')} {...field('hygiene', { checkbox: true })} />
          {save.isError && !fieldErrorText(common, save.error, 'description') && (
            <Alert color="red" variant="light" role="alert">
              {common(requestErrorKey(save.error))}
            </Alert>
          )}
          {save.isSuccess && (
            <Text size="sm" c="teal.9" role="status">
              {t('staff.saved')}
            </Text>
          )}
          <div>
            <Button type="submit" variant="light" loading={save.isPending}>
              {t('staff.save')}
            </Button>
          </div>
        </Stack>
      </form>
      <Stack gap={4} mt="md">
        <Text size="sm" fw={500}>
          {t('staff.photo')}
        </Text>
        <Group gap="sm">
          <FileButton onChange={(file) => file && upload.mutate(file)} accept="image/jpeg,image/webp">
            {(props) => (
              <Button {...props} variant="default" loading={upload.isPending}>
                {t('staff.photoUpload')}
              </Button>
            )}
          </FileButton>
          <Text size="xs" c="dimmed">
            {t('staff.photoHint')}
          </Text>
        </Group>
        {upload.isSuccess && (
          <Text size="sm" c="teal.9" role="status">
            {t('staff.photoSaved')}
          </Text>
        )}
        {upload.isError && (
          <Text size="sm" c="red.8" role="alert">
            {common(requestErrorKey(upload.error))}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
