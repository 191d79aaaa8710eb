import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { effectiveStatus, type OrderStatus } from '../shop-types';

const COLOR: Record<string, string> = {
  awaiting_payment: 'blue',
  paid: 'teal',
  ready_for_pick_up: 'grape',
  shipped: 'grape',
  completed: 'gray',
  cancelled: 'red',
  withdrawn: 'orange',
};

export function OrderStatusBadge({
  status,
  cancelReason,
}: {
  status: OrderStatus;
  cancelReason?: string | null;
}) {
  const { t } = useTranslation('shop');
  const shown = effectiveStatus({ status, cancelReason: cancelReason ?? null });
  return (
    <Badge variant="light" color={COLOR[shown.status] ?? 'gray'} tt="none" data-testid="order-status-badge">
      {t(`status.${shown.status}`)}
      {shown.reason ? ` · ${t(`status.${shown.reason}`)}` : ''}
    </Badge>
  );
}
