import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ApiError, apiPost } from '../../shared/api';
import { useSchemaForm } from '../../shared/form';
import { useMoney } from '../../shared/money';
import { requestErrorKey } from '../../shared/request-error';
import { clientInvoicesKey, type Invoice } from './invoice-queries';

const creditSchema = z.object({
  reason: z.string().trim().min(3, 'invoices:credit.reasonTooShort').max(300, 'fieldError.invalid'),
});

/** Credits a whole invoice with a reason, after saying that this is final. */
export function CreditNoteDialog({
  invoice,
  onClose,
  onCredited,
}: {
  invoice: Invoice;
  onClose: () => void;
  onCredited: (note: Invoice) => void;
}) {
  const { t } = useTranslation('invoices');
  const { t: tc } = useTranslation();
  const money = useMoney();
  const queryClient = useQueryClient();
  const credit = useMutation({
    mutationFn: (values: z.output<typeof creditSchema>) =>
      apiPost<Invoice>(`/api/invoices/${encodeURIComponent(invoice.id)}/credit-note`, values),
    onSuccess: async (note) => {
      await queryClient.invalidateQueries({ queryKey: clientInvoicesKey(invoice.clientId) });
      await queryClient.invalidateQueries({ queryKey: ['invoices'] });
      onCredited(note);
    },
  });
  const { field, onSubmit } = useSchemaForm(creditSchema, { reason: '' }, credit.error);
  const reasonField = field('reason');
  const title = t('credit.title', { number: invoice.number });
  const already = credit.error instanceof ApiError && credit.error.status === 409;
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      closeButtonProps={{ 'aria-label': tc('common.close') }}
      centered
    >
      <form onSubmit={onSubmit((values) => credit.mutate(values))} noValidate aria-label={title}>
        <Stack gap="md">
          <Alert color="orange" variant="light" data-testid="credit-warning">
            {t('credit.text', { number: invoice.number, amount: money.format(invoice.totalCents) })}
          </Alert>
          {invoice.paidCents > 0 && (
            <Text size="sm">{t('credit.paidWarning', { amount: money.format(invoice.paidCents) })}</Text>
          )}
          <Textarea
            label={t('credit.reason')}
            description={t('credit.reasonHint')}
            {...reasonField}
            maxLength={300}
            required
            autosize
            minRows={2}
          />
          {credit.isError && !reasonField.error && (
            <Alert color="red" variant="light" role="alert">
              {already ? t('credit.already') : tc(requestErrorKey(credit.error))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('common.cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={credit.isPending}>
              {t('credit.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
