import { type QueryClient, useQuery } from '@tanstack/react-query';
import { ApiError, apiRequest, rememberCsrfToken } from '../../shared/api';

export type StaffRole = 'owner' | 'practitioner' | 'reception';
export type SessionState = 'second_factor' | 'enrol_second_factor' | 'signed_in';

export interface Session {
  state: SessionState;
  csrfToken: string;
  idleExpiresAt: string;
  expiresAt: string;
  staff: { id: string; name: string; email: string; role: StaffRole };
  /** Set while the clinic's tablet is handed to a client: only their intake, until a staff password. */
  clientMode: { clientId: string } | null;
}

/** What the sign-in steps answer: the next step and a fresh CSRF token. */
export interface SignInStep {
  state: SessionState;
  csrfToken: string;
}

export const SESSION_KEY = ['session'] as const;

/** The current session, or null when there is none (401). Keeps its CSRF token in memory. */
export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    const session = await apiRequest<Session>('/api/auth/session', { signal, expectUnauthorized: true });
    rememberCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      rememberCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

/** Asks the server again each time a page that needs it mounts: nothing is shown from memory. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: ({ signal }) => fetchSession(signal),
    refetchOnMount: 'always',
    staleTime: 0,
    retry: false,
  });
}

/** The signed-in session as already checked by RequireSession (no request). */
export function useSignedInSession(): Session {
  const { data } = useQuery({ queryKey: SESSION_KEY, queryFn: () => fetchSession(), enabled: false });
  if (data?.state !== 'signed_in') throw new Error('useSignedInSession outside RequireSession');
  return data;
}

/** The session as last fetched, when it is fully signed in (for the menu and header; no request). */
export function useKnownSession(): Session | undefined {
  const { data } = useQuery({ queryKey: SESSION_KEY, queryFn: () => fetchSession(), enabled: false });
  return data?.state === 'signed_in' ? data : undefined;
}

/** Where a session that is not (yet) fully signed in has to go next. */
export function nextStepPath(state: SessionState): string {
  if (state === 'second_factor') return '/app/login/code';
  if (state === 'enrol_second_factor') return '/app/enrol';
  return '/app';
}

/**
 * After sign-out or an ended session: forget the CSRF token and every fetched answer. The session
 * entry itself is marked "none" by the sign-in page once it shows (see markSignedOut): doing it
 * here would re-render the page being left, which still waits for its route transition.
 */
export function forgetSession(queryClient: QueryClient): void {
  rememberCsrfToken(undefined);
  void queryClient.cancelQueries();
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
}

/** On the sign-in page nobody counts as signed in: the header and menu (which watch it) follow. */
export function markSignedOut(queryClient: QueryClient): void {
  const known = queryClient.getQueryData<Session | null>(SESSION_KEY);
  if (known) queryClient.setQueryData(SESSION_KEY, null);
}
