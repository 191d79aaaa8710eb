import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { fieldErrorText } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import classes from '../shop.module.css';
import { SHOP_KEY } from '../shop-queries';
import type { StockRow } from '../shop-types';
import { STOCK_KEY, useStock } from './staff-shop-queries';

/** /app/stock: on hand, reserved, available; low stock highlighted; adjust with a reason. */
export function StockPage() {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  useDocumentTitle(`${t('staff.stockTitle')} · ${common('common.brand')}`);
  const stock = useStock();
  const [adjusting, setAdjusting] = useState<StockRow>();
  // Low first, then by name.
  const rows = [...(stock.data ?? [])].sort(
    (a, b) =>
      Number(b.available <= b.lowStockAt) - Number(a.available <= a.lowStockAt) ||
      a.name.localeCompare(b.name),
  );
  return (
    <Stack gap="lg" maw={1040}>
      <Stack gap={4}>
        <Title order={1}>{t('staff.stockTitle')}</Title>
        <Text c="dimmed">{t('staff.stockIntro')}</Text>
      </Stack>
      {stock.isPending && <Loader role="status" aria-label={t('shop.loading')} />}
      {stock.isError && (
        <Alert color="red" variant="light" role="alert">
          {common(requestErrorKey(stock.error))}
        </Alert>
      )}
      {stock.data && rows.length === 0 && <Text>{t('staff.noStock')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" data-testid="stock">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('staff.product')}</Table.Th>
                <Table.Th ta="right">{t('staff.onHand')}</Table.Th>
                <Table.Th ta="right">{t('staff.reserved')}</Table.Th>
                <Table.Th ta="right">{t('staff.available')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('staff.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => {
                const low = row.available <= row.lowStockAt;
                return (
                  <Table.Tr
                    key={row.productId}
                    className={low ? classes.lowStock : undefined}
                    data-low={low || undefined}
                  >
                    <Table.Td>
                      <Group gap="xs">
                        <Text fw={500}>{row.name}</Text>
                        {low && (
                          <Badge color="red.9" variant="filled" tt="none">
                            {t('staff.low')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right">{row.onHand}</Table.Td>
                    <Table.Td ta="right">{row.reserved}</Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {row.available}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => setAdjusting(row)}
                        aria-label={t('staff.adjustLabel', { name: row.name })}
                      >
                        {t('staff.adjust')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {adjusting && <AdjustDialog row={adjusting} onClose={() => setAdjusting(undefined)} />}
    </Stack>
  );
}

function AdjustDialog({ row, onClose }: { row: StockRow; onClose: () => void }) {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [delta, setDelta] = useState<number>(0);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<'delta' | 'reason' | null>(null);
  const adjust = useMutation({
    mutationFn: () =>
      apiPost<unknown>(`/api/shop/stock/${encodeURIComponent(row.productId)}/adjustments`, {
        delta,
        reason: reason.trim(),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: STOCK_KEY });
      await queryClient.invalidateQueries({ queryKey: SHOP_KEY });
      onClose();
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!Number.isInteger(delta) || delta === 0) return setMissing('delta');
    if (reason.trim() === '') return setMissing('reason');
    setMissing(null);
    adjust.mutate();
  }
  const title = t('staff.adjustTitle', { name: row.name });
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
          <Text size="sm">
            {t('staff.onHand')}: {row.onHand} · {t('staff.available')}: {row.available}
          </Text>
          <NumberInput
            label={t('staff.delta')}
            value={delta}
            onChange={(value) => {
              setDelta(typeof value === 'number' ? value : Number.parseInt(value, 10) || 0);
              setMissing(null);
            }}
            allowDecimal={false}
            min={-row.onHand}
            required
            error={
              missing === 'delta'
                ? common('fieldError.required')
                : fieldErrorText(common, adjust.error, 'delta')
            }
            data-autofocus
          />
          <TextInput
            label={t('staff.adjustReason')}
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setMissing(null);
            }}
            required
            maxLength={200}
            error={
              missing === 'reason'
                ? common('fieldError.required')
                : fieldErrorText(common, adjust.error, 'reason')
            }
          />
          {adjust.isError &&
            !fieldErrorText(common, adjust.error, 'delta') &&
            !fieldErrorText(common, adjust.error, 'reason') && (
              <Alert color="red" variant="light" role="alert">
                {common(requestErrorKey(adjust.error))}
              </Alert>
            )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {common('common.cancel')}
            </Button>
            <Button type="submit" loading={adjust.isPending}>
              {t('staff.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
