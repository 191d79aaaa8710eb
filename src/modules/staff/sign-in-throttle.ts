import { createHmac } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { signInThrottle } from '../../db/schema';
import type { KeyStore } from '../../platform/keys';
import { assertNotThrottled, clearFailures, recordFailure, type ThrottleTx } from '../../platform/throttle';
import type { Scope } from '../access/gate';

/**
 * Who may keep trying a password for an account (decision 0016). Every failure counts three times:
 * for the account at this address, for the address, and for the account. The first always applies;
 * the other two apply only at addresses without a successful sign-in to the account in the last
 * 30 days. So a stranger who knows a staff e-mail is slowed and then locked out from everywhere
 * they try, while the account's owner signing in from their usual place is not locked out by them.
 *
 * Unknown and existing accounts are keyed and counted alike (by the e-mail typed), so the answers
 * never tell whether an account exists. Keys are keyed hashes: no e-mail or address is stored.
 */
const PAIR_FREE = 5;
const ACCOUNT_FREE = 5;
const ADDRESS_FREE = 20;
const KNOWN_FOR_MS = 30 * 24 * 60 * 60_000;

export type SignInKeys = { pair: string; account: string; address: string; known: string };

/** `network` is the caller's keyed address (`networkKey`); `email` as typed. */
export function signInKeys(keys: KeyStore, email: string, network: string): SignInKeys {
  const secret = keys.exists() ? keys.key('network') : Buffer.from('vellum-before-setup');
  const account = createHmac('sha256', secret).update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
  return {
    pair: `account-at:${account}:${network}`,
    account: `account:${account}`,
    address: network,
    // A row in the throttle table marking a successful sign-in (never blocked, never counted).
    known: `known:${account}:${network}`,
  };
}

/** Throws TooMany while any counter that applies at this address is blocked. */
export async function assertSignInAllowed(tx: ThrottleTx, keys: SignInKeys, now: Date): Promise<void> {
  const applying = (await isKnownAddress(tx, keys, now))
    ? [keys.pair]
    : [keys.pair, keys.account, keys.address];
  await assertNotThrottled(tx, applying, now);
}

export async function recordSignInFailure(tx: ThrottleTx, keys: SignInKeys, now: Date): Promise<void> {
  await recordFailure(tx, [keys.pair], now, { free: PAIR_FREE });
  await recordFailure(tx, [keys.account], now, { free: ACCOUNT_FREE });
  await recordFailure(tx, [keys.address], now, { free: ADDRESS_FREE });
}

/**
 * After a complete sign-in (password and second factor): this address becomes a usual place for
 * the account. Only the pair's count is cleared: the account's and the address's may hold a
 * stranger's failures, which a success elsewhere must not wipe.
 */
export async function recordSignInSuccess(tx: ThrottleTx, keys: SignInKeys, now: Date): Promise<void> {
  await clearFailures(tx, [keys.pair]);
  await tx
    .insert(signInThrottle)
    .values({ key: keys.known, failures: 0, lastFailureAt: now })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: { failures: 0, lastFailureAt: now, blockedUntil: null },
    });
}

async function isKnownAddress(tx: ThrottleTx, keys: SignInKeys, now: Date): Promise<boolean> {
  const rows = await tx
    .select({ key: signInThrottle.key })
    .from(signInThrottle)
    .where(
      and(
        eq(signInThrottle.key, keys.known),
        gt(signInThrottle.lastFailureAt, new Date(now.getTime() - KNOWN_FOR_MS)),
      ),
    );
  return rows.length > 0;
}

/**
 * A password asked again of a signed-in member (password change, second-factor reset, ending
 * client mode), checked inside the action's transaction: refused while throttled, and a wrong one
 * counted and audited exactly like a failed sign-in. The caller answers the failure after commit.
 */
export async function guardPasswordRecheck(
  scope: Scope,
  keys: SignInKeys,
  correct: boolean,
  note: { objectType: string; objectId: string },
): Promise<void> {
  try {
    await assertSignInAllowed(scope.tx, keys, scope.now);
  } catch (error) {
    scope.refuse({ action: 'sign_in', ...note });
    throw error;
  }
  if (correct) return;
  await recordSignInFailure(scope.tx, keys, scope.now);
  scope.record({ action: 'sign_in_failed', ...note, outcome: 'failed' });
}
