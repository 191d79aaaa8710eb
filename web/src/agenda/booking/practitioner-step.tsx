import { Group, Radio, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BookableTreatment } from '../agenda-types';

/** "Anyone" is the empty string here and null in the API. */
export const ANYONE = '';

export function PractitionerStep({
  treatment,
  value,
  onChange,
}: {
  treatment: BookableTreatment;
  value: string | undefined;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation('agenda');
  const options = [
    { id: ANYONE, name: t('booking.anyone') },
    ...treatment.practitioners.map((p) => ({ id: p.id, name: p.name })),
  ];
  return (
    <Radio.Group label={t('booking.practitionerLabel')} value={value ?? null} onChange={onChange}>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" mt="xs">
        {options.map((option) => (
          <Radio.Card key={option.id || 'anyone'} value={option.id} p="sm" radius="md">
            <Group wrap="nowrap" gap="sm">
              <Radio.Indicator />
              <Text fw={500}>{option.name}</Text>
            </Group>
          </Radio.Card>
        ))}
      </SimpleGrid>
    </Radio.Group>
  );
}
