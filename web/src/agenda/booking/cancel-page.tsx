import { Alert, Anchor, Button, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost } from '../../shared/api';
import { useHashValue } from '../../shared/location-hash';
import { requestErrorKey } from '../../shared/request-error';

/** What the link cancels, or where a link a move replaced went (POST /api/public/bookings/cancel/appointment). */
type CancelView =
  | {
      state: 'live';
      treatmentName: string;
      practitionerName: string;
      startsAt: string;
      endsAt: string;
      changeableUntil: string;
      clinic: { name: string; timeZone: string; address: string | null; phone: string | null };
    }
  | { state: 'moved'; startsAt: string; timeZone: string };

/**
 * /book/cancel#token=…: the cancel link from the confirmation or reminder e-mail. The token stays in
 * the fragment (never sent as part of a URL). The page first shows which appointment the link
 * cancels — or, for a link a move replaced, that the appointment moved and to when — and cancels
 * only when the client confirms.
 */
export function CancelBookingPage() {
  const { t, i18n } = useTranslation('agenda');
  const { t: page } = useTranslation('cancelPage');
  const { t: common } = useTranslation();
  useDocumentTitle(`${t('cancel.title')} · ${common('common.brand')}`);
  const token = useHashValue('token');
  const view = useQuery({
    queryKey: ['cancel-link', token],
    queryFn: () => apiPost<CancelView>('/api/public/bookings/cancel/appointment', { token }),
    enabled: Boolean(token),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const cancel = useMutation({
    mutationFn: () =>
      apiPost<{ cancelled: true; startsAt: string }>('/api/public/bookings/cancel', { token }),
  });
  const timeZone =
    view.data?.state === 'live' ? view.data.clinic.timeZone : (view.data?.timeZone ?? 'Europe/Amsterdam');
  const dateTime = (iso: string) =>
    new Intl.DateTimeFormat(i18n.resolvedLanguage === 'en' ? 'en-GB' : 'nl-NL', {
      timeZone,
      dateStyle: 'full',
      timeStyle: 'short',
    }).format(new Date(iso));
  const failed = cancel.error ?? view.error;
  const gone = !token || (failed instanceof ApiError && failed.status === 404);
  const late = failed instanceof ApiError && failed.status === 409;
  const shown = view.data;
  return (
    <Paper p={{ base: 'md', sm: 'xl' }} radius="lg" withBorder maw={560} mx="auto" my="lg">
      <Stack gap="md">
        <Title order={1}>{t('cancel.title')}</Title>
        {cancel.isSuccess ? (
          <Alert color="teal" variant="light" role="status" data-testid="booking-cancelled">
            {t('cancel.done', { when: dateTime(cancel.data.startsAt) })}
          </Alert>
        ) : gone ? (
          <Alert color="gray" variant="light" role="status">
            {t('cancel.unavailable')}
          </Alert>
        ) : late ? (
          <Alert color="orange" variant="light" role="alert">
            {t('cancel.tooLate')}
          </Alert>
        ) : view.isPending ? (
          <Loader aria-label={page('loading')} role="status" />
        ) : view.isError || !shown ? (
          <Alert color="red" variant="light" role="alert">
            {common(requestErrorKey(view.error))}
          </Alert>
        ) : shown.state === 'moved' ? (
          <Alert color="blue" variant="light" role="status" data-testid="booking-moved">
            <Text>{page('moved', { when: dateTime(shown.startsAt) })}</Text>
            <Text size="sm" mt="xs">
              {page('movedHint')}
            </Text>
          </Alert>
        ) : (
          <>
            <Paper withBorder p="md" radius="md" data-testid="cancel-appointment">
              <Title order={2} size="h4" mb="xs">
                {page('appointment')}
              </Title>
              <dl style={{ margin: 0 }}>
                <Detail term={page('treatment')} value={shown.treatmentName} />
                {shown.practitionerName && (
                  <Detail term={page('practitioner')} value={shown.practitionerName} />
                )}
                <Detail term={page('when')} value={dateTime(shown.startsAt)} />
                <Detail
                  term={page('where')}
                  value={[shown.clinic.name, shown.clinic.address].filter(Boolean).join(', ')}
                />
              </dl>
            </Paper>
            <Text size="sm" c="dimmed">
              {page('until', { when: dateTime(shown.changeableUntil) })}
            </Text>
            <Text>{t('cancel.question')}</Text>
            {cancel.isError && (
              <Alert color="red" variant="light" role="alert">
                {common(requestErrorKey(cancel.error))}
              </Alert>
            )}
            <Button w="fit-content" color="red.9" loading={cancel.isPending} onClick={() => cancel.mutate()}>
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

function Detail({ term, value }: { term: string; value: string }) {
  return (
    <div style={{ display: 'flex', gap: '0.75rem', marginBottom: 4 }}>
      <Text component="dt" fw={600} w={112} style={{ flexShrink: 0 }}>
        {term}
      </Text>
      <Text component="dd" m={0} style={{ flex: 1, minWidth: 0 }}>
        {value}
      </Text>
    </div>
  );
}
