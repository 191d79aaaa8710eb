import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useClinicName } from '../public/clinic-name';
import { ApiError, apiPost } from '../shared/api';
import { requestErrorKey } from '../shared/request-error';
import { useOrderToken } from './order-token';

/**
 * /shop/confirm#token: an order placed with the address of an existing dossier is added to that
 * dossier only once its owner confirms it with this link, sent to that address (decision 0015).
 */
export function ShopConfirmPage() {
  const { t } = useTranslation('shop');
  const { t: common } = useTranslation();
  const clinic = useClinicName();
  useDocumentTitle(`${t('confirm.title')} · ${clinic}`);
  const token = useOrderToken();
  const confirm = useMutation({
    mutationFn: () => apiPost<unknown>('/api/public/shop/orders/confirm', { token }),
  });
  const gone = !token || (confirm.error instanceof ApiError && confirm.error.status === 404);
  return (
    <Paper p={{ base: 'md', sm: 'xl' }} radius="lg" withBorder maw={560} mx="auto" my="lg">
      <Stack gap="md">
        <Title order={1}>{t('confirm.title')}</Title>
        {confirm.isSuccess ? (
          <Alert color="teal" variant="light" role="status" data-testid="order-confirmed">
            {t('confirm.done')}
          </Alert>
        ) : gone ? (
          <Alert color="gray" variant="light" role="status">
            {t('confirm.unavailable')}
          </Alert>
        ) : (
          <>
            <Text>{t('confirm.question')}</Text>
            {confirm.isError && (
              <Alert color="red" variant="light" role="alert">
                {common(requestErrorKey(confirm.error))}
              </Alert>
            )}
            <Button w="fit-content" loading={confirm.isPending} onClick={() => confirm.mutate()}>
              {t('confirm.confirm')}
            </Button>
            <Text size="sm" c="dimmed">
              {t('confirm.notMe')}
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}
