import { Alert, Anchor, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useZonedFormat } from '../../agenda/zoned-format';
import { useMoney } from '../../shared/money';
import { requestErrorKey } from '../../shared/request-error';
import { ORDER_STATUSES, type OrderStatus } from '../shop-types';
import { OrderStatusBadge } from './order-status-badge';
import { useOrders } from './staff-shop-queries';

/** /app/orders: the shop's orders, newest first, filtered by status. */
export function OrdersPage() {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  useDocumentTitle(`${t('staff.ordersTitle')} · ${common('common.brand')}`);
  const money = useMoney();
  const format = useZonedFormat();
  const [status, setStatus] = useState<OrderStatus | null>(null);
  const orders = useOrders(status);
  const rows = [...(orders.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Stack gap="lg" maw={1040}>
      <Stack gap={4}>
        <Title order={1}>{t('staff.ordersTitle')}</Title>
        <Text c="dimmed">{t('staff.ordersIntro')}</Text>
      </Stack>
      <Select
        label={t('staff.filter')}
        w={260}
        data={[
          { value: '', label: t('staff.allStatuses') },
          ...ORDER_STATUSES.map((value) => ({ value, label: t(`status.${value}`) })),
        ]}
        value={status ?? ''}
        onChange={(value) => setStatus(value ? (value as OrderStatus) : null)}
        allowDeselect={false}
        data-testid="order-filter"
      />
      {orders.isPending && <Loader role="status" aria-label={t('order.loading')} />}
      {orders.isError && (
        <Alert color="red" variant="light" role="alert">
          {common(requestErrorKey(orders.error))}
        </Alert>
      )}
      {orders.data && rows.length === 0 && <Text>{t('staff.noOrders')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="orders">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('staff.number')}</Table.Th>
                <Table.Th>{t('staff.date')}</Table.Th>
                <Table.Th>{t('staff.buyer')}</Table.Th>
                <Table.Th>{t('staff.fulfilment')}</Table.Th>
                <Table.Th ta="right">{t('staff.total')}</Table.Th>
                <Table.Th>{t('staff.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((order) => (
                <Table.Tr key={order.id}>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/app/orders/${encodeURIComponent(order.id)}`}
                      aria-label={t('staff.openLabel', { number: order.number })}
                      fw={600}
                    >
                      {order.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{format.shortDateTime(order.createdAt)}</Table.Td>
                  <Table.Td>{order.name}</Table.Td>
                  <Table.Td>
                    {order.fulfilment === 'pick_up'
                      ? t('order.fulfilmentPickUp')
                      : t('order.fulfilmentDelivery')}
                    <Text size="xs" c="dimmed">
                      {order.payment === 'online' ? t('order.paymentOnline') : t('order.paymentAtPickUp')}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{money.format(order.totalCents)}</Table.Td>
                  <Table.Td>
                    <OrderStatusBadge status={order.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
