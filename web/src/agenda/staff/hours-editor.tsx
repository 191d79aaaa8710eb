import { Checkbox, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import classes from './agenda.module.css';
import type { DayHours } from './week-hours';

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Monday to Sunday: open or not, from and until. */
export function HoursEditor({
  idPrefix,
  week,
  onChange,
  errorOf,
}: {
  idPrefix: string;
  week: DayHours[];
  onChange: (week: DayHours[]) => void;
  /** The refusal of a day's hours (by index), said at its end time. */
  errorOf: (index: number) => string | undefined;
}) {
  const { t } = useTranslation('agenda');
  const set = (index: number, change: Partial<DayHours>) =>
    onChange(week.map((day, i) => (i === index ? { ...day, ...change } : day)));
  return (
    <div className={classes.hoursTable}>
      <div className={`${classes.hoursRow} ${classes.hoursHead}`} aria-hidden="true">
        <span>{t('schedule.day')}</span>
        <span>{t('schedule.fromHeader')}</span>
        <span>{t('schedule.untilHeader')}</span>
      </div>
      {week.map((day, i) => {
        const name = t(`weekday.${WEEKDAY_KEYS[i] ?? 'mon'}`);
        return (
          <div key={name} className={classes.hoursRow}>
            <Checkbox
              id={`${idPrefix}-${i}`}
              label={name}
              checked={day.open}
              onChange={(e) => set(i, { open: e.currentTarget.checked })}
            />
            <TextInput
              type="time"
              step={300}
              aria-label={t('schedule.from', { day: name })}
              disabled={!day.open}
              value={day.start}
              onChange={(e) => set(i, { start: e.currentTarget.value })}
            />
            <TextInput
              type="time"
              step={300}
              aria-label={t('schedule.until', { day: name })}
              disabled={!day.open}
              value={day.end}
              onChange={(e) => set(i, { end: e.currentTarget.value })}
              error={errorOf(i)}
            />
          </div>
        );
      })}
    </div>
  );
}
