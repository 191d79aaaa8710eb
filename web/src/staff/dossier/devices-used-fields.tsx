import { Button, Fieldset, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Device } from '../catalogue/catalogue-query';

export interface DeviceUsed {
  deviceId: string | null;
  /** One value per setting name of the device. */
  values: Record<string, string>;
}

interface DevicesUsedFieldsProps {
  devices: Device[];
  rows: DeviceUsed[];
  onChange: (rows: DeviceUsed[]) => void;
  /** The message for the device select (devices.0.deviceId) or one of its settings, by name. */
  errorOf: (index: number, setting?: string) => string | undefined;
}

/** Devices used, each with an input per setting the device has (e.g. needle depth in mm). */
export function DevicesUsedFields({ devices, rows, onChange, errorOf }: DevicesUsedFieldsProps) {
  const { t } = useTranslation();
  const options = devices
    .filter((device) => device.active)
    .map((device) => ({ value: device.id, label: device.name }));
  const update = (index: number, change: Partial<DeviceUsed>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <Fieldset legend={t('dossier.devicesUsed')} radius="md">
      <Stack gap="sm">
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('dossier.noDevicesYet')}
          </Text>
        )}
        {rows.map((row, index) => {
          const device = devices.find((d) => d.id === row.deviceId);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own
            <Stack key={index} gap={4} data-testid="device-used">
              <Select
                label={t('dossier.deviceNumbered', { number: index + 1 })}
                placeholder={t('dossier.chooseDevice')}
                data={options}
                value={row.deviceId}
                onChange={(deviceId) => update(index, { deviceId, values: {} })}
                searchable
                nothingFoundMessage={t('dossier.noDevices')}
                required
                error={errorOf(index)}
              />
              {device && device.settings.length > 0 && (
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  {device.settings.map((setting) => (
                    <TextInput
                      key={setting}
                      label={setting}
                      autoComplete="off"
                      maxLength={100}
                      value={row.values[setting] ?? ''}
                      onChange={(e) =>
                        update(index, { values: { ...row.values, [setting]: e.currentTarget.value } })
                      }
                      error={errorOf(index, setting)}
                    />
                  ))}
                </SimpleGrid>
              )}
              <Group justify="flex-end">
                <Button
                  variant="subtle"
                  color="red"
                  size="compact-sm"
                  onClick={() => onChange(rows.filter((_, i) => i !== index))}
                >
                  {t('dossier.removeDevice', { number: index + 1 })}
                </Button>
              </Group>
            </Stack>
          );
        })}
        <Group>
          <Button variant="light" onClick={() => onChange([...rows, { deviceId: null, values: {} }])}>
            {t('dossier.addDevice')}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
