import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost, apiRequest } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import { ROLE_LABEL } from '../session/role-label';
import { SESSION_KEY, type StaffRole } from '../session/session-query';
import { type StaffMember, TEAM_KEY } from './team-query';

/** Changes a colleague's role; the server keeps the clinic's last owner from stepping down. */
export function ChangeRoleDialog({ member, onClose }: { member?: StaffMember; onClose: () => void }) {
  const { t } = useTranslation('team');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<StaffRole | null>(null);
  const change = useMutation({
    mutationFn: (input: { id: string; role: StaffRole }) =>
      apiRequest<void>(`/api/staff/${encodeURIComponent(input.id)}/role`, {
        method: 'PUT',
        body: { role: input.role },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: TEAM_KEY });
      await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      close();
    },
  });
  function close() {
    change.reset();
    setRole(null);
    onClose();
  }
  const chosen = role ?? member?.role ?? null;
  return (
    <Modal
      opened={member !== undefined}
      onClose={close}
      title={t('member.changeRoleTitle', { name: member?.name ?? '' })}
      closeButtonProps={{ 'aria-label': tc('common.close') }}
      centered
    >
      <Stack gap="md">
        <Text size="sm">{t('member.changeRoleText')}</Text>
        <Select
          label={t('member.newRole')}
          data={(['owner', 'practitioner', 'reception'] as const).map((value) => ({
            value,
            label: tc(ROLE_LABEL[value]),
          }))}
          value={chosen}
          onChange={(value) => setRole(value as StaffRole | null)}
          allowDeselect={false}
        />
        {change.isError && (
          <Alert color="red" variant="light" role="alert">
            {change.error instanceof ApiError && change.error.status === 409
              ? t('member.lastOwner')
              : tc(requestErrorKey(change.error))}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {tc('common.cancel')}
          </Button>
          <Button
            loading={change.isPending}
            disabled={!member || chosen === member.role}
            onClick={() => member && chosen && change.mutate({ id: member.id, role: chosen })}
          >
            {t('member.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Resets a colleague's second factor after asking: they are signed out and enrol again. */
export function ResetSecondFactorDialog({ member, onClose }: { member?: StaffMember; onClose: () => void }) {
  const { t } = useTranslation('team');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const reset = useMutation({
    mutationFn: (id: string) => apiPost<void>(`/api/staff/${encodeURIComponent(id)}/second-factor/reset`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: TEAM_KEY });
      close();
    },
  });
  function close() {
    reset.reset();
    onClose();
  }
  return (
    <Modal
      opened={member !== undefined}
      onClose={close}
      title={t('member.resetTitle', { name: member?.name ?? '' })}
      closeButtonProps={{ 'aria-label': tc('common.close') }}
      centered
    >
      <Stack gap="md">
        <Text>{t('member.resetText', { name: member?.name ?? '' })}</Text>
        {reset.isError && (
          <Alert color="red" variant="light" role="alert">
            {tc(requestErrorKey(reset.error))}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {tc('common.cancel')}
          </Button>
          <Button color="red.9" loading={reset.isPending} onClick={() => member && reset.mutate(member.id)}>
            {t('member.resetConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
