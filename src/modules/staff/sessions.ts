import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection';
import { staffSession } from '../../db/schema';
import { randomToken, sha256Hex } from '../../platform/crypto';
import type { StaffRole } from '../access/actor';

/** Idle and absolute timeouts (ASVS 7.3); a half-signed-in session lives only minutes. */
export const IDLE_MS = 30 * 60 * 1000;
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const PENDING_MS = 10 * 60 * 1000;

export type SessionState = 'second_factor' | 'enrol_second_factor' | 'signed_in';

export type ActiveSession = {
  tokenHash: string;
  csrfToken: string;
  state: SessionState;
  staff: { id: string; name: string; email: string; role: StaffRole };
  idleExpiresAt: Date;
  expiresAt: Date;
  /** The client holding the tablet, while the session is in client mode. */
  clientModeClientId: string | null;
};

type Q = Pick<Db, 'insert' | 'delete' | 'execute'>;

/** Starts a session; the token (≥ 256 bits) goes in the cookie, only its hash in the table. */
export async function startSession(
  tx: Q,
  staffId: string,
  now: Date,
  options: { secondFactorDone: boolean },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken(32);
  const csrfToken = randomToken(32);
  await tx.insert(staffSession).values({
    tokenHash: sha256Hex(token),
    staffId,
    csrfToken,
    secondFactorAt: options.secondFactorDone ? now : null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + (options.secondFactorDone ? ABSOLUTE_MS : PENDING_MS)),
  });
  return { token, csrfToken };
}

/**
 * How stale `last_seen_at` may be before a request writes it again: a request within a minute of the
 * last touch only reads (no UPDATE per request), so the idle timeout counts from up to a minute
 * before the latest request.
 */
export const TOUCH_MS = 60 * 1000;

/**
 * The live session for a cookie token; undefined when unknown, idle too long, past its absolute end,
 * or its account is disabled. The idle timer is reset in the same statement, but only when the last
 * touch is at least TOUCH_MS old.
 */
export async function resumeSession(
  db: Pick<Db, 'execute'>,
  token: string,
  now: Date,
): Promise<ActiveSession | undefined> {
  const idleLimit = new Date(now.getTime() - IDLE_MS);
  const touchLimit = new Date(now.getTime() - TOUCH_MS);
  const result = await db.execute(sql`
    with live as (
      select s.token_hash, s.csrf_token, s.second_factor_at, s.expires_at, s.client_mode_client_id,
             s.last_seen_at, st.id, st.name, st.email, st.role, st.totp_confirmed_at
      from staff_session s join staff st on st.id = s.staff_id
      where s.token_hash = ${sha256Hex(token)} and st.disabled_at is null
        and s.expires_at > ${now} and s.last_seen_at > ${idleLimit}
    ), touched as (
      update staff_session s set last_seen_at = ${now}
      from live
      where s.token_hash = live.token_hash and live.last_seen_at <= ${touchLimit}
        and s.last_seen_at <= ${touchLimit}
      returning s.last_seen_at
    )
    select live.*, (select t.last_seen_at from touched t) as touched_at from live`);
  const [row] = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  if (!row) return undefined;
  const expiresAt = new Date(row.expires_at as string);
  const lastSeen = new Date((row.touched_at ?? row.last_seen_at) as string);
  const idleExpiresAt = new Date(Math.min(lastSeen.getTime() + IDLE_MS, expiresAt.getTime()));
  const state: SessionState = row.second_factor_at
    ? 'signed_in'
    : row.totp_confirmed_at
      ? 'second_factor'
      : 'enrol_second_factor';
  return {
    tokenHash: row.token_hash as string,
    csrfToken: row.csrf_token as string,
    state,
    staff: {
      id: row.id as string,
      name: row.name as string,
      email: row.email as string,
      role: row.role as StaffRole,
    },
    idleExpiresAt,
    expiresAt,
    clientModeClientId: (row.client_mode_client_id as string | null) ?? null,
  };
}

export async function endSession(tx: Q, tokenHash: string): Promise<void> {
  await tx.delete(staffSession).where(eq(staffSession.tokenHash, tokenHash));
}

/** Ends every session of an account (sign-out everywhere, disabled account, new password). */
export async function endSessionsOf(tx: Q, staffId: string, exceptTokenHash?: string): Promise<void> {
  await tx
    .delete(staffSession)
    .where(
      exceptTokenHash
        ? and(eq(staffSession.staffId, staffId), sql`${staffSession.tokenHash} <> ${exceptTokenHash}`)
        : eq(staffSession.staffId, staffId),
    );
}

/** Removes sessions that can no longer be resumed. */
export async function pruneSessions(tx: Q, now: Date): Promise<void> {
  const idleLimit = new Date(now.getTime() - IDLE_MS);
  await tx
    .delete(staffSession)
    .where(sql`${staffSession.expiresAt} <= ${now} or ${staffSession.lastSeenAt} <= ${idleLimit}`);
}
