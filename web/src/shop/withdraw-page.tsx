import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  NumberInput,
  Paper,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClinicName } from '../public/clinic-name';
import { ApiError } from '../shared/api';
import { useMoney } from '../shared/money';
import { requestErrorKey } from '../shared/request-error';
import { useOrderToken } from './order-token';
import classes from './shop.module.css';
import { beforeDeadline, useShopDates } from './shop-dates';
import { lookupOrder, postWithdrawal } from './shop-queries';
import type { OrderView, WithdrawalReceipt } from './shop-types';

/**
 * /shop/withdraw#token: the withdrawal function (EU directive 2023/2673): choose what goes back, one
 * confirmation step, then the receipt on screen (and by e-mail).
 */
export function WithdrawPage() {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  const clinic = useClinicName();
  useDocumentTitle(`${t('withdraw.title')} · ${clinic}`);
  const token = useOrderToken();
  const order = useQuery({
    queryKey: ['public', 'shop', 'order', token],
    queryFn: () => lookupOrder(token ?? ''),
    enabled: Boolean(token),
    retry: false,
  });
  const gone = !token || (order.error instanceof ApiError && order.error.status === 404);
  return (
    <Stack gap="lg" py="xl" maw={720} mx="auto">
      <Title order={1}>{t('withdraw.title')}</Title>
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
        <Withdrawal order={order.data} token={token ?? ''} />
      )}
    </Stack>
  );
}

