import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Unauthenticated } from '../../platform/errors';
import type { KeyStore } from '../../platform/keys';
import type { Actor, StaffRole } from './actor';

/**
 * Who calls a route, as the gate needs it: the actor, the origin the audit trail names, and the
 * keyed network address the throttles count. The session itself is the staff module's
 * (`request.session`, set by its onRequest hook); this reads it and nothing else.
 */

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The staff actor of the signed-in session. Read it only in a route that requires a session
     * (the default): without one it throws Unauthenticated ("sign in first").
     */
    readonly actor: Actor;
    /** The origin the audit trail names for this request: `web:<request id>`. */
    readonly origin: string;
  }
}

/** Gives every request `actor` and `origin`, computed when a route reads them. */
export function registerRequestActor(app: FastifyInstance): void {
  app.decorateRequest('actor', {
    getter(this: FastifyRequest) {
      return actorOf(this);
    },
  });
  app.decorateRequest('origin', {
    getter(this: FastifyRequest) {
      return originOf(this);
    },
  });
}

/** The staff actor of a signed-in session. */
export function staffActor(session: { staff: { id: string; role: StaffRole } }): Actor {
  return { kind: 'staff', id: session.staff.id, role: session.staff.role };
}

/** The staff actor of a route that requires a session (the hook has checked it). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.session) throw new Unauthenticated('sign in first');
  return staffActor(request.session);
}

/** What the audit trail names as the origin of a request. */
export function originOf(request: FastifyRequest): string {
  return `web:${request.id}`;
}

/** A keyed hash of the caller's address, for throttling only; the address itself is never stored. */
export function networkKey(request: FastifyRequest, keys: KeyStore): string {
  const secret = keys.exists() ? keys.key('network') : Buffer.from('vellum-before-setup');
  return `ip:${createHmac('sha256', secret).update(request.ip).digest('hex').slice(0, 32)}`;
}
