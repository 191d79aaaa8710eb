import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Menu,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requestErrorKey } from '../../shared/request-error';
import { useLocations } from '../locations/locations-query';
import { StaffLocationsDialog } from '../locations/staff-locations-dialog';
import { OwnerOnly } from '../session/owner-only';
import { ROLE_LABEL } from '../session/role-label';
import { useSignedInSession } from '../session/session-query';
import { CarePeriodsPanel } from './care-periods-panel';
import { DisableMemberDialog } from './disable-member-dialog';
import { InviteForm } from './invite-form';
import { ChangeRoleDialog, ResetSecondFactorDialog } from './member-dialogs';
import { PendingInvitations } from './pending-invitations';
import { type StaffMember, useTeam } from './team-query';

export function TeamPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('team.title')} · ${t('common.brand')}`);
  return (
    <OwnerOnly>
      <Stack gap="lg" maw={960}>
        <Title order={1}>{t('team.title')}</Title>
        <TeamList />
        <PendingInvitations />
        <InviteForm />
        <CarePeriodsPanel />
      </Stack>
    </OwnerOnly>
  );
}

function TeamList() {
  const { t } = useTranslation();
  const me = useSignedInSession().staff;
  const team = useTeam();
  const { t: tt } = useTranslation('team');
  const [disabling, setDisabling] = useState<StaffMember>();
  const [changingRole, setChangingRole] = useState<StaffMember>();
  const [resetting, setResetting] = useState<StaffMember>();
  const [placing, setPlacing] = useState<StaffMember>();
  const { t: tl } = useTranslation('locations');
  // Where someone works matters only in a clinic with more than one location.
  const severalLocations = (useLocations().data?.length ?? 0) > 1;
  if (team.isPending) return <Loader role="status" aria-label={t('common.loading')} />;
  if (team.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {t(requestErrorKey(team.error))}
      </Alert>
    );
  }
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="team-list-title">
      <Title order={2} size="h3" id="team-list-title" mb="sm">
        {t('team.listTitle')}
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="sm" striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('team.name')}</Table.Th>
              <Table.Th>{t('team.role')}</Table.Th>
              <Table.Th>{t('team.status')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('team.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {team.data.map((member) => (
              <Table.Tr key={member.id}>
                <Table.Td>
                  <Text fw={500}>{member.name}</Text>
                  <Text size="sm" c="dimmed">
                    {member.email}
                  </Text>
                </Table.Td>
                <Table.Td>{t(ROLE_LABEL[member.role])}</Table.Td>
                <Table.Td>
                  <MemberStatus member={member} />
                </Table.Td>
                <Table.Td>
                  {!member.disabled && (
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <Button
                          variant="subtle"
                          size="compact-sm"
                          aria-label={tt('member.actionsNamed', { name: member.name })}
                        >
                          {t('team.actions')}
                        </Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setChangingRole(member)}>
                          {tt('member.changeRole')}
                        </Menu.Item>
                        {severalLocations && (
                          <Menu.Item onClick={() => setPlacing(member)}>{tl('staffLocations')}</Menu.Item>
                        )}
                        {member.id !== me.id && member.secondFactor && (
                          <Menu.Item onClick={() => setResetting(member)}>
                            {tt('member.resetSecondFactor')}
                          </Menu.Item>
                        )}
                        {member.id !== me.id && (
                          <Menu.Item color="red" onClick={() => setDisabling(member)}>
                            {t('team.disable')}
                          </Menu.Item>
                        )}
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <DisableMemberDialog member={disabling} onClose={() => setDisabling(undefined)} />
      <ChangeRoleDialog member={changingRole} onClose={() => setChangingRole(undefined)} />
      <ResetSecondFactorDialog member={resetting} onClose={() => setResetting(undefined)} />
      <StaffLocationsDialog member={placing} onClose={() => setPlacing(undefined)} />
    </Paper>
  );
}

function MemberStatus({ member }: { member: StaffMember }) {
  const { t } = useTranslation();
  if (member.disabled) return <Badge color="gray">{t('team.statusDisabled')}</Badge>;
  return (
    <Group gap={6}>
      <Badge color={member.secondFactor ? 'teal' : 'yellow'} variant="light">
        {member.secondFactor ? t('team.statusActive') : t('team.statusWaiting')}
      </Badge>
    </Group>
  );
}
