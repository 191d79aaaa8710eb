import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { downloadFile, TAKEDOWNS_KEY, useTakedowns } from '../marketing-queries';
import { usePrivacyText } from '../privacy-text';

/**
 * The owner's marketing tools (for every client, not only this one): the export of the photos
 * that may be used now, and the publications to take down after a withdrawal.
 */
export function MarketingOwnerTools() {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const time = useClinicTime();
  const queryClient = useQueryClient();
  const takedowns = useTakedowns(true);
  const exportZip = useMutation({
    mutationFn: () => downloadFile('/api/marketing/export.zip', 'marketing-photos.zip'),
  });
  const takenDown = useMutation({
    mutationFn: (id: string) =>
      apiPost<void>(`/api/marketing/publications/${encodeURIComponent(id)}/taken-down`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TAKEDOWNS_KEY }),
  });
  return (
    <Stack gap="sm" data-testid="marketing-owner">
      <Title order={3} size="h4">
        {tp('marketing.ownerTitle')}
      </Title>
      <Text size="sm">{tp('marketing.exportIntro')}</Text>
      {exportZip.isError && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(exportZip.error))}
        </Alert>
      )}
      <Button
        variant="light"
        w="fit-content"
        loading={exportZip.isPending}
        onClick={() => exportZip.mutate()}
      >
        {tp('marketing.export')}
      </Button>
      <Title order={4} size="h5">
        {tp('marketing.takedownTitle')}
      </Title>
      {takedowns.isError && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(takedowns.error))}
        </Alert>
      )}
      {takenDown.isError && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(takenDown.error))}
        </Alert>
      )}
      {takedowns.data && takedowns.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {tp('marketing.takedownEmpty')}
        </Text>
      )}
      {takedowns.data && takedowns.data.length > 0 && (
        <Stack component="ul" gap="xs" p={0} m={0} data-testid="marketing-takedowns">
          {takedowns.data.map((p) => (
            <Paper
              key={p.id}
              component="li"
              p="sm"
              radius="md"
              withBorder
              bg="var(--mantine-color-orange-light)"
            >
              <Group justify="space-between" gap="xs" wrap="wrap">
                <div>
                  <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
                    {tp(`marketing.channel.${p.channel}`)}: {p.location}
                  </Text>
                  <Text size="sm">{tp('marketing.publishedAt', { at: time.dateTime(p.publishedAt) })}</Text>
                </div>
                <Button
                  size="sm"
                  variant="default"
                  loading={takenDown.isPending && takenDown.variables === p.id}
                  onClick={() => takenDown.mutate(p.id)}
                  aria-label={tp('marketing.markTakenDownFor', { location: p.location })}
                >
                  {tp('marketing.markTakenDown')}
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
