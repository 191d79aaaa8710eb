import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Modal,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { z } from 'zod';
import { useZonedFormat } from '../../agenda/zoned-format';
import { apiPost } from '../../shared/api';
import { fieldErrorText } from '../../shared/field-errors';
import { optionalText, trimmedAtLeast, useSchemaForm } from '../../shared/form';
import { useMoney } from '../../shared/money';
import { requestErrorKey } from '../../shared/request-error';
import { PdfMenu } from '../../staff/invoices/pdf-menu';
import { useKnownSession } from '../../staff/session/session-query';
import { useShopDates } from '../shop-dates';
import { effectiveStatus, type StaffOrder } from '../shop-types';
import { OrderStatusBadge } from './order-status-badge';
import { ORDERS_KEY, STOCK_KEY, useOrder } from './staff-shop-queries';

/** /app/orders/:orderId: one order, its buyer and dossier link, invoice, actions and withdrawals. */
export function OrderDetailPage() {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  const { orderId = '' } = useParams();
  const order = useOrder(orderId);
  useDocumentTitle(
    `${order.data ? t('staff.orderTitle', { number: order.data.number }) : t('staff.ordersTitle')} · ${common('common.brand')}`,
  );
  return (
    <Stack gap="lg" maw={1040}>
      <Anchor component={Link} to="/app/orders" size="sm">
        {t('staff.backToOrders')}
      </Anchor>
      {order.isPending && <Loader role="status" aria-label={t('order.loading')} />}
      {order.isError && (
        <Alert color="red" variant="light" role="alert">
          {common(requestErrorKey(order.error))}
        </Alert>
      )}
      {order.data && <OrderDetail order={order.data} />}
    </Stack>
  );
}

