import { Alert, Button, Checkbox, Loader, NumberInput, Paper, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../shared/api';
import { EuroInput } from '../../shared/euro-input';
import { fieldErrorText } from '../../shared/field-errors';
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

function SettingsForm({ initial, intro }: { initial: ShopSettings; intro: string }) {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState(initial.enabled);
  const [shipping, setShipping] = useState<number | ''>(initial.shippingCents / 100);
  const [hygiene, setHygiene] = useState(initial.hygieneSealExcluded);
  const [lowStockAt, setLowStockAt] = useState<number>(initial.lowStockAt);
  const save = useMutation({
    mutationFn: (body: ShopSettings) =>
      apiRequest<ShopSettings>('/api/shop/settings', { method: 'PUT', body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: SETTINGS_KEY });
      await queryClient.invalidateQueries({ queryKey: SHOP_KEY });
      await queryClient.invalidateQueries({ queryKey: STOCK_KEY });
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({
      enabled,
      shippingCents: shipping === '' ? 0 : toCents(shipping),
      hygieneSealExcluded: hygiene,
      lowStockAt,
    });
  }
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-label={t('staff.settingsTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={520}>
          <Text c="dimmed">{intro}</Text>
          <Switch
            label={t('staff.enabled')}
            checked={enabled}
            onChange={(event) => setEnabled(event.currentTarget.checked)}
            data-testid="shop-enabled"
          />
          <EuroInput
            label={t('staff.shipping')}
            value={shipping}
            onChange={setShipping}
            error={fieldErrorText(common, save.error, 'shippingCents')}
          />
          <Checkbox
            label={t('staff.hygiene')}
            description={t('staff.hygieneDescription')}
            checked={hygiene}
            onChange={(event) => setHygiene(event.currentTarget.checked)}
          />
          <NumberInput
            label={t('staff.lowStockAt')}
            value={lowStockAt}
            onChange={(value) =>
              setLowStockAt(typeof value === 'number' ? value : Number.parseInt(value, 10) || 0)
            }
            min={0}
            allowDecimal={false}
            allowNegative={false}
            w={200}
            error={fieldErrorText(common, save.error, 'lowStockAt')}
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
