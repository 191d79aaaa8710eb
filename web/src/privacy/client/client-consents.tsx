import { Alert, Anchor, Badge, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { useConsentLabels } from '../consent-labels';
import { useClientConsents } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { ConsentRecord } from '../privacy-types';

/** What holds now per scope, and every record behind it (append-only: a withdrawal is a new one). */
export function ClientConsentsView({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const time = useClinicTime();
  const labels = useConsentLabels();
  const consents = useClientConsents(clientId);
  if (consents.isPending) return <Loader size="sm" role="status" aria-label={t('common.loading')} />;
  if (consents.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {t(requestErrorKey(consents.error))}
      </Alert>
    );
  }
  const { current, history } = consents.data;
  const healthHeld = current.some((c) => c.scope === 'health_data' && c.decision === 'granted');
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {tp('consents.currentTitle')}
      </Title>
      {!healthHeld && (
        <Alert color="yellow" variant="light" data-testid="consent-missing">
          {tp('consents.askNextVisit')}
        </Alert>
      )}
      {current.length === 0 ? (
        <Text c="dimmed">{tp('consents.none')}</Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} data-testid="consents-current">
          {current.map((consent) => (
            <Paper
              key={`${consent.scope}:${consent.subject}`}
              component="li"
              p="sm"
              radius="md"
              withBorder
              data-scope={consent.scope}
              data-decision={consent.decision}
            >
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Text fw={500}>{labels.scope(consent.scope)}</Text>
                <Badge color={consent.decision === 'granted' ? 'teal' : 'gray'} variant="light" tt="none">
                  {labels.decision(consent.decision)}
                </Badge>
              </Group>
              {consent.subject && <Text size="sm">{consent.subject}</Text>}
              <Text size="sm" c="dimmed">
                {tp('consents.summary', {
                  channel: labels.channel(consent.channel),
                  version: consent.statementVersion,
                  at: time.dateTime(consent.since),
                })}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
      {history.length > 0 && (
        <details>
          <summary>{tp('consents.historyToggle', { count: history.length })}</summary>
          <Table.ScrollContainer minWidth={720} mt="xs">
            <Table verticalSpacing="xs" striped data-testid="consents-history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{tp('consents.at')}</Table.Th>
                  <Table.Th>{tp('consents.scope')}</Table.Th>
                  <Table.Th>{tp('consents.decision')}</Table.Th>
                  <Table.Th>{tp('consents.channel')}</Table.Th>
                  <Table.Th>{tp('consents.version')}</Table.Th>
                  <Table.Th>{tp('consents.by')}</Table.Th>
                  <Table.Th>{tp('consents.evidence')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...history].reverse().map((record) => (
                  <Table.Tr key={record.id}>
                    <Table.Td>{time.dateTime(record.recordedAt)}</Table.Td>
                    <Table.Td>
                      {labels.scope(record.scope)}
                      {record.subject ? ` · ${record.subject}` : ''}
                    </Table.Td>
                    <Table.Td>{labels.decision(record.decision)}</Table.Td>
                    <Table.Td>{labels.channel(record.channel)}</Table.Td>
                    <Table.Td>
                      <Anchor
                        href={`/privacy?version=${record.statementVersion}`}
                        target="_blank"
                        rel="noopener"
                        aria-label={tp('consents.versionLink', { version: record.statementVersion })}
                      >
                        {record.statementVersion}
                      </Anchor>{' '}
                      ({record.language.toUpperCase()})
                    </Table.Td>
                    <Table.Td>{record.recordedByName ?? tp('consents.byClient')}</Table.Td>
                    <Table.Td>
                      <Evidence record={record} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </details>
      )}
    </Stack>
  );
}

/** The proof a record holds, in words: a signed intake, a ticked box, an e-mail, a note. */
function Evidence({ record }: { record: ConsentRecord }) {
  const tp = usePrivacyText();
  const evidence = record.evidence;
  const text = (key: string) => (typeof evidence[key] === 'string' ? (evidence[key] as string) : null);
  switch (evidence.kind) {
    case 'signature':
      return <>{tp('evidence.signature')}</>;
    case 'checkbox':
      return <>{tp('evidence.checkbox')}</>;
    case 'email':
      return (
        <Group gap={4}>
          {tp('evidence.email')}
          {text('reference') && <q>{text('reference')}</q>}
          {text('dossierEmailId') && <span>{tp('evidence.emailInDossier')}</span>}
        </Group>
      );
    case 'staff':
      return (
        <Group gap={4}>
          {tp('evidence.staff')}
          {text('note') && <q>{text('note')}</q>}
        </Group>
      );
    default:
      return <>{tp('evidence.other')}</>;
  }
}
