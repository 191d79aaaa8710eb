import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useHealth } from '../shared/health-query';

export function VersionFooter() {
  const { t } = useTranslation();
  const health = useHealth();
  return (
    <Group h="100%" justify="flex-end">
      {health.data && (
        <Text size="xs" c="dimmed" data-testid="app-version">
          {t('staff.versionLabel', { version: health.data.version })}
        </Text>
      )}
    </Group>
  );
}
