import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/connection';
import { clinic, location, staff, staffRecoveryCode } from '../../db/schema';
import { open, randomToken, seal, sha256Hex } from '../../platform/crypto';
import { Conflict, Invalid, Unauthenticated } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { KeyStore } from '../../platform/keys';
import { matchTotp, newTotpSecret, totpUri } from '../../platform/totp';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import { staffActor } from '../access/request-actor';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './passwords';
import { type ActiveSession, endSession, endSessionsOf, startSession } from './sessions';
import {
  assertSignInAllowed,
  guardPasswordRecheck,
  recordSignInFailure,
  recordSignInSuccess,
  signInKeys,
} from './sign-in-throttle';

export type SignInResult = {
  token: string;
  csrfToken: string;
  state: 'second_factor' | 'enrol_second_factor';
};
export type NewSession = { token: string; csrfToken: string };

export type SetupInput = {
  clinic: {
    name: string;
    privacyEmail: string;
    timeZone?: string;
    street?: string;
    houseNumber?: string;
    postcode?: string;
    city?: string;
    phone?: string;
    website?: string;
  };
  owner: { name: string; email: string; password: string };
};

const RECOVERY_CODES = 10;

/**
 * Staff authentication: first-run setup, password + TOTP sign-in, enrolment with recovery codes,
 * sign-out and password change. Every step is one transaction and leaves an audit entry.
 */
export class StaffAuth {
  constructor(
    private readonly database: Database,
    private readonly gate: AccessGate,
    private readonly keys: KeyStore,
  ) {}

  async setupNeeded(): Promise<boolean> {
    const rows = await this.database.db.select({ id: clinic.id }).from(clinic).limit(1);
    return rows.length === 0;
  }

  /** Creates the clinic, its owner (with an unconfirmed TOTP secret) and the master key. */
  async setup(
    input: SetupInput,
    origin: string,
  ): Promise<{ ownerId: string; totpUri: string; totpSecret: string }> {
    const problem = passwordProblem(input.owner.password, 'owner.password', input.owner);
    if (problem) throw new Invalid(`owner.password ${problem.message}`, [problem]);
    if (!(await this.setupNeeded())) throw new Conflict('this clinic has already been set up');
    if (!this.keys.exists()) this.keys.create();
    const passwordHash = await hashPassword(input.owner.password);
    const ownerId = newId();
    const secret = newTotpSecret();
    const system: Actor = { kind: 'system', name: 'setup' };
    await this.gate.act(system, origin, async (scope) => {
      // Serialises concurrent setups: the second waits, then finds the clinic.
      await scope.tx.execute(sql`lock table clinic in exclusive mode`);
      if ((await scope.tx.select({ id: clinic.id }).from(clinic).limit(1)).length > 0) {
        throw new Conflict('this clinic has already been set up');
      }
      const now = scope.now;
      await scope.tx.insert(clinic).values({ id: newId(), ...input.clinic, createdAt: now });
      // The first location is the clinic's own address (decision 0026); the owner works there.
      await scope.tx.insert(location).values({
        id: newId(),
        name: input.clinic.name,
        street: input.clinic.street ?? null,
        houseNumber: input.clinic.houseNumber ?? null,
        postcode: input.clinic.postcode ?? null,
        city: input.clinic.city ?? null,
        phone: input.clinic.phone ?? null,
        createdAt: now,
      });
      await scope.tx.insert(staff).values({
        id: ownerId,
        name: input.owner.name,
        email: input.owner.email,
        role: 'owner',
        passwordHash,
        totpSecret: seal(this.keys.key('totp'), secret, `staff:${ownerId}:totp`),
        createdAt: now,
      });
      scope.record({ action: 'create', objectType: 'staff', objectId: ownerId });
    });
    return { ownerId, totpSecret: secret, totpUri: await this.uriFor(input.owner.email, secret) };
  }

