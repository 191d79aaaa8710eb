import { Alert, Badge, Button, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { useConsentLabels } from '../consent-labels';
import { usePrivacyText } from '../privacy-text';
import type { ConsentState, PortalOverview } from '../privacy-types';
import { linkExpired, PORTAL_KEY } from './portal-overview';

/** The consents that hold now, each granted one with its own withdraw button, and every record. */
export function PortalConsents({
  token,
  consents,
  onExpired,
}: {
  token: string;
  consents: PortalOverview['consents'];
  onExpired: () => void;
}) {
  const tp = usePrivacyText();
  const time = useClinicTime();
  const labels = useConsentLabels();
  const [withdrawing, setWithdrawing] = useState<ConsentState>();
  if (consents.current.length === 0) return <Text c="dimmed">{tp('portal.consentsEmpty')}</Text>;
  return (
    <Stack gap="md">
      <Text size="sm">{tp('portal.consentsIntro')}</Text>
      <Stack gap="sm" component="ul" p={0} m={0}>
        {consents.current.map((consent) => (
          <Paper
            key={`${consent.scope}:${consent.subject}`}
            component="li"
            p="sm"
            radius="md"
            withBorder
            data-testid="portal-consent"
            data-scope={consent.scope}
          >
            <Group justify="space-between" align="center" wrap="wrap" gap="sm">
              <Stack gap={2}>
                <Group gap="xs">
                  <Text fw={600}>{labels.scope(consent.scope)}</Text>
                  <Badge color={consent.decision === 'granted' ? 'teal' : 'gray'} variant="light" tt="none">
                    {labels.decision(consent.decision)}
                  </Badge>
                </Group>
                {consent.subject && <Text size="sm">{consent.subject}</Text>}
                <Text size="sm" c="dimmed">
                  {tp('portal.consentSince', {
                    at: time.dateTime(consent.since),
                    channel: labels.channel(consent.channel),
                  })}
                </Text>
              </Stack>
              {consent.decision === 'granted' && (
                <Button
                  variant="outline"
                  color="red.9"
                  onClick={() => setWithdrawing(consent)}
                  aria-label={tp('portal.withdrawNamed', { scope: labels.scope(consent.scope) })}
                >
                  {tp('portal.withdraw')}
                </Button>
              )}
            </Group>
          </Paper>
        ))}
      </Stack>
      <details>
        <summary>{tp('portal.historyToggle', { count: consents.history.length })}</summary>
        <Table.ScrollContainer minWidth={480} mt="sm">
          <Table verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tp('consents.at')}</Table.Th>
                <Table.Th>{tp('consents.scope')}</Table.Th>
                <Table.Th>{tp('consents.decision')}</Table.Th>
                <Table.Th>{tp('consents.channel')}</Table.Th>
                <Table.Th>{tp('consents.version')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...consents.history].reverse().map((record) => (
                <Table.Tr key={`${record.recordedAt}:${record.scope}:${record.subject}`}>
                  <Table.Td>{time.dateTime(record.recordedAt)}</Table.Td>
                  <Table.Td>
                    {labels.scope(record.scope)}
                    {record.subject ? ` · ${record.subject}` : ''}
                  </Table.Td>
                  <Table.Td>{labels.decision(record.decision)}</Table.Td>
                  <Table.Td>{labels.channel(record.channel)}</Table.Td>
                  <Table.Td>{record.statementVersion}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </details>
      <WithdrawDialog
        token={token}
        consent={withdrawing}
        onClose={() => setWithdrawing(undefined)}
        onExpired={onExpired}
      />
    </Stack>
  );
}

function WithdrawDialog({
  token,
  consent,
  onClose,
  onExpired,
}: {
  token: string;
  consent?: ConsentState;
  onClose: () => void;
  onExpired: () => void;
}) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const labels = useConsentLabels();
  const queryClient = useQueryClient();
  const withdraw = useMutation({
    mutationFn: (target: ConsentState) =>
      apiPost<unknown>('/api/public/privacy-portal/consents', {
        token,
        scope: target.scope,
        subject: target.subject || undefined,
        decision: 'withdrawn',
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: PORTAL_KEY });
      close();
    },
    onError: (error) => {
      if (linkExpired(error)) onExpired();
    },
  });
  function close() {
    withdraw.reset();
    onClose();
  }
  return (
    <Modal
      opened={consent !== undefined}
      onClose={close}
      title={tp('portal.withdrawTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      <Stack gap="md">
        <Text>{tp('portal.withdrawText', { scope: consent ? labels.scope(consent.scope) : '' })}</Text>
        {consent?.scope === 'health_data' && <Text size="sm">{tp('portal.withdrawHealth')}</Text>}
        {withdraw.isError && !linkExpired(withdraw.error) && (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(withdraw.error))}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red.9"
            loading={withdraw.isPending}
            onClick={() => consent && withdraw.mutate(consent)}
          >
            {tp('portal.withdrawConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
