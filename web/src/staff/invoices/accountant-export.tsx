import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { saveBlob } from '../../privacy/download';
import { apiGetBlob } from '../../shared/api';
import { REQUIRED, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';

/** The first and last day of the quarter before the one `today` is in (what an accountant asks for). */
function lastQuarter(today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  const [y, q] = quarter === 0 ? [year - 1, 3] : [year, quarter - 1];
  const first = new Date(Date.UTC(y, q * 3, 1));
  const last = new Date(Date.UTC(y, q * 3 + 3, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

const periodSchema = z
  .object({ from: z.string().min(1, REQUIRED), to: z.string().min(1, REQUIRED) })
  .refine((period) => period.to >= period.from, { path: ['to'], message: 'invoices:export.reversed' });
type Period = z.output<typeof periodSchema>;

/**
 * "Export voor de boekhouder": a period's invoice lines, payments and VAT per rate as CSV, and each
 * invoice as PDF and UBL, in one ZIP (decision 0021). Owner and reception.
 */
export function AccountantExport({ today }: { today: string }) {
  const { t } = useTranslation('invoices');
  const { t: tc } = useTranslation();
  const download = useMutation({
    mutationFn: async (period: Period) => {
      const blob = await apiGetBlob(
        `/api/invoices/export?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`,
      );
      saveBlob(blob, `facturen-${period.from}-${period.to}.zip`);
    },
  });
  const { form, field, onSubmit } = useSchemaForm(periodSchema, lastQuarter(today), download.error);
  const period = form.getValues();
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="export-title">
      <form
        onSubmit={onSubmit((chosen) => download.mutate(chosen))}
        noValidate
        aria-labelledby="export-title"
      >
        <Stack gap="sm">
          <Title order={2} size="h3" id="export-title">
            {t('export.title')}
          </Title>
          <Text size="sm">{t('export.intro')}</Text>
          <Group align="flex-end" gap="sm">
            <TextInput type="date" label={t('export.from')} required {...field('from')} />
            <TextInput type="date" label={t('export.to')} required {...field('to')} />
            <Button type="submit" loading={download.isPending} disabled={!period.from || !period.to}>
              {t('export.button')}
            </Button>
          </Group>
          {download.isSuccess && (
            <Text size="sm" role="status">
              {t('export.done')}
            </Text>
          )}
          {download.isError && (
            <Alert color="red" variant="light" role="alert">
              {tc(requestErrorKey(download.error))}
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