function Withdrawal({ order, token }: { order: OrderView; token: string }) {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  const money = useMoney();
  const dates = useShopDates();
  const queryClient = useQueryClient();
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [confirming, setConfirming] = useState(false);
  const [receipt, setReceipt] = useState<
    WithdrawalReceipt & { items: { line: { id: string; name: string }; quantity: number }[] }
  >();
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const withdrawable = order.lines.filter((line) => line.withdrawable > 0);
  const chosen = withdrawable
    .map((line) => ({ line, quantity: Math.min(quantities[line.id] ?? 0, line.withdrawable) }))
    .filter((item) => item.quantity > 0);
  type Chosen = typeof chosen;
  const withdraw = useMutation({
    mutationFn: (items: Chosen) =>
      postWithdrawal(
        token,
        items.map((item) => ({ lineId: item.line.id, quantity: item.quantity })),
      ),
    // The receipt lists what was sent: the order, fetched again, no longer offers those lines.
    onSuccess: (answer, items) => {
      setReceipt({ ...answer, items });
      void queryClient.invalidateQueries({ queryKey: ['public', 'shop', 'order'] });
    },
  });
  useEffect(() => {
    if (confirming) confirmHeading.current?.focus();
  }, [confirming]);

  if (receipt) return <Receipt order={order} receipt={receipt} chosen={receipt.items} />;
  if (withdrawable.length === 0 || !beforeDeadline(order.withdrawalDeadline)) {
    return (
      <Stack gap="md">
        <Alert variant="light" role="status">
          {order.withdrawalDeadline && !beforeDeadline(order.withdrawalDeadline)
            ? t('withdraw.tooLate', { date: dates.day(order.withdrawalDeadline) })
            : t('withdraw.nothing')}
        </Alert>
        <Anchor component={Link} to={`/shop/order#token=${token}`}>
          {t('withdraw.backToOrder')}
        </Anchor>
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <Text>
        {t('withdraw.intro', { number: order.number, date: dates.day(order.withdrawalDeadline ?? '') })}
      </Text>
      <Paper
        p={{ base: 'md', sm: 'lg' }}
        radius="lg"
        className={classes.section}
        component="section"
        aria-labelledby="withdraw-choose"
      >
        <Title order={2} size="h4" id="withdraw-choose" mb="sm">
          {t('withdraw.choose')}
        </Title>
        <Stack gap="sm">
          {withdrawable.map((line) => (
            <Group
              key={line.id}
              justify="space-between"
              wrap="nowrap"
              align="flex-end"
              data-testid="withdraw-line"
            >
              <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                <Text fw={500}>{line.name}</Text>
                <Text size="xs" c="dimmed">
                  {t('withdraw.ofWithdrawable', {
                    count: line.withdrawable,
                    price: money.format(line.unitPriceCents),
                  })}
                </Text>
              </Stack>
              <NumberInput
                label={
                  <>
                    {t('withdraw.quantity')}
                    <VisuallyHidden> {line.name}</VisuallyHidden>
                  </>
                }
                value={quantities[line.id] ?? 0}
                min={0}
                max={line.withdrawable}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="strict"
                disabled={confirming}
                w={96}
                onChange={(value) => {
                  const quantity = typeof value === 'number' ? value : Number.parseInt(value, 10) || 0;
                  setQuantities((current) => ({ ...current, [line.id]: quantity }));
                }}
              />
            </Group>
          ))}
          {!confirming && (
            <div>
              <Button
                disabled={chosen.length === 0}
                onClick={() => setConfirming(true)}
                data-testid="withdraw-next"
              >
                {t('withdraw.next')}
              </Button>
            </div>
          )}
        </Stack>
      </Paper>
      {confirming && (
        <Paper
          p={{ base: 'md', sm: 'lg' }}
          radius="lg"
          className={classes.section}
          component="section"
          aria-labelledby="withdraw-confirm"
        >
          <Title order={2} size="h4" id="withdraw-confirm" mb="sm" ref={confirmHeading} tabIndex={-1}>
            {t('withdraw.confirmTitle')}
          </Title>
          <Stack gap="sm">
            <Stack gap={2} component="ul" pl="md" m={0}>
              {chosen.map((item) => (
                <Text component="li" key={item.line.id}>
                  {t('withdraw.chosenLine', { count: item.quantity, name: item.line.name })}
                </Text>
              ))}
            </Stack>
            <Text size="sm">{t('withdraw.confirmText')}</Text>
            {withdraw.isError && (
              <Alert color="red" variant="light" role="alert">
                {common(requestErrorKey(withdraw.error))}
              </Alert>
            )}
            <Group justify="space-between">
              <Button variant="subtle" onClick={() => setConfirming(false)} disabled={withdraw.isPending}>
                {t('withdraw.change')}
              </Button>
              <Button
                color="red.9"
                loading={withdraw.isPending}
                onClick={() => withdraw.mutate(chosen)}
                data-testid="withdraw-confirm"
              >
                {t('withdraw.confirm')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

function Receipt({
  order,
  receipt,
  chosen,
}: {
  order: OrderView;
  receipt: WithdrawalReceipt;
  chosen: { line: { id: string; name: string }; quantity: number }[];
}) {
  const { t } = useTranslation('shop');
  const dates = useShopDates();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <Paper
      p={{ base: 'md', sm: 'lg' }}
      radius="lg"
      className={classes.section}
      data-testid="withdraw-receipt"
    >
      <Stack gap="sm">
        <Title order={2} size="h3" ref={heading} tabIndex={-1}>
          {t('withdraw.receiptTitle')}
        </Title>
        <Text>
          {t('withdraw.receiptText', { number: order.number, when: dates.moment(receipt.receivedAt) })}
        </Text>
        <Stack gap={2} component="ul" pl="md" m={0}>
          {chosen.map((item) => (
            <Text component="li" key={item.line.id}>
              {t('withdraw.chosenLine', { count: item.quantity, name: item.line.name })}
            </Text>
          ))}
        </Stack>
        <Text>{t('withdraw.refundBy', { date: dates.day(receipt.refundDeadline) })}</Text>
        <Text size="sm" c="dimmed">
          {t('withdraw.receiptMail')}
        </Text>
        <Anchor component={Link} to="/shop">
          {t('order.backToShop')}
        </Anchor>
      </Stack>
    </Paper>
  );
}
