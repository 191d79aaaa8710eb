import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import { LOCATIONS_KEY, type Location } from './locations-query';

/** Asks before archiving; says why the server refused (the last location, appointments to come). */
export function ArchiveLocationDialog({ location, onClose }: { location?: Location; onClose: () => void }) {
  const { t } = useTranslation(['locations', 'translation']);
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const archive = useMutation({
    mutationFn: (id: string) => apiPost<void>(`/api/locations/${encodeURIComponent(id)}/archive`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: LOCATIONS_KEY });
      close();
    },
  });
  function close() {
    archive.reset();
    onClose();
  }
  const reason =
    archive.error instanceof ApiError && archive.error.status === 409
      ? archive.error.problem.extra?.reason
      : undefined;
  return (
    <Modal
      opened={location !== undefined}
      onClose={close}
      title={t('archiveTitle')}
      closeButtonProps={{ 'aria-label': t('translation:common.close') }}
      centered
    >
      <Stack gap="md">
        <Text>{t('archiveText', { name: location?.name ?? '' })}</Text>
        {archive.isError && (
          <Alert color="red" variant="light" role="alert">
            {reason === 'last_location'
              ? t('archiveLast')
              : reason === 'future_appointments'
                ? t('archiveAppointments')
                : common(requestErrorKey(archive.error))}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('translation:common.cancel')}
          </Button>
          <Button
            color="red.9"
            loading={archive.isPending}
            onClick={() => location && archive.mutate(location.id)}
          >
            {t('archiveConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
