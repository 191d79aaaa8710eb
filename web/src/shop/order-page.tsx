import { Alert, Anchor, Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClinicName } from '../public/clinic-name';
import { ApiError } from '../shared/api';
import { useMoney } from '../shared/money';
import { requestErrorKey } from '../shared/request-error';
import { useOrderToken } from './order-token';
import classes from './shop.module.css';
import { beforeDeadline, useShopDates } from './shop-dates';
import { lookupOrder } from './shop-queries';
import { effectiveStatus, type OrderView } from './shop-types';

const POLL_MS = 2500;

/**
 * /shop/order#token: where Mollie sends the buyer back, and the order's status page linked from the
 * e-mails. While the payment is open it asks again every few seconds (the server asks Mollie).
 */
export function OrderPage() {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  const clinic = useClinicName();
  useDocumentTitle(`${t('order.title')} · ${clinic}`);
  const token = useOrderToken();
  const order = useQuery({
    queryKey: ['public', 'shop', 'order', token],
    queryFn: () => lookupOrder(token ?? ''),
    enabled: Boolean(token),
    retry: false,
    // Only an open online payment can change by itself; an order paid at pick-up waits for the desk.
    refetchInterval: (query) =>
      query.state.data?.status === 'awaiting_payment' && query.state.data.payment === 'online'
        ? POLL_MS
        : false,
    refetchOnWindowFocus: true,
  });
  const gone = !token || (order.error instanceof ApiError && order.error.status === 404);
  return (
    <Stack gap="lg" py="xl" maw={720} mx="auto">
      <Title order={1}>
        {order.data ? t('order.titleNumber', { number: order.data.number }) : t('order.title')}
      </Title>
      {gone ? (
        <Alert variant="light" role="status">
          {t('order.unknown')}
        </Alert>
      ) : order.isPending ? (
        <Loader role="status" aria-label={t('order.loading')} />
      ) : order.isError ? (
        <Alert color="red" variant="light" role="alert">
          {common(requestErrorKey(order.error))}
        </Alert>
      ) : (
        <OrderDetails order={order.data} token={token} />
      )}
    </Stack>
  );
}

function StatusAlert({ order }: { order: OrderView }) {
  const { t } = useTranslation('shop');
  const dates = useShopDates();
  const ref = useRef<HTMLDivElement>(null);
  const { status, reason } = effectiveStatus(order);
  // A change of status (paid after the wait) is announced and gets the focus.
  useEffect(() => {
    if (status !== 'awaiting_payment') ref.current?.focus();
  }, [status]);
  const common = {
    ref,
    tabIndex: -1,
    variant: 'light' as const,
    'data-testid': 'order-status',
    'data-status': status,
  };
  switch (status) {
    case 'awaiting_payment':
      return (
        <Alert {...common} color="blue" role="status" title={t('status.awaiting_payment')}>
          <Stack gap="xs">
            <Group gap="xs">
              <Loader size="xs" aria-hidden="true" />
              <Text size="sm">
                {order.payment === 'online' ? t('order.waiting') : t('order.payAtPickUp')}
              </Text>
            </Group>
            {order.payment === 'online' && order.checkoutUrl && (
              <Anchor href={order.checkoutUrl} size="sm">
                {t('order.payNow')}
              </Anchor>
            )}
          </Stack>
        </Alert>
      );
    case 'paid':
      return (
        <Alert {...common} color="teal" role="status" title={t('order.paidTitle')}>
          {order.fulfilment === 'pick_up' ? t('order.paidPickUp') : t('order.paidDelivery')}
        </Alert>
      );
    case 'ready_for_pick_up':
      return (
        <Alert {...common} color="teal" role="status" title={t('status.ready_for_pick_up')}>
          {order.payment === 'at_pick_up' ? t('order.readyPay') : t('order.ready')}
        </Alert>
      );
    case 'shipped':
      return (
        <Alert {...common} color="teal" role="status" title={t('status.shipped')}>
          {order.trackAndTrace ? (
            <Text size="sm" data-testid="track-and-trace">
              {t('order.trackAndTrace', { code: order.trackAndTrace })}
            </Text>
          ) : (
            t('order.shipped')
          )}
        </Alert>
      );
    case 'completed':
      return (
        <Alert {...common} color="teal" role="status" title={t('status.completed')}>
          {order.withdrawalDeadline && beforeDeadline(order.withdrawalDeadline)
            ? t('order.completedWithdraw', { date: dates.day(order.withdrawalDeadline) })
            : t('order.completed')}
        </Alert>
      );
    case 'withdrawn':
      return (
        <Alert {...common} color="gray" role="status" title={t('status.withdrawn')}>
          {t('order.withdrawn')}
        </Alert>
      );
    default:
      return (
        <Alert {...common} color="red" role="alert" title={t('order.cancelledTitle')}>
          <Stack gap="xs">
            <Text size="sm">
              {reason === 'payment_failed'
                ? t('order.failed')
                : reason === 'expired'
                  ? t('order.expired')
                  : t('order.cancelled')}
            </Text>
            {reason && (
              <div>
                <Button component={Link} to="/shop" size="compact-md" variant="white">
                  {t('order.orderAgain')}
                </Button>
              </div>
            )}
          </Stack>
        </Alert>
      );
  }
}

