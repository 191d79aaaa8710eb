import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE } from '../../shared/clinic-query';

// Intl lists every zone the browser knows; the clinic's own comes first.
function timeZones(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [DEFAULT_TIME_ZONE, ...all.filter((zone) => zone !== DEFAULT_TIME_ZONE)];
}

export function TimeZoneSelect(props: { value: string; onChange: (value: string) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('setup.timeZone')}
      description={t('setup.timeZoneDescription')}
      data={timeZones()}
      value={props.value}
      onChange={(value) => props.onChange(value ?? DEFAULT_TIME_ZONE)}
      searchable
      allowDeselect={false}
      nothingFoundMessage={t('setup.timeZoneNone')}
      error={props.error}
      required
    />
  );
}
