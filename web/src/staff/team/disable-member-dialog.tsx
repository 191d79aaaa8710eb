import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import { type StaffMember, TEAM_KEY } from './team-query';

/** Asks before disabling: the account's sessions end at once. */
export function DisableMemberDialog({ member, onClose }: { member?: StaffMember; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const disable = useMutation({
    mutationFn: (id: string) => apiPost<void>(`/api/staff/${encodeURIComponent(id)}/disable`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: TEAM_KEY });
      close();
    },
  });
  function close() {
    disable.reset();
    onClose();
  }
  return (
    <Modal
      opened={member !== undefined}
      onClose={close}
      title={t('team.disableTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      <Stack gap="md">
        <Text>{t('team.disableText', { name: member?.name ?? '' })}</Text>
        {disable.isError && (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(disable.error))}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red.9"
            loading={disable.isPending}
            onClick={() => member && disable.mutate(member.id)}
          >
            {t('team.disableConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
