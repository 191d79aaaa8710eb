import { Alert, Anchor, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import { useClinicDay } from '../dates';
import { DeadlineBadge } from '../deadline-badge';
import { privacyKeys } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { RetentionDue } from '../privacy-types';
import { RetentionRunPanel } from './retention-run';

const DAYS = 30;

/** Dossiers the retention job destroys within 30 days (P9.1), so a legal hold can still be placed. */
export function RetentionTab() {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const day = useClinicDay();
  const due = useQuery({
    queryKey: privacyKeys.retention(DAYS),
    queryFn: ({ signal }) => apiGet<RetentionDue[]>(`/api/retention/upcoming?days=${DAYS}`, signal),
  });
  if (due.isPending) return <Loader role="status" aria-label={t('common.loading')} />;
  if (due.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {t(requestErrorKey(due.error))}
      </Alert>
    );
  }
  return (
    <Stack gap="sm">
      <RetentionRunPanel />
      <Text size="sm">{tp('retention.intro', { days: DAYS })}</Text>
      {due.data.length === 0 ? (
        <Text c="dimmed">{tp('retention.none', { days: DAYS })}</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" striped data-testid="retention-due">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tp('retention.client')}</Table.Th>
                <Table.Th>{tp('retention.dueAt')}</Table.Th>
                <Table.Th>{tp('retention.basis')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {due.data.map((item) => (
                <Table.Tr key={item.clientId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/app/clients/${item.clientId}`}>
                      {item.firstName} {item.lastName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2} align="flex-start">
                      <span>{day(item.dueAt)}</span>
                      <DeadlineBadge deadlineAt={item.dueAt} />
                    </Stack>
                  </Table.Td>
                  <Table.Td>{tp(`retention.basisName.${item.basis}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="sm" c="dimmed">
        {tp('retention.holdHint')}
      </Text>
    </Stack>
  );
}
