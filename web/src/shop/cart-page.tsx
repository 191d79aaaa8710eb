import {
  Alert,
  Anchor,
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClinicName } from '../public/clinic-name';
import { useMoney } from '../shared/money';
import { MAX_PER_LINE, useCart } from './cart';
import { ProductPhoto } from './product-photo';
import classes from './shop.module.css';
import { ShopFrame } from './shop-frame';
import type { Shop } from './shop-types';

/** /shop/cart: the chosen products and their quantities (never above what is available). */
export function CartPage() {
  const { t } = useTranslation('shop');
  const clinic = useClinicName();
  useDocumentTitle(`${t('cart.title')} · ${clinic}`);
  return (
    <Stack gap="lg" py="xl" maw={720} mx="auto">
      <Title order={1}>{t('cart.title')}</Title>
      <ShopFrame>{(shop) => <CartLines shop={shop} />}</ShopFrame>
    </Stack>
  );
}

function CartLines({ shop }: { shop: Shop }) {
  const { t } = useTranslation('shop');
  const money = useMoney();
  const cart = useCart();
  const { reconcile } = cart;
  useEffect(() => reconcile(shop.products), [reconcile, shop.products]);
  const rows = cart.lines.flatMap((line) => {
    const product = shop.products.find((item) => item.id === line.productId);
    return product ? [{ line, product }] : [];
  });
  if (rows.length === 0) {
    return (
      <Stack gap="md">
        <Text>{t('cart.empty')}</Text>
        <div>
          <Button component={Link} to="/shop" variant="light">
            {t('cart.toShop')}
          </Button>
        </div>
      </Stack>
    );
  }
  const subtotal = rows.reduce((sum, { line, product }) => sum + line.quantity * product.priceCents, 0);
  return (
    <Stack gap="md">
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="cart-lines">
        {rows.map(({ line, product }) => (
          <Paper component="li" key={product.id} p="sm" radius="md" className={classes.section}>
            <Group wrap="nowrap" align="flex-start" gap="sm">
              <ProductPhoto product={product} variant="thumb" />
              <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                <Text fw={600}>{product.name}</Text>
                <Text size="sm" c="dimmed">
                  {t('cart.each', { price: money.format(product.priceCents) })}
                </Text>
                <Group gap="sm" align="flex-end" wrap="wrap">
                  <NumberInput
                    label={
                      <>
                        {t('cart.quantity')}
                        <VisuallyHidden> {product.name}</VisuallyHidden>
                      </>
                    }
                    value={line.quantity}
                    min={1}
                    max={Math.min(product.available, MAX_PER_LINE)}
                    step={1}
                    allowDecimal={false}
                    allowNegative={false}
                    clampBehavior="strict"
                    w={96}
                    onChange={(value) => {
                      const quantity = typeof value === 'number' ? value : Number.parseInt(value, 10);
                      if (Number.isFinite(quantity) && quantity > 0) {
                        cart.setQuantity(product.id, quantity, product.available);
                      }
                    }}
                  />
                  <Button
                    variant="subtle"
                    color="red"
                    c="red.9"
                    onClick={() => cart.setQuantity(product.id, 0, product.available)}
                  >
                    {t('cart.remove')}
                    <VisuallyHidden> {product.name}</VisuallyHidden>
                  </Button>
                </Group>
                {line.quantity >= Math.min(product.available, MAX_PER_LINE) && (
                  <Text size="xs" c="dimmed">
                    {t('cart.maxReached', { count: Math.min(product.available, MAX_PER_LINE) })}
                  </Text>
                )}
              </Stack>
              <Text fw={600}>{money.format(line.quantity * product.priceCents)}</Text>
            </Group>
          </Paper>
        ))}
      </Stack>
      <Group justify="space-between">
        <Text fw={600}>{t('cart.subtotal')}</Text>
        <Text fw={700} data-testid="cart-subtotal">
          {money.format(subtotal)}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        {t('cart.shippingHint', { price: money.format(shop.shippingCents) })}
      </Text>
      <Alert variant="light" color="gray">
        {t('cart.storageNote')}
      </Alert>
      <Group justify="space-between">
        <Anchor component={Link} to="/shop">
          {t('cart.continue')}
        </Anchor>
        <Button component={Link} to="/shop/checkout" size="md" data-testid="to-checkout">
          {t('cart.checkout')}
        </Button>
      </Group>
    </Stack>
  );
}
