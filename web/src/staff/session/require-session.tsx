import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { onSessionEnded } from '../../shared/api';
import { BreakGlassBanner } from '../clients/break-glass-banner';
import { ClientModeScreen } from '../intake/client-mode';
import { SetupNeededPage } from '../setup/setup-needed-page';
import { useSetupNeeded } from '../setup/setup-query';
import type { SignInLocationState } from '../sign-in/sign-in-page';
import { signInPathFor, withNext } from './next-path';
import { forgetSession, nextStepPath, useSession } from './session-query';

/**
 * Wraps every page that shows staff data. It asks the server for the session each time it mounts
 * (also after Back), and renders nothing of the page before the answer says "signed in".
 */
export function RequireSession() {
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(
    () =>
      onSessionEnded(() => {
        // A second request that ended with 401 after the first sent us to sign in must not send us
        // again: from the sign-in page the remembered page would be lost.
        if (/^\/app\/login(\/|$)/.test(window.location.pathname)) return;
        const state: SignInLocationState = { notice: 'session-ended' };
        // Signing in again leads back to the page the session ended on.
        const here = `${window.location.pathname}${window.location.search}`;
        void Promise.resolve(
          navigate(signInPathFor(here, window.location.origin), { replace: true, state }),
        ).then(() => forgetSession(queryClient));
      }),
    [queryClient, navigate],
  );

  if (!session.isFetchedAfterMount) return <Checking />;
  if (session.isError) return <CheckFailed onRetry={() => void session.refetch()} />;
  if (!session.data) return <NoSession />;
  if (session.data.state !== 'signed_in')
    return <Navigate to={withNext(nextStepPath(session.data.state), here(location))} replace />;
  // In client mode the server refuses staff data anyway; the page shows the form or the lock screen.
  if (session.data.clientMode) return <ClientModeScreen clientId={session.data.clientMode.clientId} />;
  return (
    <>
      <BreakGlassBanner />
      <Outlet />
    </>
  );
}

function NoSession() {
  const setup = useSetupNeeded();
  const location = useLocation();
  if (setup.isPending) return <Checking />;
  if (setup.data?.needed) return <SetupNeededPage />;
  // The page asked for comes back after signing in (only if it is a staff page of this site).
  return <Navigate to={signInPathFor(here(location), window.location.origin)} replace />;
}

function here(location: { pathname: string; search: string }): string | undefined {
  const path = `${location.pathname}${location.search}`;
  return path === '/app' || path === '/app/' ? undefined : path;
}

function Checking() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Loader role="status" aria-label={t('session.checking')} />
    </Center>
  );
}

function CheckFailed({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack maw={480} py="xl">
      <Alert color="red" variant="light" role="alert" title={t('session.checkFailedTitle')}>
        {t('session.checkFailed')}
      </Alert>
      <Button variant="default" onClick={onRetry} w="fit-content">
        {t('common.tryAgain')}
      </Button>
    </Stack>
  );
}
