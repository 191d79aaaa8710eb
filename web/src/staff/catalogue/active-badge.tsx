import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Whether a catalogue item can still be chosen. */
export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={active ? 'teal' : 'gray'} variant="light" tt="none">
      {active ? t('catalogue.active') : t('catalogue.inactive')}
    </Badge>
  );
}
