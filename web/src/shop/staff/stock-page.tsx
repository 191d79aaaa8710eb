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
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import { fieldErrorText } from '../../shared/field-errors';
import { filledText, REQUIRED, useSchemaForm } from '../../shared/form';
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

const adjustmentSchema = z.object({
  // A change of stock: a whole number, not 0 (an emptied field is 0).
  delta: z
    .union([z.number(), z.string()])
    .transform((value) => (typeof value === 'number' ? value : Number.parseInt(value, 10) || 0))
    .pipe(
      z
        .number()
        .int('fieldError.invalid')
        .refine((delta) => delta !== 0, REQUIRED),
    ),
  reason: filledText(200),
});

function AdjustDialog({ row, onClose }: { row: StockRow; onClose: () => void }) {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const adjust = useMutation({
    mutationFn: (body: { delta: number; reason: string }) =>
      apiPost<unknown>(`/api/shop/stock/${encodeURIComponent(row.productId)}/adjustments`, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: STOCK_KEY });
      await queryClient.invalidateQueries({ queryKey: SHOP_KEY });
      onClose();
    },
  });
  const { field, onSubmit } = useSchemaForm(adjustmentSchema, { delta: 0, reason: '' }, adjust.error);
  const title = t('staff.adjustTitle', { name: row.name });
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      closeButtonProps={{ 'aria-label': common('common.close') }}
      centered
    >
      <form onSubmit={onSubmit((values) => adjust.mutate(values))} noValidate aria-label={title}>
        <Stack gap="md">
          <Text size="sm">
            {t('staff.onHand')}: {row.onHand} · {t('staff.available')}: {row.available}
          </Text>
          <NumberInput
            label={t('staff.delta')}
            allowDecimal={false}
            min={-row.onHand}
            required
            {...field('delta')}
            data-autofocus
          />
          <TextInput label={t('staff.adjustReason')} required maxLength={200} {...field('reason')} />
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
