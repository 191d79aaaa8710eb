import { Badge, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMoney } from '../../shared/money';
import { ProductShopSection } from '../../shop/staff/product-shop-section';
import { ActiveBadge } from './active-badge';
import { CataloguePanel } from './catalogue-panel';
import { PRODUCTS_KEY, type Product, useProducts } from './catalogue-query';
import { EditButton } from './edit-button';
import { ProductForm } from './product-form';

export function ProductsPanel() {
  const { t } = useTranslation();
  return (
    <CataloguePanel
      query={useProducts()}
      path="/api/products"
      listKey={PRODUCTS_KEY}
      newLabel={t('catalogue.newProduct')}
      emptyText={t('catalogue.noProducts')}
      renderForm={({ item, ...props }) => (
        <>
          <ProductForm product={item} {...props} />
          {/* The shop's own fields for a product sold for home use (description, hygiene, photo). */}
          {item?.soldForHomeUse && <ProductShopSection product={item} />}
        </>
      )}
      renderList={(products, onEdit) => <ProductTable products={products} onEdit={onEdit} />}
    />
  );
}

function ProductTable({ products, onEdit }: { products: Product[]; onEdit: (product: Product) => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="products">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('catalogue.name')}</Table.Th>
            <Table.Th>{t('catalogue.use')}</Table.Th>
            <Table.Th>{t('catalogue.salePrice')}</Table.Th>
            <Table.Th>{t('catalogue.status')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('team.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {products.map((product) => (
            <Table.Tr key={product.id}>
              <Table.Td>
                <Text fw={500}>{product.name}</Text>
                {product.brand && (
                  <Text size="sm" c="dimmed">
                    {product.brand}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {product.usedInTreatments && (
                    <Badge variant="light" tt="none">
                      {t('catalogue.useTreatments')}
                    </Badge>
                  )}
                  {product.soldForHomeUse && (
                    <Badge variant="light" color="grape" tt="none">
                      {t('catalogue.useHome')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                {product.priceCents === null ? (
                  '—'
                ) : (
                  <>
                    {money.format(product.priceCents)}
                    {product.vatRatePercent !== null && (
                      <Text size="xs" c="dimmed">
                        {t('catalogue.inclVat', { rate: product.vatRatePercent })}
                      </Text>
                    )}
                  </>
                )}
              </Table.Td>
              <Table.Td>
                <ActiveBadge active={product.active} />
              </Table.Td>
              <Table.Td>
                <EditButton name={product.name} onClick={() => onEdit(product)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
