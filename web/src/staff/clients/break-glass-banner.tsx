import { Alert, Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClinicTime } from '../../shared/clinic-time';
import { useSignedInSession } from '../session/session-query';
import { useActiveBreakGlass } from './break-glass-query';

/** While your break-glass access runs: a banner on every staff page saying until when. */
export function BreakGlassBanner() {
  const { t } = useTranslation('breakGlass');
  const time = useClinicTime();
  const role = useSignedInSession().staff.role;
  const active = useActiveBreakGlass(role !== 'reception');
  const open = active.data ?? [];
  const [first] = open;
  if (!first) return null;
  return (
    <Alert
      color="orange"
      variant="filled"
      title={t('banner.title')}
      mb="md"
      role="region"
      aria-label={t('banner.title')}
      data-testid="break-glass-banner"
    >
      {open.length === 1
        ? t('banner.one', { until: time.dateTime(first.expiresAt) })
        : t('banner.other', { count: open.length, until: time.dateTime(first.expiresAt) })}
      <Group gap="md" mt={4}>
        {open.map((access, index) => (
          <Anchor
            key={access.clientId}
            component={Link}
            to={`/app/clients/${access.clientId}`}
            c="white"
            fw={600}
            underline="always"
          >
            {open.length === 1 ? t('banner.open') : t('banner.openNumbered', { number: index + 1 })}
          </Anchor>
        ))}
      </Group>
    </Alert>
  );
}
