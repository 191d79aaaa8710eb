import { Alert, Button, Checkbox, Loader, NumberInput, Paper, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiRequest } from '../../shared/api';
import { EuroInput } from '../../shared/euro-input';
import { useSchemaForm } from '../../shared/form';
import { toCents } from '../../shared/money';
import { requestErrorKey } from '../../shared/request-error';
import { SHOP_KEY } from '../shop-queries';
import type { ShopSettings } from '../shop-types';
import { SETTINGS_KEY, STOCK_KEY, useShopSettings } from './staff-shop-queries';

/** The owner's shop settings, a tab of the catalogue: on/off, shipping, hygiene exclusion, low stock. */
export function ShopSettingsPanel() {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  const settings = useShopSettings();
  if (settings.isPending) return <Loader role="status" aria-label={common('common.loading')} />;
  if (settings.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {common(requestErrorKey(settings.error))}
      </Alert>
    );
  }
  return (
    <SettingsForm
      initial={
        settings.data ?? { enabled: false, shippingCents: 0, hygieneSealExcluded: false, lowStockAt: 2 }
      }
      intro={t('staff.settingsIntro')}
    />
  );
}

const settingsSchema = z.object({
  enabled: z.boolean(),
  shipping: z.union([z.number().min(0, 'fieldError.invalid'), z.literal('')]),
  hygiene: z.boolean(),
  // An emptied field counts as 0, as before.
  lowStockAt: z
    .union([z.number(), z.string()])
    .transform((value) => (typeof value === 'number' ? value : Number.parseInt(value, 10) || 0))
    .pipe(z.number().int('fieldError.invalid').min(0, 'fieldError.invalid')),
});

function SettingsForm({ initial, intro }: { initial: ShopSettings; intro: string }) {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: ShopSettings) =>
      apiRequest<ShopSettings>('/api/shop/settings', { method: 'PUT', body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: SETTINGS_KEY });
      await queryClient.invalidateQueries({ queryKey: SHOP_KEY });
      await queryClient.invalidateQueries({ queryKey: STOCK_KEY });
    },
  });
  const { field, onSubmit } = useSchemaForm(
    settingsSchema,
    {
      enabled: initial.enabled,
      shipping: initial.shippingCents / 100,
      hygiene: initial.hygieneSealExcluded,
      lowStockAt: initial.lowStockAt,
    },
    save.error,
  );
  const submit = onSubmit((values) =>
    save.mutate({
      enabled: values.enabled,
      shippingCents: values.shipping === '' ? 0 : toCents(values.shipping),
      hygieneSealExcluded: values.hygiene,
      lowStockAt: values.lowStockAt,
    }),
  );
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-label={t('staff.settingsTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={520}>
          <Text c="dimmed">{intro}</Text>
          <Switch
            label={t('staff.enabled')}
            {...field('enabled', { checkbox: true })}
            data-testid="shop-enabled"
          />
          <EuroInput label={t('staff.shipping')} {...field('shipping', { apiField: 'shippingCents' })} />
          <Checkbox
            label={t('staff.hygiene')}
            description={t('staff.hygieneDescription')}
            {...field('hygiene', { checkbox: true, apiField: 'hygieneSealExcluded' })}
          />
          <NumberInput
            label={t('staff.lowStockAt')}
            min={0}
            allowDecimal={false}
            allowNegative={false}
            w={200}
            {...field('lowStockAt')}
          />
          {save.isError && (
            <Alert color="red" variant="light" role="alert">
              {common(requestErrorKey(save.error))}
            </Alert>
          )}
          {save.isSuccess && (
            <Alert color="teal" variant="light" role="status">
              {t('staff.saved')}
            </Alert>
          )}
          <div>
            <Button type="submit" loading={save.isPending}>
              {t('staff.save')}
            </Button>
          </div>
        </Stack>
      </form>
    </Paper>
  );
}
