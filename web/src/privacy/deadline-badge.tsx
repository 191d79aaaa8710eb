import { Badge } from '@mantine/core';
import { daysUntil, deadlineIsNear } from './dates';
import { usePrivacyText } from './privacy-text';

/** Days left until a deadline; red once it is two days away or has passed. */
export function DeadlineBadge({ deadlineAt, now }: { deadlineAt: string; now?: Date }) {
  const tp = usePrivacyText();
  const days = daysUntil(deadlineAt, now);
  const label =
    days < 0
      ? tp('deadline.overdue', { count: -days })
      : days === 0
        ? tp('deadline.today')
        : tp('deadline.daysLeft', { count: days });
  return (
    <Badge
      color={deadlineIsNear(deadlineAt, now) ? (days < 0 ? 'red.9' : 'red') : 'gray'}
      variant={days < 0 ? 'filled' : 'light'}
      tt="none"
      data-testid="deadline-badge"
      data-days={days}
    >
      {label}
    </Badge>
  );
}
