import { Alert, Loader, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { requestErrorKey } from '../shared/request-error';
import { useShop } from './shop-queries';
import type { Shop } from './shop-types';

/** Loads the shop; says so when it is switched off or cannot be reached. */
export function ShopFrame({ children }: { children: (shop: Shop) => ReactNode }) {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  const shop = useShop();
  if (shop.isPending) {
    return (
      <Stack align="center" py="xl">
        <Loader role="status" aria-label={t('shop.loading')} />
      </Stack>
    );
  }
  if (shop.isError) {
    return (
      <Alert color="red" variant="light" role="alert" my="xl">
        {common(requestErrorKey(shop.error))}
      </Alert>
    );
  }
  if (!shop.data) {
    return (
      <Alert variant="light" my="xl" role="status">
        {t('shop.closed')}
      </Alert>
    );
  }
  return children(shop.data);
}