  /** Step one: e-mail and password. Answers the same for an unknown account and a wrong password. */
  async signIn(email: string, password: string, network: string, origin: string): Promise<SignInResult> {
    const throttle = signInKeys(this.keys, email, network);
    const outcome = await this.gate.act({ kind: 'anonymous' }, origin, async (scope) => {
      const [account] = await scope.tx
        .select()
        .from(staff)
        .where(sql`lower(${staff.email}) = ${email.toLowerCase()}`)
        .limit(1);
      try {
        await assertSignInAllowed(scope.tx, throttle, scope.now);
      } catch (error) {
        scope.refuse({ action: 'sign_in', objectType: 'staff', objectId: account?.id ?? null });
        throw error;
      }
      const valid = account
        ? await verifyPassword(account.passwordHash, password)
        : (await verifyPassword(await decoyHash, password)) && false;
      if (!account || !valid || account.disabledAt) {
        await recordSignInFailure(scope.tx, throttle, scope.now);
        scope.record({
          action: 'sign_in_failed',
          objectType: 'staff',
          objectId: account?.id ?? null,
          outcome: 'failed',
        });
        return undefined;
      }
      const session = await startSession(scope.tx, account.id, scope.now, { secondFactorDone: false });
      scope.recordAs(
        { kind: 'staff', id: account.id, role: account.role },
        { action: 'sign_in', objectType: 'staff', objectId: account.id, basis: 'self' },
      );
      return {
        ...session,
        state: account.totpConfirmedAt ? ('second_factor' as const) : ('enrol_second_factor' as const),
      };
    });
    if (!outcome) throw new Unauthenticated('wrong e-mail address or password');
    return outcome;
  }

  /**
   * Step two: a TOTP code (each works once) or a one-time recovery code. Success replaces the
   * session with a new token (rotation at privilege change).
   */
  async verifySecondFactor(
    session: ActiveSession,
    input: { code?: string; recoveryCode?: string },
    network: string,
    origin: string,
  ): Promise<NewSession> {
    if (session.state !== 'second_factor')
      throw new Conflict('this session does not wait for a second factor');
    const actor = staffActor(session);
    const throttle = signInKeys(this.keys, session.staff.email, network);
    const outcome = await this.gate.act(actor, origin, async (scope) => {
      try {
        await assertSignInAllowed(scope.tx, throttle, scope.now);
      } catch (error) {
        scope.refuse({ action: 'sign_in', objectType: 'staff', objectId: session.staff.id });
        throw error;
      }
      const accepted = input.recoveryCode
        ? await this.redeemRecoveryCode(scope, session.staff.id, input.recoveryCode)
        : await this.acceptTotp(scope, session.staff.id, input.code ?? '');
      if (!accepted) {
        await recordSignInFailure(scope.tx, throttle, scope.now);
        scope.record({
          action: 'sign_in_failed',
          objectType: 'staff',
          objectId: session.staff.id,
          outcome: 'failed',
        });
        return undefined;
      }
      await recordSignInSuccess(scope.tx, throttle, scope.now);
      await endSession(scope.tx, session.tokenHash);
      scope.record({
        action: 'sign_in',
        objectType: 'second_factor',
        objectId: session.staff.id,
        basis: 'self',
      });
      return startSession(scope.tx, session.staff.id, scope.now, { secondFactorDone: true });
    });
    if (!outcome) throw new Unauthenticated('wrong code');
    return outcome;
  }

  /** The secret to enrol (shown as QR code and text) while the account has no confirmed one. */
  async enrolment(session: ActiveSession): Promise<{ secret: string; uri: string }> {
    if (session.state !== 'enrol_second_factor') throw new Conflict('the second factor is already set up');
    const secret = await this.secretOf(session.staff.id, true);
    return { secret, uri: await this.uriFor(session.staff.email, secret) };
  }

