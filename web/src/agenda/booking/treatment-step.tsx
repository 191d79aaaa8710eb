import { Group, Radio, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMoney } from '../../shared/money';
import type { BookableTreatment } from '../agenda-types';

export function TreatmentStep({
  treatments,
  value,
  onChange,
}: {
  treatments: BookableTreatment[];
  value: string | undefined;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation('agenda');
  const money = useMoney();
  return (
    <Radio.Group label={t('booking.treatmentLabel')} value={value ?? null} onChange={onChange}>
      <Stack gap="xs" mt="xs">
        {treatments.map((treatment) => (
          <Radio.Card key={treatment.id} value={treatment.id} p="sm" radius="md">
            <Group wrap="nowrap" align="flex-start" gap="sm">
              <Radio.Indicator mt={2} />
              <Stack gap={2}>
                <Text fw={600}>{treatment.name}</Text>
                <Text size="sm">
                  {t('booking.durationPrice', {
                    minutes: treatment.durationMinutes,
                    price: money.price(treatment.priceCents),
                  })}
                </Text>
                {treatment.description && (
                  <Text size="sm" c="dimmed">
                    {treatment.description}
                  </Text>
                )}
              </Stack>
            </Group>
          </Radio.Card>
        ))}
      </Stack>
    </Radio.Group>
  );
}
