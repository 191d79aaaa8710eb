import {
  Alert,
  Button,
  Group,
  List,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiGet, apiGetBlob } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { saveBlob } from '../download';
import { privacyKeys } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { ProcessingRecord } from '../privacy-types';
import classes from './privacy-staff.module.css';

/** The record of processing activities (GDPR art. 30), generated from the settings; printable. */
export function ProcessingRecordTab() {
  const { t, i18n } = useTranslation();
  const tp = usePrivacyText();
  const time = useClinicTime();
  // The record is written in the language the owner reads the screen in.
  const language = i18n.language === 'en' ? 'en' : 'nl';
  const record = useQuery({
    queryKey: privacyKeys.processingRecord(language),
    queryFn: ({ signal }) => apiGet<ProcessingRecord>(`/api/processing-record?language=${language}`, signal),
  });
  const download = useMutation({
    mutationFn: async (format: 'pdf' | 'csv') => ({
      format,
      blob: await apiGetBlob(`/api/processing-record.${format}?language=${language}`),
    }),
    onSuccess: ({ format, blob }) => saveBlob(blob, `${tp('record.fileName')}.${format}`),
  });
  if (record.isPending) return <Loader role="status" aria-label={t('common.loading')} />;
  if (record.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {t(requestErrorKey(record.error))}
      </Alert>
    );
  }
  const data = record.data;
  return (
    <Stack gap="md">
      <Group justify="space-between" className={classes.noPrint}>
        <Text size="sm">{tp('record.intro')}</Text>
        <Group gap="xs">
          <Button variant="light" onClick={() => window.print()}>
            {tp('record.print')}
          </Button>
          <Button
            variant="light"
            loading={download.isPending && download.variables === 'pdf'}
            onClick={() => download.mutate('pdf')}
          >
            {tp('record.downloadPdf')}
          </Button>
          <Button
            variant="light"
            loading={download.isPending && download.variables === 'csv'}
            onClick={() => download.mutate('csv')}
          >
            {tp('record.downloadCsv')}
          </Button>
        </Group>
      </Group>
      {download.isError && (
        <Alert color="red" variant="light" role="alert" className={classes.noPrint}>
          {t(requestErrorKey(download.error))}
        </Alert>
      )}
      <Paper
        p={{ base: 'md', sm: 'xl' }}
        radius="lg"
        withBorder
        className={classes.record}
        data-testid="processing-record"
      >
        <Stack gap="sm">
          <Title order={2}>{tp('record.title')}</Title>
          <Text size="sm" c="dimmed">
            {tp('record.generatedAt', { at: time.dateTime(data.generatedAt) })}
          </Text>
          <Title order={3} size="h4">
            {tp('record.controller')}
          </Title>
          <SimpleGrid component="dl" cols={{ base: 1, sm: 3 }} spacing="sm" m={0}>
            <Entry label={tp('record.name')} value={data.controller.name} />
            <Entry label={tp('record.address')} value={data.controller.address} />
            <Entry label={tp('record.contact')} value={data.controller.contact} />
          </SimpleGrid>
          <Title order={3} size="h4">
            {tp('record.activities')}
          </Title>
          {data.activities.map((activity) => (
            <Paper key={activity.purpose} p="sm" radius="md" withBorder>
              <Text fw={600} mb={6}>
                {activity.purpose}
              </Text>
              <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="xs" m={0}>
                <Entry label={tp('record.legalBasis')} value={activity.legalBasis} />
                <Entry label={tp('record.dataSubjects')} value={activity.dataSubjects} />
                <Entry label={tp('record.dataCategories')} value={activity.dataCategories} />
                <Entry label={tp('record.recipients')} value={activity.recipients} />
                <Entry label={tp('record.retention')} value={activity.retention} />
              </SimpleGrid>
            </Paper>
          ))}
          <Title order={3} size="h4">
            {tp('record.processors')}
          </Title>
          {data.processors.length === 0 ? (
            <Text size="sm">{tp('processors.none')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={520}>
              <Table verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{tp('processors.name')}</Table.Th>
                    <Table.Th>{tp('processors.purpose')}</Table.Th>
                    <Table.Th>{tp('processors.location')}</Table.Th>
                    <Table.Th>{tp('processors.agreementDate')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.processors.map((processor) => (
                    <Table.Tr key={processor.name}>
                      <Table.Td>{processor.name}</Table.Td>
                      <Table.Td>{processor.purpose}</Table.Td>
                      <Table.Td>{processor.location}</Table.Td>
                      <Table.Td>
                        {processor.agreementDate
                          ? time.date(processor.agreementDate)
                          : tp('record.withFeature')}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Title order={3} size="h4">
            {tp('record.transfers')}
          </Title>
          <Text size="sm">{data.transfersOutsideEea}</Text>
          <Title order={3} size="h4">
            {tp('record.security')}
          </Title>
          <List size="sm" spacing={2}>
            {data.securityMeasures.map((measure) => (
              <List.Item key={measure}>{measure}</List.Item>
            ))}
          </List>
        </Stack>
      </Paper>
    </Stack>
  );
}

function Entry({ label, value }: { label: string; value: string | null }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {value ?? '—'}
      </Text>
    </div>
  );
}
