import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { EuroInput } from '../../shared/euro-input';
import { namesAnyField } from '../../shared/field-errors';
import { optionalText, REQUIRED, useSchemaForm } from '../../shared/form';
import { toCents, useMoney } from '../../shared/money';
import { requestErrorKey } from '../../shared/request-error';
import {
  clientInvoicesKey,
  clinicToday,
  type Invoice,
  PAYMENT_METHODS,
  type PaymentMethod,
} from './invoice-queries';

/** What is paid: at most what is open (in cents, compared in cents), on a day, with a reference. */
function paymentSchema(openCents: number) {
  return z.object({
    method: z.enum(PAYMENT_METHODS as [PaymentMethod, ...PaymentMethod[]]),
    amount: z
      .union([z.number(), z.literal('')])
      .refine((amount) => amount !== '' && toCents(amount) > 0, 'invoices:payment.amountRequired')
      .refine((amount) => amount === '' || toCents(amount) <= openCents, 'invoices:payment.tooMuch')
      .transform(Number),
    paidOn: z.string().min(1, REQUIRED),
    reference: optionalText(100),
  });
}

/**
 * Records a payment, the amount prefilled with what is open; on a credit note a refund (sent as a
 * negative amount). `openCents` is what is still open, as the server counts it.
 */
export function PaymentDialog({
  invoice,
  openCents,
  onClose,
  onPaid,
}: {
  invoice: Invoice;
  openCents: number;
  onClose: () => void;
  onPaid: (invoice: Invoice) => void;
}) {
  const { t } = useTranslation('invoices');
  const { t: tc } = useTranslation();
  const money = useMoney();
  const { timeZone } = useClinicTime();
  const queryClient = useQueryClient();
  const refund = openCents < 0;
  const schema = useMemo(() => paymentSchema(Math.abs(openCents)), [openCents]);
  const pay = useMutation({
    mutationFn: (values: z.output<typeof schema>) =>
      apiPost<Invoice>(`/api/invoices/${encodeURIComponent(invoice.id)}/payments`, {
        method: values.method,
        amountCents: (refund ? -1 : 1) * toCents(values.amount),
        paidOn: values.paidOn,
        reference: values.reference || null,
      }),
    onSuccess: async (updated) => {
      await queryClient.invalidateQueries({ queryKey: clientInvoicesKey(invoice.clientId) });
      await queryClient.invalidateQueries({ queryKey: ['invoices'] });
      onPaid(updated);
    },
  });
  const { field, onSubmit } = useSchemaForm(
    schema,
    { method: 'card', amount: Math.abs(openCents) / 100, paidOn: clinicToday(timeZone), reference: '' },
    pay.error,
  );
  const title = t(refund ? 'payment.refundTitle' : 'payment.title', { number: invoice.number });
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      closeButtonProps={{ 'aria-label': tc('common.close') }}
      centered
    >
      <form onSubmit={onSubmit((values) => pay.mutate(values))} noValidate aria-label={title}>
        <Stack gap="md">
          <Text>
            {t(refund ? 'payment.refundOpen' : 'payment.open', { amount: money.format(Math.abs(openCents)) })}
          </Text>
          <Radio.Group label={t('payment.method')} {...field('method')} required>
            <Group gap="md" mt={4}>
              {PAYMENT_METHODS.map((value) => (
                <Radio key={value} value={value} label={t(`method.${value}`)} />
              ))}
            </Group>
          </Radio.Group>
          <EuroInput label={t('payment.amount')} required {...field('amount', { apiField: 'amountCents' })} />
          <TextInput
            type="date"
            label={t('payment.paidOn')}
            max={clinicToday(timeZone)}
            required
            {...field('paidOn')}
          />
          <TextInput label={t('payment.reference')} maxLength={100} {...field('reference')} />
          {pay.isError && !namesAnyField(pay.error, ['amountCents', 'paidOn']) && (
            <Alert color="red" variant="light" role="alert">
              {tc(requestErrorKey(pay.error))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('common.cancel')}
            </Button>
            <Button type="submit" loading={pay.isPending}>
              {t(refund ? 'payment.saveRefund' : 'payment.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
