import { Alert, Anchor, Button, Loader, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet, apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import type { OpenBreakGlass } from './audit-types';
import { useStaffName } from './staff-names';

const OPEN_KEY = ['audit', 'break-glass'] as const;

/** Every break-glass access waits here until the owner has looked at it. */
export function BreakGlassReviewTab() {
  const { t } = useTranslation();
  const time = useClinicTime();
  const staffName = useStaffName();
  const queryClient = useQueryClient();
  const open = useQuery({
    queryKey: OPEN_KEY,
    queryFn: ({ signal }) => apiGet<OpenBreakGlass[]>('/api/audit/break-glass', signal),
  });
  const review = useMutation({
    mutationFn: (id: string) => apiPost<void>(`/api/audit/break-glass/${encodeURIComponent(id)}/review`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['audit'] }),
  });
  if (open.isPending) return <Loader role="status" aria-label={t('common.loading')} />;
  if (open.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {t(requestErrorKey(open.error))}
      </Alert>
    );
  }
  return (
    <Stack gap="sm">
      <Text size="sm">{t('breakGlassReview.intro')}</Text>
      {review.isError && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(review.error))}
        </Alert>
      )}
      {open.data.length === 0 && <Text c="dimmed">{t('breakGlassReview.empty')}</Text>}
      {open.data.map((access) => (
        <Paper key={access.id} p="md" radius="lg" withBorder data-testid="break-glass-access">
          <Stack gap={6}>
            <Text fw={600}>
              {t('breakGlassReview.who', {
                name: staffName(access.staffId),
                at: time.dateTime(access.openedAt),
              })}
            </Text>
            <Text size="sm">
              {t('breakGlassReview.client')}{' '}
              <Anchor component={Link} to={`/app/clients/${access.clientId}`} ff="monospace">
                {access.clientId.slice(0, 8)}
              </Anchor>
            </Text>
            <Text size="sm">
              {t('breakGlassReview.reason')} <q>{access.reason}</q>
            </Text>
            <Text size="sm" c="dimmed">
              {t('breakGlassReview.until', { at: time.dateTime(access.expiresAt) })}
            </Text>
            <Button
              variant="light"
              w="fit-content"
              loading={review.isPending && review.variables === access.id}
              onClick={() => review.mutate(access.id)}
            >
              {t('breakGlassReview.markReviewed')}
            </Button>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
