import { Alert, Badge, Button, Group, Loader, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost, apiRequest } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { ROLE_LABEL } from '../session/role-label';
import { INVITATIONS_KEY, type PendingInvitation, useInvitations } from './team-query';

/** Invitations not yet accepted: send again (a new link) or revoke. */
export function PendingInvitations() {
  const { t } = useTranslation('team');
  const { t: tc } = useTranslation();
  const time = useClinicTime();
  const queryClient = useQueryClient();
  const invitations = useInvitations();
  const [revoking, setRevoking] = useState<PendingInvitation>();
  const [resent, setResent] = useState<{ name: string; until: string }>();
  const resend = useMutation({
    mutationFn: (invitation: PendingInvitation) =>
      apiPost<{ expiresAt: string }>(`/api/staff/invitations/${encodeURIComponent(invitation.id)}/resend`),
    onSuccess: async (result, invitation) => {
      setResent({ name: invitation.name, until: time.dateTime(result.expiresAt) });
      await queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY });
    },
  });
  if (invitations.isPending) return <Loader role="status" aria-label={tc('common.loading')} />;
  if (invitations.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {tc(requestErrorKey(invitations.error))}
      </Alert>
    );
  }
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="invitations-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="invitations-title">
          {t('invitations.title')}
        </Title>
        {resend.isError && (
          <Alert color="red" variant="light" role="alert">
            {tc(requestErrorKey(resend.error))}
          </Alert>
        )}
        {resent && (
          <Alert color="teal" variant="light" role="status">
            {t('invitations.resent', resent)}
          </Alert>
        )}
        {invitations.data.length === 0 ? (
          <Text c="dimmed">{t('invitations.none')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('invitations.name')}</Table.Th>
                  <Table.Th>{t('invitations.role')}</Table.Th>
                  <Table.Th>{t('invitations.validUntil')}</Table.Th>
                  <Table.Th>{t('invitations.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {invitations.data.map((invitation) => (
                  <Table.Tr key={invitation.id}>
                    <Table.Td>
                      <Text fw={500}>{invitation.name}</Text>
                      <Text size="sm" c="dimmed">
                        {invitation.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>{tc(ROLE_LABEL[invitation.role])}</Table.Td>
                    <Table.Td>
                      {invitation.expired ? (
                        <Badge color="gray">{t('invitations.expired')}</Badge>
                      ) : (
                        time.dateTime(invitation.expiresAt)
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          variant="light"
                          size="compact-sm"
                          loading={resend.isPending && resend.variables?.id === invitation.id}
                          onClick={() => resend.mutate(invitation)}
                          aria-label={t('invitations.resendNamed', { name: invitation.name })}
                        >
                          {t('invitations.resend')}
                        </Button>
                        <Button
                          variant="subtle"
                          color="red"
                          size="compact-sm"
                          onClick={() => setRevoking(invitation)}
                          aria-label={t('invitations.revokeNamed', { name: invitation.name })}
                        >
                          {t('invitations.revoke')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <RevokeDialog invitation={revoking} onClose={() => setRevoking(undefined)} />
    </Paper>
  );
}

function RevokeDialog({ invitation, onClose }: { invitation?: PendingInvitation; onClose: () => void }) {
  const { t } = useTranslation('team');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: (id: string) =>
      apiRequest<void>(`/api/staff/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY });
      close();
    },
  });
  function close() {
    revoke.reset();
    onClose();
  }
  return (
    <Modal
      opened={invitation !== undefined}
      onClose={close}
      title={t('invitations.revokeTitle')}
      closeButtonProps={{ 'aria-label': tc('common.close') }}
      centered
    >
      <Stack gap="md">
        <Text>{t('invitations.revokeText', { name: invitation?.name ?? '' })}</Text>
        {revoke.isError && (
          <Alert color="red" variant="light" role="alert">
            {tc(requestErrorKey(revoke.error))}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {tc('common.cancel')}
          </Button>
          <Button
            color="red.9"
            loading={revoke.isPending}
            onClick={() => invitation && revoke.mutate(invitation.id)}
          >
            {t('invitations.revokeConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
