import { Button, Fieldset, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useZonedFormat } from '../zoned-format';
import classes from './booking.module.css';

export function TimeStep({
  day,
  times,
  value,
  onChange,
}: {
  day: string;
  times: string[];
  value: string | undefined;
  onChange: (startsAt: string) => void;
}) {
  const { t } = useTranslation('agenda');
  const format = useZonedFormat();
  return (
    <Fieldset
      variant="unstyled"
      legend={t('booking.timeLabel', { day: format.longDate(day) })}
      classNames={{ legend: classes.legend }}
    >
      {times.length === 0 && <Text size="sm">{t('booking.noTimes')}</Text>}
      <SimpleGrid cols={{ base: 3, xs: 4, sm: 6 }} spacing="xs">
        {times.map((startsAt) => {
          const selected = value === startsAt;
          return (
            <Button
              key={startsAt}
              variant={selected ? 'filled' : 'light'}
              aria-pressed={selected}
              onClick={() => onChange(startsAt)}
              data-testid="free-time"
            >
              {format.time(startsAt)}
            </Button>
          );
        })}
      </SimpleGrid>
    </Fieldset>
  );
}
