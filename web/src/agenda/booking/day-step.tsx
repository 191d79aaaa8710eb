import { Button, Fieldset, Group, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { datesFrom } from '../agenda-time';
import { useZonedFormat } from '../zoned-format';
import classes from './booking.module.css';

/** Two weeks at a time: what one request for free times may cover (at most 14 days). */
export const WEEKS_SHOWN = 2;

/** Two weeks from a Monday; days before today or without a free time cannot be chosen. */
export function DayStep({
  firstMonday,
  today,
  freeDays,
  loading,
  value,
  onChange,
  onEarlier,
  onLater,
}: {
  firstMonday: string;
  today: string;
  freeDays: Set<string>;
  loading: boolean;
  value: string | undefined;
  onChange: (date: string) => void;
  onEarlier?: () => void;
  onLater: () => void;
}) {
  const { t } = useTranslation('agenda');
  const format = useZonedFormat();
  const days = datesFrom(firstMonday, WEEKS_SHOWN * 7);
  const anyFree = days.some((day) => freeDays.has(day));
  return (
    <Fieldset variant="unstyled" legend={t('booking.dayLabel')} classNames={{ legend: classes.legend }}>
      <div className={classes.calendar} aria-busy={loading}>
        {days.slice(0, 7).map((day) => (
          <div key={`head-${day}`} className={classes.weekdayHead} aria-hidden="true">
            {format.weekday(day)}
          </div>
        ))}
        {days.map((day) => {
          const selected = value === day;
          const free = day >= today && freeDays.has(day);
          return (
            <Button
              key={day}
              className={classes.day}
              variant={selected ? 'filled' : free ? 'light' : 'subtle'}
              disabled={!free}
              aria-pressed={selected}
              onClick={() => onChange(day)}
              px={0}
              data-testid={free ? 'free-day' : undefined}
              data-day={day}
            >
              <VisuallyHidden>{format.weekdayLong(day)}</VisuallyHidden>
              <span className={classes.dayNumber}>{Number(day.slice(8, 10))}</span>
              <span className={classes.dayMonth}>{format.dayMonth(day).replace(/^\d+\s*/, '')}</span>
            </Button>
          );
        })}
      </div>
      {!loading && !anyFree && (
        <Text size="sm" mt="xs">
          {t('booking.noFreeDays')}
        </Text>
      )}
      <Group justify="space-between" mt="sm">
        {onEarlier ? (
          <Button variant="subtle" size="compact-md" onClick={onEarlier}>
            {t('booking.earlierWeeks')}
          </Button>
        ) : (
          <span />
        )}
        <Button variant="subtle" size="compact-md" onClick={onLater}>
          {t('booking.laterWeeks')}
        </Button>
      </Group>
    </Fieldset>
  );
}
