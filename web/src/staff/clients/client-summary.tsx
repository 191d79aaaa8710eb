import { SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useClinicTime } from '../../shared/clinic-time';
import type { Client } from './client-types';

/**
 * What tells two registrations of a person apart at a glance: date of birth, e-mail, phone, city.
 * Used where staff decide whether two records are the same client.
 */
export function ClientSummary({ client, cols = 2 }: { client: Client; cols?: 1 | 2 }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const rows = [
    { label: t('clients.birthDate'), value: client.birthDate ? time.date(client.birthDate) : null },
    { label: t('clients.email'), value: client.email },
    { label: t('clients.phone'), value: client.phone },
    { label: t('clients.city'), value: client.city },
  ];
  return (
    <SimpleGrid component="dl" cols={{ base: 1, xs: cols }} spacing="xs" verticalSpacing={6} m={0}>
      {rows.map((row) => (
        <div key={row.label}>
          <Text component="dt" size="xs" c="dimmed">
            {row.label}
          </Text>
          <Text component="dd" m={0} size="sm" style={{ overflowWrap: 'anywhere' }}>
            {row.value ?? '—'}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
