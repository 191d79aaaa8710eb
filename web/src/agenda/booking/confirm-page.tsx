import { Alert, Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost } from '../../shared/api';
import { useHashValue } from '../../shared/location-hash';
import { requestErrorKey } from '../../shared/request-error';
import { useZonedFormat } from '../zoned-format';

/**
 * /book/confirm#token=…: an online booking made with the address of an existing dossier counts only
 * once the person confirms it with this link, which went to that address (decision 0015). One tap;
 * someone who did not book is offered the cancel link instead.
 */
export function ConfirmBookingPage() {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  useDocumentTitle(`${t('confirm.title')} · ${common('common.brand')}`);
  const token = useHashValue('token');
  const format = useZonedFormat();
  const confirm = useMutation({
    mutationFn: () =>
      apiPost<{ confirmed: true; startsAt: string }>('/api/public/bookings/confirm', { token }),
  });
  const gone = !token || (confirm.error instanceof ApiError && confirm.error.status === 404);
  const late = confirm.error instanceof ApiError && confirm.error.status === 409;
  return (
    <Paper p={{ base: 'md', sm: 'xl' }} radius="lg" withBorder maw={560} mx="auto" my="lg">
      <Stack gap="md">
        <Title order={1}>{t('confirm.title')}</Title>
        {confirm.isSuccess ? (
          <Alert color="teal" variant="light" role="status" data-testid="booking-confirmed">
            {t('confirm.done', { when: format.dateTime(confirm.data.startsAt) })}
          </Alert>
        ) : gone ? (
          <Alert color="gray" variant="light" role="status">
            {t('confirm.unavailable')}
          </Alert>
        ) : late ? (
          <Alert color="orange" variant="light" role="alert">
            {t('confirm.tooLate')}
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
            <Anchor href={`/book/cancel#token=${token}`} size="sm">
              {t('confirm.notMe')}
            </Anchor>
          </>
        )}
      </Stack>
    </Paper>
  );
}