function Block({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper p="md" radius="md" withBorder component="section" aria-label={title} data-testid={testId}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function OrderDetail({ order }: { order: StaffOrder }) {
  const { t, i18n } = useTranslation('shop');
  const money = useMoney();
  const format = useZonedFormat();
  const dates = useShopDates();
  const session = useKnownSession();
  const handles = session?.staff.role === 'owner' || session?.staff.role === 'reception';
  const link = order.clientLink ?? 'none';
  /** The server keeps what happened as a key and its figures; the sentence is in the screen's language. */
  const eventText = ({ what, details }: StaffOrder['events'][number]) => {
    const word = (group: 'status' | 'paymentStatus' | 'method', value: unknown) =>
      typeof value === 'string' && i18n.exists(`${group}.${value}`, { ns: 'shop' })
        ? String(t(`${group}.${value}` as never))
        : String(value ?? '');
    if (!i18n.exists(`events.${what}`, { ns: 'shop' })) return what;
    return String(
      t(
        `events.${what}` as never,
        {
          ...details,
          status: word(what === 'payment_ended' ? 'paymentStatus' : 'status', details.status),
          method: word('method', details.method),
          amount: typeof details.amountCents === 'number' ? money.format(details.amountCents) : '',
        } as never,
      ),
    );
  };
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{t('staff.orderTitle', { number: order.number })}</Title>
          <Text size="sm" c="dimmed">
            {t('order.placedAt', { when: format.dateTime(order.createdAt) })}
          </Text>
        </Stack>
        <OrderStatusBadge status={order.status} cancelReason={order.cancelReason} />
      </Group>
      <Block title={t('staff.lines')}>
        <Table.ScrollContainer minWidth={300}>
          <Table data-testid="staff-order-lines">
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
                <Table.Td ta="right">{money.format(order.shippingCents)}</Table.Td>
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
        <Text size="sm" mt="xs">
          {order.fulfilment === 'pick_up' ? t('order.fulfilmentPickUp') : t('order.fulfilmentDelivery')}
          {' · '}
          {order.payment === 'online' ? t('order.paymentOnline') : t('order.paymentAtPickUp')}
          {order.trackAndTrace ? ` · ${t('order.trackAndTrace', { code: order.trackAndTrace })}` : ''}
        </Text>
      </Block>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Block title={t('staff.buyerTitle')}>
          <Stack gap={2}>
            {order.name && <Text fw={500}>{order.name}</Text>}
            <Text size="sm">{order.email}</Text>
            <Text size="sm">{order.phone}</Text>
            {order.address && (
              <Text size="sm">
                {order.address.street} {order.address.houseNumber}, {order.address.postcode}{' '}
                {order.address.city}
                {order.address.country && order.address.country !== 'NL' ? `, ${order.address.country}` : ''}
              </Text>
            )}
            <Text size="sm" mt="xs" data-testid="client-link">
              {t('staff.dossier')}: {t(`staff.clientLink.${link}`)}
            </Text>
            {order.clientId && link !== 'pending_confirmation' && (
              <Anchor component={Link} to={`/app/clients/${encodeURIComponent(order.clientId)}`} size="sm">
                {t('staff.openDossier')}
              </Anchor>
            )}
          </Stack>
        </Block>
        <Block title={t('staff.invoice')}>
          {order.invoiceId ? (
            <Group justify="space-between">
              <Text size="sm">{order.invoiceNumber ?? t('staff.invoice')}</Text>
              <PdfMenu invoice={{ id: order.invoiceId, number: order.invoiceNumber ?? order.number }} />
            </Group>
          ) : (
            <Text size="sm">{t('staff.noInvoice')}</Text>
          )}
          {order.creditNoteIds.length > 0 && (
            <Text size="sm" mt="xs">
              <Anchor component={Link} to="/app/invoices">
                {t('staff.creditNotes', { count: order.creditNoteIds.length })}
              </Anchor>
            </Text>
          )}
        </Block>
      </SimpleGrid>
      {handles && <Actions order={order} />}
      {order.withdrawals.length > 0 && (
        <Block title={t('staff.withdrawals')} testId="staff-withdrawals">
          <Stack gap="sm">
            {order.withdrawals.map((withdrawal) => (
              <Stack key={withdrawal.id} gap={2}>
                <Text size="sm">
                  {t('staff.receivedAt', { when: format.dateTime(withdrawal.receivedAt) })}
                </Text>
                <Text size="sm" fw={600} c={withdrawal.refundedAt ? undefined : 'red.9'}>
                  {withdrawal.refundedAt
                    ? t('staff.refundedAt', { when: format.dateTime(withdrawal.refundedAt) })
                    : t('staff.refundDeadline', { date: dates.day(withdrawal.refundDeadline) })}
                </Text>
                <Text size="sm">
                  {withdrawal.lines
                    .map((line) => {
                      const name = order.lines.find((l) => l.id === line.lineId)?.name ?? '';
                      return t('withdraw.chosenLine', { count: line.quantity, name });
                    })
                    .join(', ')}
                </Text>
              </Stack>
            ))}
          </Stack>
        </Block>
      )}
      {order.refunds.length > 0 && (
        <Block title={t('staff.refunds')}>
          <Stack gap={4}>
            {order.refunds.map((refund) => (
              <Text size="sm" key={refund.id}>
                {[
                  format.dateTime(refund.createdAt),
                  money.format(refund.amountCents),
                  refund.reason,
                  refund.status,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            ))}
          </Stack>
        </Block>
      )}
      {order.events.length > 0 && (
        <Block title={t('staff.history')}>
          <Stack gap={2} component="ul" m={0} pl="md">
            {order.events.map((event) => (
              <Text component="li" size="sm" key={`${event.at}-${event.what}`}>
                {format.shortDateTime(event.at)} · {eventText(event)}
              </Text>
            ))}
          </Stack>
        </Block>
      )}
    </Stack>
  );
}

type StatusBody =
  | { status: 'ready_for_pick_up' | 'cancelled' }
  | { status: 'shipped'; trackAndTrace: string }
  | { status: 'completed'; paidAtDesk?: 'card' | 'cash' };

const shippingSchema = z.object({ trackAndTrace: optionalText(200) });

function Actions({ order }: { order: StaffOrder }) {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [refunding, setRefunding] = useState(false);
  const status = effectiveStatus(order).status;
  const change = useMutation({
    mutationFn: (body: StatusBody) =>
      apiPost<unknown>(`/api/shop/orders/${encodeURIComponent(order.id)}/status`, body),
    onSuccess: async () => {
      setConfirmCancel(false);
      await queryClient.invalidateQueries({ queryKey: ORDERS_KEY });
      await queryClient.invalidateQueries({ queryKey: STOCK_KEY });
    },
  });
  const shipping = useSchemaForm(shippingSchema, { trackAndTrace: order.trackAndTrace ?? '' }, change.error);
  const paidOnline = order.payment === 'online' && !['awaiting_payment', 'cancelled'].includes(status);
  const atDesk = order.payment === 'at_pick_up';
  const open = !['completed', 'cancelled', 'withdrawn'].includes(status);
  const pickUp = order.fulfilment === 'pick_up';
  // As the server allows: unpaid orders are cancelled (or paid at the desk when picked up); paid
  // ones are handed over, and refunded rather than cancelled.
  const canReady = pickUp && status === 'paid';
  const canShip = !pickUp && status === 'paid';
  const canComplete = atDesk
    ? status === 'awaiting_payment' || status === 'ready_for_pick_up'
    : pickUp
      ? status === 'paid' || status === 'ready_for_pick_up'
      : status === 'shipped';
  const canCancel = status === 'awaiting_payment';
  const canRefund = paidOnline && order.lines.some((line) => line.quantity > 0);
  const nothing = !open && !canRefund;
  if (nothing) return null;
  return (
    <Block title={t('staff.actions')} testId="order-actions">
      <Stack gap="sm">
        {change.isError && (
          <Alert color="red" variant="light" role="alert">
            {common(requestErrorKey(change.error))}
          </Alert>
        )}
        <Group gap="sm" wrap="wrap" align="flex-end">
          {canReady && (
            <Button
              variant="light"
              loading={change.isPending}
              onClick={() => change.mutate({ status: 'ready_for_pick_up' })}
            >
              {t('staff.markReady')}
            </Button>
          )}
          {canComplete && !atDesk && (
            <Button
              loading={change.isPending}
              onClick={() => change.mutate({ status: 'completed' })}
              data-testid="mark-completed"
            >
              {pickUp ? t('staff.pickedUp') : t('staff.complete')}
            </Button>
          )}
          {canComplete && atDesk && (
            <>
              <Button
                loading={change.isPending}
                onClick={() => change.mutate({ status: 'completed', paidAtDesk: 'card' })}
              >
                {t('staff.completeCard')}
              </Button>
              <Button
                variant="light"
                loading={change.isPending}
                onClick={() => change.mutate({ status: 'completed', paidAtDesk: 'cash' })}
              >
                {t('staff.completeCash')}
              </Button>
            </>
          )}
        </Group>
        {canShip && (
          <form
            onSubmit={shipping.onSubmit(({ trackAndTrace }) =>
              change.mutate({ status: 'shipped', trackAndTrace }),
            )}
            noValidate
          >
            <Group gap="sm" align="flex-end" wrap="wrap">
              <TextInput
                label={t('staff.trackAndTrace')}
                maxLength={200}
                {...shipping.field('trackAndTrace')}
              />
              <Button type="submit" loading={change.isPending}>
                {t('staff.markShipped')}
              </Button>
            </Group>
          </form>
        )}
        <Group gap="sm">
          {canRefund && (
            <Button variant="default" onClick={() => setRefunding(true)}>
              {t('staff.refund')}
            </Button>
          )}
          {canCancel && (
            <Button variant="subtle" color="red" c="red.9" onClick={() => setConfirmCancel(true)}>
              {t('staff.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
      {confirmCancel && (
        <Modal
          opened
          onClose={() => setConfirmCancel(false)}
          title={t('staff.cancel')}
          closeButtonProps={{ 'aria-label': common('common.close') }}
          centered
        >
          <Stack gap="md">
            <Text>{t('staff.cancelConfirm', { number: order.number })}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirmCancel(false)}>
                {t('staff.cancelAction')}
              </Button>
              <Button
                color="red.9"
                loading={change.isPending}
                onClick={() => change.mutate({ status: 'cancelled' })}
              >
                {t('staff.cancel')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
      {refunding && <RefundDialog order={order} onClose={() => setRefunding(false)} />}
    </Block>
  );
}

const refundSchema = z
  .object({
    quantities: z.record(z.string(), z.number().int().min(0)),
    reason: trimmedAtLeast(3, 300),
  })
  // Said even while the reason is missing, so both show at once.
  .refine((values) => Object.values(values.quantities ?? {}).some((quantity) => quantity > 0), {
    path: ['quantities'],
    message: 'shop:staff.refundNothing',
    when: () => true,
  });

function RefundDialog({ order, onClose }: { order: StaffOrder; onClose: () => void }) {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  const money = useMoney();
  const queryClient = useQueryClient();
  const refund = useMutation({
    mutationFn: (body: { lines: { lineId: string; quantity: number }[]; reason: string }) =>
      apiPost<unknown>(`/api/shop/orders/${encodeURIComponent(order.id)}/refunds`, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ORDERS_KEY });
      await queryClient.invalidateQueries({ queryKey: ['invoices'] });
      onClose();
    },
  });
  const { form, field, errorAt, onSubmit } = useSchemaForm(
    refundSchema,
    {
      // Withdrawn lines first: that is what a withdrawal asks to refund.
      quantities: Object.fromEntries(order.lines.map((line) => [line.id, line.withdrawnQuantity])),
      reason: '',
    },
    refund.error,
  );
  const { quantities } = form.getValues();
  const chosenOf = (quantities: Record<string, number>) =>
    order.lines
      .map((line) => ({ lineId: line.id, quantity: Math.min(quantities[line.id] ?? 0, line.quantity) }))
      .filter((line) => line.quantity > 0);
  const chosen = chosenOf(quantities);
  const amount = chosen.reduce(
    (sum, item) =>
      sum + item.quantity * (order.lines.find((line) => line.id === item.lineId)?.unitPriceCents ?? 0),
    0,
  );
  const submit = onSubmit((values) =>
    refund.mutate({ lines: chosenOf(values.quantities), reason: values.reason }),
  );
  const title = t('staff.refundTitle', { number: order.number });
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      closeButtonProps={{ 'aria-label': common('common.close') }}
      centered
    >
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack gap="md">
          {order.lines.map((line) => (
            <Group key={line.id} justify="space-between" wrap="nowrap" align="flex-end">
              <Text size="sm" style={{ flex: 1 }}>
                {line.name}
                <Text span size="xs" c="dimmed" display="block">
                  {line.quantity} × {money.format(line.unitPriceCents)}
                </Text>
              </Text>
              <NumberInput
                label={
                  <>
                    {t('staff.refundQuantity')}
                    <VisuallyHidden> {line.name}</VisuallyHidden>
                  </>
                }
                value={quantities[line.id] ?? 0}
                min={0}
                max={line.quantity}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="strict"
                w={110}
                onChange={(value) => {
                  form.setFieldValue('quantities', {
                    ...quantities,
                    [line.id]: typeof value === 'number' ? value : Number.parseInt(value, 10) || 0,
                  });
                  form.clearFieldError('quantities');
                }}
              />
            </Group>
          ))}
          {errorAt('quantities') && (
            <Text size="sm" c="red.8" role="alert">
              {errorAt('quantities')}
            </Text>
          )}
          <Textarea
            label={t('staff.reason')}
            required
            autosize
            minRows={2}
            maxLength={300}
            {...field('reason')}
          />
          <Alert color="orange" variant="light">
            {t('staff.total')}: {money.format(amount)}
          </Alert>
          {refund.isError && !fieldErrorText(common, refund.error, 'reason') && (
            <Alert color="red" variant="light" role="alert">
              {common(requestErrorKey(refund.error))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {common('common.cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={refund.isPending}>
              {t('staff.refundConfirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
