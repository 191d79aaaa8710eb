import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { EuroInput } from '../../shared/euro-input';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { toCents, useMoney } from '../../shared/money';
import { requestErrorKey } from '../../shared/request-error';
import {
  clientInvoicesKey,
  clinicToday,
  type Invoice,
  PAYMENT_METHODS,
  type PaymentMethod,
} from './invoice-queries';

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
  const [method, setMethod] = useState<PaymentMethod>('card');
  const [amount, setAmount] = useState<number | ''>(Math.abs(openCents) / 100);
  const [paidOn, setPaidOn] = useState(() => clinicToday(timeZone));
  const [reference, setReference] = useState('');
  const [checked, setChecked] = useState(false);
  const pay = useMutation({
    mutationFn: () =>
      apiPost<Invoice>(`/api/invoices/${encodeURIComponent(invoice.id)}/payments`, {
        method,
        amountCents: (refund ? -1 : 1) * toCents(Number(amount)),
        paidOn,
        reference: reference.trim() || null,
      }),
    onSuccess: async (updated) => {
      await queryClient.invalidateQueries({ queryKey: clientInvoicesKey(invoice.clientId) });
      await queryClient.invalidateQueries({ queryKey: ['invoices'] });
      onPaid(updated);
    },
  });
  const tooMuch = amount !== '' && toCents(amount) > Math.abs(openCents);
  const amountError = !checked
    ? undefined
    : amount === '' || toCents(amount) === 0
      ? t('payment.amountRequired')
      : tooMuch
        ? t('payment.tooMuch')
        : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (amount !== '' && toCents(amount) > 0 && !tooMuch && paidOn) pay.mutate();
  }
  const title = t(refund ? 'payment.refundTitle' : 'payment.title', { number: invoice.number });
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      closeButtonProps={{ 'aria-label': tc('common.close') }}
      centered
    >
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack gap="md">
          <Text>
            {t(refund ? 'payment.refundOpen' : 'payment.open', { amount: money.format(Math.abs(openCents)) })}
          </Text>
          <Radio.Group
            label={t('payment.method')}
            value={method}
            onChange={(value) => setMethod(value as PaymentMethod)}
            required
          >
            <Group gap="md" mt={4}>
              {PAYMENT_METHODS.map((value) => (
                <Radio key={value} value={value} label={t(`method.${value}`)} />
              ))}
            </Group>
          </Radio.Group>
          <EuroInput
            label={t('payment.amount')}
            value={amount}
            onChange={setAmount}
            required
            error={amountError ?? fieldErrorText(tc, pay.error, 'amountCents')}
          />
          <TextInput
            type="date"
            label={t('payment.paidOn')}
            value={paidOn}
            max={clinicToday(timeZone)}
            onChange={(e) => setPaidOn(e.currentTarget.value)}
            required
            error={checked && !paidOn ? tc('fieldError.required') : fieldErrorText(tc, pay.error, 'paidOn')}
          />
          <TextInput
            label={t('payment.reference')}
            value={reference}
            maxLength={100}
            onChange={(e) => setReference(e.currentTarget.value)}
          />
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
