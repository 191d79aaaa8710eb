import { Alert, Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost } from '../../shared/api';
import { useHashValue } from '../../shared/location-hash';
import { requestErrorKey } from '../../shared/request-error';
import { useZonedFormat } from '../zoned-format';

/**
 * /book/cancel#token=…: the cancel link from the confirmation or reminder e-mail. The token stays in
 * the fragment (never sent as part of a URL); cancelling asks once more before it happens.
 */
export function CancelBookingPage() {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  useDocumentTitle(`${t('cancel.title')} · ${common('common.brand')}`);
  const token = useHashValue('token');
  const format = useZonedFormat();
  const cancel = useMutation({
    mutationFn: () =>
      apiPost<{ cancelled: true; startsAt: string }>('/api/public/bookings/cancel', { token }),
  });
  const gone = !token || (cancel.error instanceof ApiError && cancel.error.status === 404);
  const late = cancel.error instanceof ApiError && cancel.error.status === 409;
  return (
    <Paper p={{ base: 'md', sm: 'xl' }} radius="lg" withBorder maw={560} mx="auto" my="lg">
      <Stack gap="md">
        <Title order={1}>{t('cancel.title')}</Title>
        {cancel.isSuccess ? (
          <Alert color="teal" variant="light" role="status" data-testid="booking-cancelled">
            {t('cancel.done', { when: format.dateTime(cancel.data.startsAt) })}
          </Alert>
        ) : gone ? (
          <Alert color="gray" variant="light" role="status">
            {t('cancel.unavailable')}
          </Alert>
        ) : late ? (
          <Alert color="orange" variant="light" role="alert">
            {t('cancel.tooLate')}
          </Alert>
        ) : (
          <>
            <Text>{t('cancel.question')}</Text>
            {cancel.isError && (
              <Alert color="red" variant="light" role="alert">
                {common(requestErrorKey(cancel.error))}
              </Alert>
            )}
            <Button w="fit-content" color="red" loading={cancel.isPending} onClick={() => cancel.mutate()}>
              {t('cancel.confirm')}
            </Button>
            <Anchor href={`/book/reschedule#token=${token}`} size="sm">
              {t('cancel.rescheduleInstead')}
            </Anchor>
          </>
        )}
      </Stack>
    </Paper>
  );
}
