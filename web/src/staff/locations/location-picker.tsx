import { Select } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocations } from './locations-query';

/** An "every location" choice in pickers that allow it. */
export const EVERY_LOCATION = 'every';

/**
 * Picks one live location; shown only when the clinic has more than one (a one-location clinic has
 * nothing to choose, and the server takes its only location). Starts at the first location, or at
 * "every location" when `everyLabel` offers that.
 */
export function LocationPicker({
  value,
  onChange,
  everyLabel,
  error,
}: {
  value: string | null;
  onChange: (locationId: string) => void;
  everyLabel?: string;
  error?: string;
}) {
  const { t } = useTranslation('locations');
  const locations = useLocations().data ?? [];
  const first = everyLabel ? EVERY_LOCATION : locations[0]?.id;
  useEffect(() => {
    if (value === null && first) onChange(first);
  }, [value, first, onChange]);
  if (locations.length <= 1) return null;
  return (
    <Select
      label={t('picker')}
      data={[
        ...(everyLabel ? [{ value: EVERY_LOCATION, label: everyLabel }] : []),
        ...locations.map((l) => ({ value: l.id, label: l.name })),
      ]}
      value={value}
      onChange={(next) => next && onChange(next)}
      allowDeselect={false}
      error={error}
      maw={320}
    />
  );
}
