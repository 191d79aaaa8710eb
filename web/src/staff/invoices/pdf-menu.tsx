import { Button, Menu, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { saveBlob } from '../../privacy/download';
import { apiGetBlob } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import type { Invoice } from './invoice-queries';

/** Downloads the invoice or credit note as PDF, in Dutch or English (the client's choice). */
export function PdfMenu({ invoice }: { invoice: Pick<Invoice, 'id' | 'number'> }) {
  const { t } = useTranslation('invoices');
  const { t: tc } = useTranslation();
  const download = useMutation({
    mutationFn: async (language: 'nl' | 'en') => {
      const blob = await apiGetBlob(
        `/api/invoices/${encodeURIComponent(invoice.id)}/pdf?language=${language}`,
      );
      saveBlob(blob, `${invoice.number}${language === 'en' ? '-en' : ''}.pdf`);
    },
  });
  return (
    <Stack gap={2} align="flex-end">
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            size="compact-sm"
            loading={download.isPending}
            aria-label={t('actions.pdfLabel', { number: invoice.number })}
          >
            {t('actions.pdf')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item lang="nl" onClick={() => download.mutate('nl')}>
            {t('actions.pdfDutch')}
          </Menu.Item>
          <Menu.Item lang="en" onClick={() => download.mutate('en')}>
            {t('actions.pdfEnglish')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {download.isError && (
        <Text size="xs" c="red.8" role="alert">
          {tc(requestErrorKey(download.error))}
        </Text>
      )}
    </Stack>
  );
}
