import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/connection';
import { staff, staffSession } from '../../db/schema';
import { Invalid, Unauthenticated } from '../../platform/errors';
import type { KeyStore } from '../../platform/keys';
import type { AccessGate } from '../access/gate';
import { staffActor } from '../access/request-actor';
import { verifyPassword } from './passwords';
import { type ActiveSession, endSession } from './sessions';
import { guardPasswordRecheck, signInKeys } from './sign-in-throttle';

/** Wrong passwords on the lock screen before the session ends and staff must sign in again. */
export const CLIENT_MODE_ATTEMPTS = 5;

/**
 * Client mode: the clinic's tablet handed to a client to fill in and sign an intake. The server, not
 * only the page, holds the lock: while it is on, the session reaches nothing but that client's
 * intake form (see `clientMode` in http-session.ts), and only the staff member's password ends it.
 * After five wrong passwords the session ends, so the tablet falls back to the full sign-in.
 */
export class ClientMode {
  constructor(
    private readonly database: Database,
    private readonly gate: AccessGate,
    private readonly keys: KeyStore,
  ) {}

  /** Starts client mode for a client whose intake this staff member may record. */
  async start(session: ActiveSession, clientId: string, origin: string): Promise<void> {
    await this.gate.act(staffActor(session), origin, async (scope) => {
      await scope.requireClient('create', 'medical', clientId, { type: 'client_mode', id: session.staff.id });
      await scope.tx
        .update(staffSession)
        .set({ clientModeClientId: clientId, clientModeFailures: 0 })
        .where(eq(staffSession.tokenHash, session.tokenHash));
    });
  }

  /**
   * Ends client mode with the signed-in staff member's password. A wrong one answers 400 naming
   * the field; the fifth ends the session (401). Throttled and audited like sign-in, too.
   */
  async end(session: ActiveSession, password: string, network: string, origin: string): Promise<void> {
    const [account] = await this.database.db
      .select({ passwordHash: staff.passwordHash })
      .from(staff)
      .where(eq(staff.id, session.staff.id));
    const correct = account !== undefined && (await verifyPassword(account.passwordHash, password));
    const throttle = signInKeys(this.keys, session.staff.email, network);
    const ended = await this.gate.act(staffActor(session), origin, async (scope) => {
      await guardPasswordRecheck(scope, throttle, correct, {
        objectType: 'client_mode',
        objectId: session.staff.id,
      });
      if (correct) {
        await scope.tx
          .update(staffSession)
          .set({ clientModeClientId: null, clientModeFailures: 0 })
          .where(eq(staffSession.tokenHash, session.tokenHash));
        scope.record({
          action: 'update',
          objectType: 'client_mode',
          objectId: session.staff.id,
          clientId: session.clientModeClientId,
          basis: 'self',
        });
        return false;
      }
      const [row] = await scope.tx
        .update(staffSession)
        .set({ clientModeFailures: sql`${staffSession.clientModeFailures} + 1` })
        .where(eq(staffSession.tokenHash, session.tokenHash))
        .returning({ failures: staffSession.clientModeFailures });
      if ((row?.failures ?? CLIENT_MODE_ATTEMPTS) < CLIENT_MODE_ATTEMPTS) return false;
      await endSession(scope.tx, session.tokenHash);
      scope.record({ action: 'sign_out', objectType: 'staff', objectId: session.staff.id, basis: 'self' });
      return true;
    });
    if (ended) throw new Unauthenticated('too many wrong passwords: sign in again');
    if (!correct) {
      throw new Invalid('password is not the password of the signed-in staff member', [
        { field: 'password', message: 'is not the password of the signed-in staff member' },
      ]);
    }
  }
}
