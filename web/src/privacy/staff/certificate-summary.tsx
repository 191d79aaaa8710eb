import { Badge, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useClinicTime } from '../../shared/clinic-time';
import { usePrivacyText } from '../privacy-text';
import type { ErasureCertificate } from '../privacy-types';

const DESTROYED = [
  'clients',
  'treatments',
  'skinAnalyses',
  'homeProducts',
  'emails',
  'intakes',
  'photoSets',
  'photos',
  'photoFiles',
  'consents',
  'careRelationships',
  'outboxEmails',
] as const;
type Destroyed = (typeof DESTROYED)[number];
const isDestroyed = (value: string): value is Destroyed => (DESTROYED as readonly string[]).includes(value);

// The server words what it kept in English; the ones it always keeps have a translation here.
const KEPT = {
  'audit trail entries': 'audit',
  'financial records (invoices, payments)': 'financial',
  'this erasure request and certificate': 'request',
} as const;
const keptKey = (what: string) => KEPT[what as keyof typeof KEPT];

/** What an erasure destroyed (counted per kind) and what it kept, why and until when. */
export function CertificateSummary({ certificate }: { certificate: ErasureCertificate }) {
  const tp = usePrivacyText();
  const time = useClinicTime();
  const destroyed = Object.entries(certificate.destroyed);
  // Financial records are kept until a day; without any, the server writes a phrase ('none kept'),
  // which the owner reads in her own language like the PDF does.
  const untilText = (key: string | undefined, until: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(until) ? time.date(until) : key === 'financial' ? tp('kept.noneKept') : until;
  return (
    <Stack gap="sm" data-testid="erasure-certificate">
      <Group gap="xs">
        <Text size="sm">{tp('certificate.executedAt', { at: time.dateTime(certificate.executedAt) })}</Text>
        <Badge color={certificate.keyDestroyed ? 'teal' : 'red'} variant="light" tt="none">
          {certificate.keyDestroyed ? tp('certificate.keyDestroyed') : tp('certificate.keyKept')}
        </Badge>
      </Group>
      <Text fw={600} size="sm">
        {tp('certificate.destroyedTitle')}
      </Text>
      <SimpleGrid component="dl" cols={{ base: 2, sm: 4 }} spacing="xs" m={0}>
        {destroyed.map(([kind, count]) => (
          <div key={kind}>
            <Text component="dt" size="xs" c="dimmed">
              {isDestroyed(kind) ? tp(`destroyed.${kind}`) : kind}
            </Text>
            <Text component="dd" m={0} fw={600}>
              {count}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      <Text fw={600} size="sm">
        {tp('certificate.keptTitle')}
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{tp('certificate.what')}</Table.Th>
              <Table.Th>{tp('certificate.count')}</Table.Th>
              <Table.Th>{tp('certificate.why')}</Table.Th>
              <Table.Th>{tp('certificate.until')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {certificate.kept.map((item) => {
              const key = keptKey(item.what);
              return (
                <Table.Tr key={item.what}>
                  <Table.Td>{key ? tp(`kept.${key}`) : item.what}</Table.Td>
                  <Table.Td>{item.count}</Table.Td>
                  <Table.Td>{key ? tp(`kept.${key}Why`) : item.why}</Table.Td>
                  <Table.Td>
                    {key && key !== 'financial' ? tp('kept.asLongAsAudit') : untilText(key, item.until)}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
