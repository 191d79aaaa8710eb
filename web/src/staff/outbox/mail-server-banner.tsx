import { Alert, Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMailServer } from './outbox-query';

/**
 * Shown while no mail server is set: nothing leaves, so staff must pass links on themselves. The
 * short form (the start page) links to the outbox.
 */
export function MailServerBanner({ short = false, enabled = true }: { short?: boolean; enabled?: boolean }) {
  const { t } = useTranslation();
  const mailServer = useMailServer(enabled);
  if (!enabled || mailServer.data?.configured !== false) return null;
  return (
    <Alert color="orange" variant="light" role="status" data-testid="no-mail-server">
      {short ? (
        <>
          {t('outbox.noMailServerShort')}{' '}
          <Anchor component={Link} to="/app/outbox" fw={600}>
            {t('outbox.openOutbox')}
          </Anchor>
        </>
      ) : (
        t('outbox.noMailServer')
      )}
    </Alert>
  );
}
