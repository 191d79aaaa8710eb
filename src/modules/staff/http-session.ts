import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/connection';
import type { Clock } from '../../platform/clock';
import { Forbidden, Unauthenticated } from '../../platform/errors';
import { type ActiveSession, IDLE_MS, resumeSession } from './sessions';

/**
 * Who may call an API route. Deny by default: a route without `config.access` needs a fully
 * signed-in staff session (password and second factor).
 * - `public`: anyone (health, setup, sign-in, the public site's forms);
 * - `partial`: a session that has the password but not yet the second factor (the second step).
 */
export type RouteAccess = 'public' | 'partial' | 'staff';

declare module 'fastify' {
  interface FastifyRequest {
    session: ActiveSession | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
    /**
     * Reachable while the session is in client mode (the tablet is with a client). A route with a
     * `:clientId` parameter only for the client the mode was started for.
     */
    clientMode?: boolean;
  }
}

export const SESSION_COOKIE = 'vellum_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function registerSessions(
  app: FastifyInstance,
  deps: { database: Database; clock: Clock },
): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request) => {
    // Only API routes; unknown paths fall through to the 404 handler, the docs are public.
    const route = request.routeOptions.url ?? '';
    if (!route.startsWith('/api/') || route.startsWith('/api/docs')) return;
    const access = request.routeOptions.config.access ?? 'staff';
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.session = (await resumeSession(deps.database.db, token, deps.clock.now())) ?? null;
    if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request);
    if (access === 'public') return;
    if (!request.session) throw new Unauthenticated('sign in first');
    if (access === 'staff' && request.session.state !== 'signed_in') {
      throw new Unauthenticated('finish signing in with your second factor');
    }
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== request.session.csrfToken) {
      throw new Forbidden('the CSRF token is missing or wrong; reload the page');
    }
    if (request.session.clientModeClientId)
      assertClientModeAllows(request, request.session.clientModeClientId);
  });
}

/** In client mode only the client's own intake form is reachable, whatever the page asks for. */
function assertClientModeAllows(request: FastifyRequest, clientId: string): void {
  const params = request.params as { clientId?: string } | undefined;
  const allowed =
    request.routeOptions.config.clientMode === true &&
    (params?.clientId === undefined || params.clientId === clientId);
  if (!allowed) throw new Forbidden('client mode: hand the tablet back to staff first');
}

/** A browser's cross-site request carries another Origin; refuse it before anything runs. */
function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const expected = `${request.protocol}://${request.host}`;
  if (origin !== expected) throw new Forbidden('cross-site request refused');
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeMs = IDLE_MS,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
  });
}

/** The session of a route that requires one (the hook has checked it). */
export function sessionOf(request: FastifyRequest): ActiveSession {
  if (!request.session) throw new Unauthenticated('sign in first');
  return request.session;
}
