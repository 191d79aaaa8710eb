import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { withNext } from '../session/next-path';
import { nextStepPath, type SessionState, useSession } from '../session/session-query';
import { useNextPath } from '../session/use-next-path';

/**
 * For the second sign-in step and enrolment: shows its page only while the session waits for
 * exactly that step (after a reload this also brings back the CSRF token); otherwise sends on.
 */
export function PendingSession({ state, children }: { state: SessionState; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const next = useNextPath();
  if (!session.isFetchedAfterMount && session.isFetching) {
    return (
      <Center py="xl">
        <Loader role="status" aria-label={t('session.checking')} />
      </Center>
    );
  }
  if (!session.data) return <Navigate to={withNext('/app/login', next)} replace />;
  if (session.data.state !== state)
    return (
      <Navigate
        to={
          session.data.state === 'signed_in'
            ? (next ?? '/app')
            : withNext(nextStepPath(session.data.state), next)
        }
        replace
      />
    );
  return children;
}