  /** Confirms enrolment with a first code; returns one-time recovery codes, shown once. */
  async confirmEnrolment(
    session: ActiveSession,
    code: string,
    network: string,
    origin: string,
  ): Promise<NewSession & { recoveryCodes: string[] }> {
    if (session.state !== 'enrol_second_factor') throw new Conflict('the second factor is already set up');
    const outcome = await this.gate.act(staffActor(session), origin, async (scope) => {
      if (!(await this.acceptTotp(scope, session.staff.id, code))) return undefined;
      await scope.tx.update(staff).set({ totpConfirmedAt: scope.now }).where(eq(staff.id, session.staff.id));
      const recoveryCodes = Array.from({ length: RECOVERY_CODES }, () => newRecoveryCode());
      await scope.tx.delete(staffRecoveryCode).where(eq(staffRecoveryCode.staffId, session.staff.id));
      await scope.tx
        .insert(staffRecoveryCode)
        .values(recoveryCodes.map((c) => ({ staffId: session.staff.id, codeHash: sha256Hex(normalise(c)) })));
      await recordSignInSuccess(scope.tx, signInKeys(this.keys, session.staff.email, network), scope.now);
      await endSession(scope.tx, session.tokenHash);
      scope.record({
        action: 'second_factor_enrolled',
        objectType: 'staff',
        objectId: session.staff.id,
        basis: 'self',
      });
      const next = await startSession(scope.tx, session.staff.id, scope.now, { secondFactorDone: true });
      return { ...next, recoveryCodes };
    });
    if (!outcome)
      throw new Invalid('code is not the current code of your authenticator app', [
        { field: 'code', message: 'is not the current code of your authenticator app' },
      ]);
    return outcome;
  }

  async signOut(session: ActiveSession, origin: string): Promise<void> {
    await this.gate.act(staffActor(session), origin, async (scope) => {
      await endSession(scope.tx, session.tokenHash);
      scope.record({ action: 'sign_out', objectType: 'staff', objectId: session.staff.id, basis: 'self' });
    });
  }

  /**
   * Needs the current password again (throttled and audited like sign-in); ends the account's other
   * sessions.
   */
  async changePassword(
    session: ActiveSession,
    current: string,
    next: string,
    network: string,
    origin: string,
  ): Promise<void> {
    const problem = passwordProblem(next, 'newPassword', session.staff);
    if (problem) throw new Invalid(`newPassword ${problem.message}`, [problem]);
    const correct = await this.isPasswordOf(session, current);
    const passwordHash = correct ? await hashPassword(next) : undefined;
    const throttle = signInKeys(this.keys, session.staff.email, network);
    const changed = await this.gate.act(staffActor(session), origin, async (scope) => {
      await guardPasswordRecheck(scope, throttle, correct, {
        objectType: 'password_change',
        objectId: session.staff.id,
      });
      if (!passwordHash) return false;
      await scope.tx.update(staff).set({ passwordHash }).where(eq(staff.id, session.staff.id));
      await endSessionsOf(scope.tx, session.staff.id, session.tokenHash);
      scope.record({
        action: 'password_changed',
        objectType: 'staff',
        objectId: session.staff.id,
        basis: 'self',
      });
      return true;
    });
    if (!changed) {
      throw new Invalid('currentPassword is not your current password', [
        { field: 'currentPassword', message: 'is not your current password' },
      ]);
    }
  }

