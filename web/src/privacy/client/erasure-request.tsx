import { Alert, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiPost } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import { useClinicDay } from '../dates';
import { DeadlineBadge } from '../deadline-badge';
import { privacyKeys } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { ErasureRequest } from '../privacy-types';

/**
 * Registers the client's request to erase their data; it is due within two weeks (P9.2). Any staff
 * member who sees the client may register it; the owner carries it out on the privacy page.
 */
export function ErasureRequestPanel({ clientId, isOwner }: { clientId: string; isOwner: boolean }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const day = useClinicDay();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  // Only the owner may list erasure requests; the others see the one they register.
  const requests = useQuery({
    queryKey: privacyKeys.erasureRequests,
    queryFn: ({ signal }) => apiGet<ErasureRequest[]>('/api/erasure-requests', signal),
    enabled: isOwner,
  });
  const register = useMutation({
    mutationFn: () =>
      apiPost<{ id: string; deadlineAt: string }>(
        `/api/clients/${encodeURIComponent(clientId)}/erasure-requests`,
      ),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: privacyKeys.erasureRequests });
    },
  });
  const open =
    requests.data?.find((r) => r.clientId === clientId && r.executedAt === null) ??
    (register.data ? { deadlineAt: register.data.deadlineAt } : undefined);
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {tp('erasure.clientTitle')}
      </Title>
      {open ? (
        <Alert color="orange" variant="light" role="status" data-testid="erasure-requested">
          <Group gap="xs">
            <Text size="sm">{tp('erasure.registered', { date: day(open.deadlineAt) })}</Text>
            <DeadlineBadge deadlineAt={open.deadlineAt} />
          </Group>
          {isOwner && (
            <Text size="sm" mt={4}>
              {tp('erasure.executeOnPage')}
            </Text>
          )}
        </Alert>
      ) : (
        <>
          <Text size="sm">{tp('erasure.clientIntro')}</Text>
          <Button variant="outline" color="red.9" w="fit-content" onClick={() => setConfirming(true)}>
            {tp('erasure.register')}
          </Button>
        </>
      )}
      <Modal
        opened={confirming}
        onClose={() => {
          register.reset();
          setConfirming(false);
        }}
        title={tp('erasure.confirmTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        centered
      >
        <Stack gap="md">
          <Text>{tp('erasure.confirmText')}</Text>
          {register.isError && (
            <Alert color="red" variant="light" role="alert">
              {t(requestErrorKey(register.error))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red.9" loading={register.isPending} onClick={() => register.mutate()}>
              {tp('erasure.registerConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