function OrderDetails({ order, token }: { order: OrderView; token: string | undefined }) {
  const { t } = useTranslation('shop');
  const money = useMoney();
  const dates = useShopDates();
  const canWithdraw =
    beforeDeadline(order.withdrawalDeadline) && order.lines.some((line) => line.withdrawable > 0);
  return (
    <Stack gap="md">
      <StatusAlert order={order} />
      <Paper p={{ base: 'md', sm: 'lg' }} radius="lg" className={classes.section}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('order.placedAt', { when: dates.moment(order.createdAt) })}
          </Text>
          <Table.ScrollContainer minWidth={320}>
            <Table data-testid="order-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('checkout.product')}</Table.Th>
                  <Table.Th ta="right">{t('checkout.quantity')}</Table.Th>
                  <Table.Th ta="right">{t('checkout.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {order.lines.map((line) => (
                  <Table.Tr key={line.id}>
                    <Table.Td>
                      {line.name}
                      {line.withdrawnQuantity > 0 && (
                        <Text size="xs" c="dimmed">
                          {t('order.lineWithdrawn', { count: line.withdrawnQuantity })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{line.quantity}</Table.Td>
                    <Table.Td ta="right">{money.format(line.totalCents)}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td colSpan={2}>{t('checkout.shipping')}</Table.Td>
                  <Table.Td ta="right">
                    {order.shippingCents === 0 ? t('checkout.free') : money.format(order.shippingCents)}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th colSpan={2} scope="row">
                    {t('checkout.total')}
                  </Table.Th>
                  <Table.Th ta="right">{money.format(order.totalCents)}</Table.Th>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="sm">
            {order.fulfilment === 'pick_up' ? t('order.fulfilmentPickUp') : t('order.fulfilmentDelivery')}
            {' · '}
            {order.payment === 'online' ? t('order.paymentOnline') : t('order.paymentAtPickUp')}
          </Text>
          {order.trackAndTrace && effectiveStatus(order).status !== 'shipped' && (
            <Text size="sm">{t('order.trackAndTrace', { code: order.trackAndTrace })}</Text>
          )}
        </Stack>
      </Paper>
      {canWithdraw && token && (
        <Paper p={{ base: 'md', sm: 'lg' }} radius="lg" className={classes.section}>
          <Stack gap="xs">
            <Title order={2} size="h4">
              {t('order.withdrawTitle')}
            </Title>
            <Text size="sm">
              {t('order.withdrawText', { date: dates.day(order.withdrawalDeadline ?? '') })}
            </Text>
            <div>
              <Button
                component={Link}
                to={`/shop/withdraw#token=${token}`}
                variant="light"
                data-testid="withdraw-link"
              >
                {t('order.withdrawLink')}
              </Button>
            </div>
          </Stack>
        </Paper>
      )}
      <Anchor component={Link} to="/shop">
        {t('order.backToShop')}
      </Anchor>
    </Stack>
  );
}
