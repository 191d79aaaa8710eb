import { Table, Text } from '@mantine/core';
import { useClinicTime } from '../../shared/clinic-time';
import { usePrivacyText } from '../privacy-text';
import type { PortalOverview } from '../privacy-types';

const ROLES = ['owner', 'practitioner', 'reception', 'system'] as const;
const ACTIONS = [
  'create',
  'read',
  'update',
  'delete',
  'search',
  'print',
  'export',
  'disclose',
  'break_glass',
  'sign',
  'merge',
  'assign',
  'refuse',
  'verify',
  'review',
] as const;
const known = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

/** Newest first: what a client looks for is what happened lately. */
function newestFirst(access: PortalOverview['access']) {
  return [...access].sort((a, b) => b.at.localeCompare(a.at));
}

/** Who opened the dossier, by role and date: staff names stay inside the clinic. */
export function PortalAccess({ access }: { access: PortalOverview['access'] }) {
  const tp = usePrivacyText();
  const time = useClinicTime();
  const role = (value: string) => (known(ROLES, value) ? tp(`role.${value}`) : value);
  const action = (value: string) => (known(ACTIONS, value) ? tp(`accessAction.${value}`) : value);
  if (access.length === 0) return <Text c="dimmed">{tp('portal.accessEmpty')}</Text>;
  return (
    <>
      <Text size="sm" mb="sm">
        {tp('portal.accessIntro')}
      </Text>
      <Table verticalSpacing="xs" striped data-testid="portal-access-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{tp('portal.accessAt')}</Table.Th>
            <Table.Th>{tp('portal.accessRole')}</Table.Th>
            <Table.Th>{tp('portal.accessAction')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {newestFirst(access).map((entry, index) => (
            // Entries have no id of their own; the order is the server's and does not change.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <Table.Tr key={index}>
              <Table.Td>{time.dateTime(entry.at)}</Table.Td>
              <Table.Td>{role(entry.role)}</Table.Td>
              <Table.Td>{action(entry.action)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
