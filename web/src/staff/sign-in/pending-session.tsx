import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { nextStepPath, type SessionState, useSession } from '../session/session-query';

/**
 * For the second sign-in step and enrolment: shows its page only while the session waits for
 * exactly that step (after a reload this also brings back the CSRF token); otherwise sends on.
 */
export function PendingSession({ state, children }: { state: SessionState; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  if (!session.isFetchedAfterMount && session.isFetching) {
    return (
      <Center py="xl">
        <Loader role="status" aria-label={t('session.checking')} />
      </Center>
    );
  }
  if (!session.data) return <Navigate to="/app/login" replace />;
  if (session.data.state !== state) return <Navigate to={nextStepPath(session.data.state)} replace />;
  return children;
}
