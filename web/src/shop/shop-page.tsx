import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
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
import type { Shop, ShopProduct } from './shop-types';

/** /shop: the clinic's home-use products, phone first. */
export function ShopPage() {
  const { t } = useTranslation('shop');
  const clinic = useClinicName();
  useDocumentTitle(`${t('shop.title')} · ${clinic}`);
  return (
    <Stack gap="lg" py="xl">
      <Stack gap={4}>
        <Title order={1}>{t('shop.title')}</Title>
        <Text>{t('shop.intro')}</Text>
      </Stack>
      <ShopFrame>{(shop) => <Products shop={shop} />}</ShopFrame>
    </Stack>
  );
}

function Products({ shop }: { shop: Shop }) {
  const { t } = useTranslation('shop');
  const money = useMoney();
  const cart = useCart();
  const { reconcile } = cart;
  useEffect(() => reconcile(shop.products), [reconcile, shop.products]);
  const total = cart.lines.reduce((sum, line) => {
    const product = shop.products.find((item) => item.id === line.productId);
    return sum + (product ? product.priceCents * line.quantity : 0);
  }, 0);
  if (shop.products.length === 0) return <Text>{t('shop.noProducts')}</Text>;
  return (
    <>
      <SimpleGrid
        cols={{ base: 1, xs: 2, md: 3 }}
        spacing="md"
        component="ul"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
      >
        {shop.products.map((product) => (
          <li key={product.id}>
            <ProductCard
              product={product}
              inCart={cart.lines.find((line) => line.productId === product.id)?.quantity ?? 0}
              onAdd={() => cart.add(product)}
            />
          </li>
        ))}
      </SimpleGrid>
      {cart.count > 0 && (
        <div className={classes.cartBar}>
          <Button component={Link} to="/shop/cart" size="md" fullWidth data-testid="to-cart">
            {t('shop.toCart', { count: cart.count, total: money.format(total) })}
          </Button>
        </div>
      )}
    </>
  );
}

function ProductCard({
  product,
  inCart,
  onAdd,
}: {
  product: ShopProduct;
  inCart: number;
  onAdd: () => void;
}) {
  const { t } = useTranslation('shop');
  const money = useMoney();
  const full = inCart >= Math.min(product.available, MAX_PER_LINE);
  return (
    <Card
      component="article"
      radius="lg"
      padding="md"
      className={classes.section}
      h="100%"
      aria-labelledby={`product-${product.id}`}
      data-testid="shop-product"
    >
      <Card.Section>
        <ProductPhoto product={product} />
      </Card.Section>
      <Stack gap={6} mt="sm" style={{ flex: 1 }}>
        {product.brand && (
          <Text size="sm" c="dimmed" tt="uppercase" fw={500}>
            {product.brand}
          </Text>
        )}
        <Title order={2} size="h4" id={`product-${product.id}`}>
          {product.name}
        </Title>
        {product.description && (
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            {product.description}
          </Text>
        )}
        <Group justify="space-between" mt="auto" pt="xs" wrap="nowrap">
          <Stack gap={0}>
            <Text fw={700} size="lg" data-testid="price">
              {money.format(product.priceCents)}
            </Text>
            <Text size="xs" c="dimmed">
              {t('shop.inclVat', { rate: product.vatRatePercent })}
            </Text>
          </Stack>
          {product.soldOut || product.available <= 0 ? (
            <Badge color="gray" variant="light" tt="none" size="lg">
              {t('shop.soldOut')}
            </Badge>
          ) : (
            <Badge color="teal" variant="light" tt="none" size="lg">
              {t('shop.inStock')}
            </Badge>
          )}
        </Group>
        {!product.soldOut && product.available > 0 && (
          <Button onClick={onAdd} disabled={full} variant={inCart > 0 ? 'light' : 'filled'}>
            {full
              ? t('shop.allInCart')
              : inCart > 0
                ? t('shop.addAnother', { count: inCart })
                : t('shop.add')}
            <VisuallyHidden>: {product.name}</VisuallyHidden>
          </Button>
        )}
      </Stack>
    </Card>
  );
}
