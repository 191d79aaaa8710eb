import { Alert, Anchor, Badge, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import { privacyKeys } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { MissingConsent } from '../privacy-types';

/** Clients with no consent for their health data on file: ask at the next visit (P1.3, P11.1). */
export function MissingConsentsTab() {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const missing = useQuery({
    queryKey: privacyKeys.missingConsents,
    queryFn: ({ signal }) => apiGet<MissingConsent[]>('/api/consents/missing', signal),
  });
  if (missing.isPending) return <Loader role="status" aria-label={t('common.loading')} />;
  if (missing.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {t(requestErrorKey(missing.error))}
      </Alert>
    );
  }
  return (
    <Stack gap="sm">
      <Text size="sm">{tp('missing.intro')}</Text>
      {missing.data.length === 0 ? (
        <Text c="dimmed">{tp('missing.none')}</Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} data-testid="consents-missing">
          {missing.data.map((client) => (
            <Paper key={client.id} component="li" p="sm" radius="md" withBorder>
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Anchor component={Link} to={`/app/clients/${client.id}`} fw={500}>
                  {client.firstName} {client.lastName}
                </Anchor>
                <Badge color={client.withdrawn ? 'orange' : 'yellow'} variant="light" tt="none">
                  {client.withdrawn ? tp('missing.withdrawn') : tp('missing.never')}
                </Badge>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
