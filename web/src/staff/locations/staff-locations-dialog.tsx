import { Alert, Button, Checkbox, Group, Loader, Modal, Stack } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiRequest } from '../../shared/api';
import type { ApiResponse } from '../../shared/api-types';
import { requestErrorKey } from '../../shared/request-error';
import { useLocations } from './locations-query';

type StaffLocations = ApiResponse<'/api/staff/{staffId}/locations', 'get'>;
const staffLocationsKey = (staffId: string) => ['staff-locations', staffId] as const;

/** Where a staff member works: a checkbox per live location, at least one (the team page, owner). */
export function StaffLocationsDialog({
  member,
  onClose,
}: {
  member?: { id: string; name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation(['locations', 'translation']);
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const locations = useLocations();
  const current = useQuery({
    queryKey: staffLocationsKey(member?.id ?? ''),
    queryFn: ({ signal }) =>
      apiGet<StaffLocations>(`/api/staff/${encodeURIComponent(member?.id ?? '')}/locations`, signal),
    enabled: member !== undefined,
  });
  const [chosen, setChosen] = useState<string[]>();
  const save = useMutation({
    mutationFn: (input: { id: string; locationIds: string[] }) =>
      apiRequest<void>(`/api/staff/${encodeURIComponent(input.id)}/locations`, {
        method: 'PUT',
        body: { locationIds: input.locationIds },
      }),
    onSuccess: async (_, input) => {
      await queryClient.invalidateQueries({ queryKey: staffLocationsKey(input.id) });
      close();
    },
  });
  function close() {
    save.reset();
    setChosen(undefined);
    onClose();
  }
  const value = chosen ?? current.data?.locationIds ?? [];
  return (
    <Modal
      opened={member !== undefined}
      onClose={close}
      title={`${t('staffLocations')} · ${member?.name ?? ''}`}
      closeButtonProps={{ 'aria-label': t('translation:common.close') }}
      centered
    >
      <Stack gap="md">
        {locations.isPending || current.isPending ? (
          <Loader role="status" aria-label={t('translation:common.loading')} />
        ) : (
          <Checkbox.Group
            label={t('staffLocations')}
            description={t('staffLocationsDescription')}
            value={value}
            onChange={setChosen}
          >
            <Stack gap="xs" mt="xs">
              {(locations.data ?? []).map((location) => (
                <Checkbox key={location.id} value={location.id} label={location.name} />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
        {(save.isError || locations.isError || current.isError) && (
          <Alert color="red" variant="light" role="alert">
            {common(requestErrorKey(save.error ?? locations.error ?? current.error))}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('translation:common.cancel')}
          </Button>
          <Button
            loading={save.isPending}
            disabled={!member || value.length === 0}
            onClick={() => member && save.mutate({ id: member.id, locationIds: value })}
          >
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
