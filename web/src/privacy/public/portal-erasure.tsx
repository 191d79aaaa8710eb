import { Alert, Button, Checkbox, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import { useClinicDay } from '../dates';
import { usePrivacyText } from '../privacy-text';
import { linkExpired, PORTAL_KEY } from './portal-overview';

/** Shown at the top once the client asked: the date by which everything is gone. */
export function ErasureRequested({ deadlineAt }: { deadlineAt: string }) {
  const tp = usePrivacyText();
  const day = useClinicDay();
  return (
    <Alert
      color="teal"
      variant="light"
      role="status"
      title={tp('portal.erasureRequestedTitle')}
      data-testid="portal-erasure-deadline"
    >
      {tp('portal.erasureRequested', { date: day(deadlineAt) })}
    </Alert>
  );
}

/** "Erase my data": what goes, what stays and why, and a confirmation before anything happens. */
export function PortalErasure({
  token,
  request,
  onExpired,
}: {
  token: string;
  request: { deadlineAt: string } | null;
  onExpired: () => void;
}) {
  const tp = usePrivacyText();
  const day = useClinicDay();
  const [asking, setAsking] = useState(false);
  if (request) {
    return <Text>{tp('portal.erasureRequested', { date: day(request.deadlineAt) })}</Text>;
  }
  return (
    <Stack gap="sm">
      <Text>{tp('portal.erasureIntro')}</Text>
      <Button color="red.9" variant="outline" w="fit-content" onClick={() => setAsking(true)}>
        {tp('portal.erasureButton')}
      </Button>
      <ErasureDialog token={token} opened={asking} onClose={() => setAsking(false)} onExpired={onExpired} />
    </Stack>
  );
}

function ErasureDialog({
  token,
  opened,
  onClose,
  onExpired,
}: {
  token: string;
  opened: boolean;
  onClose: () => void;
  onExpired: () => void;
}) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const queryClient = useQueryClient();
  const [understood, setUnderstood] = useState(false);
  const erase = useMutation({
    mutationFn: () => apiPost<{ deadlineAt: string }>('/api/public/privacy-portal/erasure', { token }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: PORTAL_KEY });
      close();
    },
    onError: (error) => {
      if (linkExpired(error)) onExpired();
    },
  });
  function close() {
    erase.reset();
    setUnderstood(false);
    onClose();
  }
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={tp('portal.erasureDialogTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
      size="lg"
    >
      <Stack gap="md">
        <Text>{tp('portal.erasureGoes')}</Text>
        <List spacing={4} size="sm">
          <List.Item>{tp('portal.erasureGoesDossier')}</List.Item>
          <List.Item>{tp('portal.erasureGoesPhotos')}</List.Item>
          <List.Item>{tp('portal.erasureGoesPaper')}</List.Item>
        </List>
        <Text>{tp('portal.erasureKept')}</Text>
        <Text>{tp('portal.erasureFinal')}</Text>
        <Checkbox
          label={tp('portal.erasureUnderstood')}
          checked={understood}
          onChange={(e) => setUnderstood(e.currentTarget.checked)}
        />
        {erase.isError && !linkExpired(erase.error) && (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(erase.error))}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red.9"
            disabled={!understood}
            loading={erase.isPending}
            onClick={() => erase.mutate()}
          >
            {tp('portal.erasureConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