  /**
   * Replaces the second factor (a new phone): needs the password again, removes the secret and the
   * recovery codes, and ends every session of the account; the next sign-in enrols a new app.
   */
  async resetSecondFactor(
    session: ActiveSession,
    password: string,
    network: string,
    origin: string,
  ): Promise<void> {
    const correct = await this.isPasswordOf(session, password);
    const throttle = signInKeys(this.keys, session.staff.email, network);
    const reset = await this.gate.act(staffActor(session), origin, async (scope) => {
      await guardPasswordRecheck(scope, throttle, correct, {
        objectType: 'second_factor_reset',
        objectId: session.staff.id,
      });
      if (!correct) return false;
      await scope.tx
        .update(staff)
        .set({ totpSecret: null, totpConfirmedAt: null, totpLastStep: null })
        .where(eq(staff.id, session.staff.id));
      await scope.tx.delete(staffRecoveryCode).where(eq(staffRecoveryCode.staffId, session.staff.id));
      await endSessionsOf(scope.tx, session.staff.id);
      scope.record({
        action: 'second_factor_reset',
        objectType: 'staff',
        objectId: session.staff.id,
        basis: 'self',
      });
      return true;
    });
    if (!reset) {
      throw new Invalid('password is not your current password', [
        { field: 'password', message: 'is not your current password' },
      ]);
    }
  }

  /** Verified outside the transaction (argon2 takes a while); the gate decides what it counts for. */
  private async isPasswordOf(session: ActiveSession, password: string): Promise<boolean> {
    const [account] = await this.database.db
      .select({ passwordHash: staff.passwordHash })
      .from(staff)
      .where(eq(staff.id, session.staff.id));
    return account !== undefined && (await verifyPassword(account.passwordHash, password));
  }

  private async acceptTotp(scope: Scope, staffId: string, code: string): Promise<boolean> {
    const [account] = await scope.tx
      .select({ totpSecret: staff.totpSecret, totpLastStep: staff.totpLastStep })
      .from(staff)
      .where(eq(staff.id, staffId))
      .for('update');
    if (!account?.totpSecret) return false;
    const secret = open(this.keys.key('totp'), account.totpSecret, `staff:${staffId}:totp`).toString();
    const step = matchTotp(secret, code.replaceAll(' ', ''), scope.now);
    if (step === undefined || (account.totpLastStep !== null && step <= account.totpLastStep)) return false;
    await scope.tx.update(staff).set({ totpLastStep: step }).where(eq(staff.id, staffId));
    return true;
  }

  private async redeemRecoveryCode(scope: Scope, staffId: string, code: string): Promise<boolean> {
    const used = await scope.tx
      .update(staffRecoveryCode)
      .set({ usedAt: scope.now })
      .where(
        and(
          eq(staffRecoveryCode.staffId, staffId),
          eq(staffRecoveryCode.codeHash, sha256Hex(normalise(code))),
          isNull(staffRecoveryCode.usedAt),
        ),
      )
      .returning({ staffId: staffRecoveryCode.staffId });
    return used.length === 1;
  }

  /** The account's TOTP secret; while not yet confirmed, one is created if missing. */
  private async secretOf(staffId: string, createIfMissing: boolean): Promise<string> {
    const [account] = await this.database.db
      .select({ totpSecret: staff.totpSecret })
      .from(staff)
      .where(eq(staff.id, staffId));
    if (account?.totpSecret)
      return open(this.keys.key('totp'), account.totpSecret, `staff:${staffId}:totp`).toString();
    if (!createIfMissing) throw new Conflict('no second factor');
    const secret = newTotpSecret();
    await this.database.db
      .update(staff)
      .set({ totpSecret: seal(this.keys.key('totp'), secret, `staff:${staffId}:totp`) })
      .where(and(eq(staff.id, staffId), isNull(staff.totpSecret)));
    return this.secretOf(staffId, false);
  }

  private async uriFor(email: string, secret: string): Promise<string> {
    const [row] = await this.database.db.select({ name: clinic.name }).from(clinic).limit(1);
    return totpUri(secret, row?.name ? `Vellum ${row.name}` : 'Vellum', email);
  }
}

function newRecoveryCode(): string {
  const raw = randomToken(9).replaceAll(/[-_]/g, 'x').toLowerCase().slice(0, 12);
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
}

function normalise(code: string): string {
  return code.toLowerCase().replaceAll(/[^a-z0-9]/g, '');
}
