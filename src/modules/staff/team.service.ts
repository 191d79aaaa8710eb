import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { clinic, outboxEmail, staff, staffInvitation, staffRecoveryCode } from '../../db/schema';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { type DocumentLanguage, documentFormat } from '../../platform/document-format';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { greeting, signOff } from '../../platform/mail-text';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import { assertLiveLocations, liveLocationCount } from '../locations/locations.service';
import { hashPassword, passwordProblem } from './passwords';
import { endSessionsOf } from './sessions';

const INVITATION_DAYS = 7;

export type StaffMember = {
  id: string;
  name: string;
  email: string;
  role: 'owner' | 'practitioner' | 'reception';
  secondFactor: boolean;
  disabled: boolean;
};

export type PendingInvitation = {
  id: string;
  name: string;
  email: string;
  role: 'practitioner' | 'reception';
  expiresAt: Date;
  expired: boolean;
  createdAt: Date;
};

export type StaffRole = StaffMember['role'];

/** The owner's side of staff accounts: invite, list, disable. */
export class Team {
  constructor(
    private readonly gate: AccessGate,
    private readonly config: Config,
  ) {}

  async list(actor: Actor, origin: string): Promise<StaffMember[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'staff' });
      const rows = await scope.tx.select().from(staff).orderBy(staff.name);
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        email: row.email,
        role: row.role,
        secondFactor: row.totpConfirmedAt !== null,
        disabled: row.disabledAt !== null,
      }));
    });
  }

  /** Invitations not yet accepted, expired ones included (the owner may send them again). */
  async invitations(actor: Actor, origin: string): Promise<PendingInvitation[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'staff_invitation' });
      const rows = await scope.tx
        .select()
        .from(staffInvitation)
        .where(isNull(staffInvitation.acceptedAt))
        .orderBy(asc(staffInvitation.createdAt));
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        email: row.email,
        role: row.role,
        expiresAt: row.expiresAt,
        expired: row.expiresAt <= scope.now,
        createdAt: row.createdAt,
      }));
    });
  }

  /**
   * Sends a pending invitation again: a new link (the old one stops working, only its hash was
   * kept) valid for another 7 days.
   */
  async resendInvitation(
    actor: Actor,
    invitationId: string,
    origin: string,
  ): Promise<{ invitationId: string; link: string; expiresAt: Date }> {
    const token = randomToken(32);
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], {
        action: 'invite',
        objectType: 'staff_invitation',
        objectId: invitationId,
      });
      const expiresAt = new Date(scope.now.getTime() + INVITATION_DAYS * 24 * 3600 * 1000);
      const [invitation] = await scope.tx
        .update(staffInvitation)
        .set({ tokenHash: sha256Hex(token), expiresAt })
        .where(and(eq(staffInvitation.id, invitationId), isNull(staffInvitation.acceptedAt)))
        .returning();
      if (!invitation) throw new NotFound();
      const [clinicRow] = await scope.tx
        .select({ name: clinic.name, timeZone: clinic.timeZone })
        .from(clinic)
        .limit(1);
      const link = await this.sendInvitation(
        scope.tx,
        invitation,
        clinicRow ?? { name: 'Vellum', timeZone: 'Europe/Amsterdam' },
        token,
        scope.now,
      );
      scope.record({
        action: 'invite',
        objectType: 'staff_invitation',
        objectId: invitationId,
        basis: 'role',
      });
      return { invitationId, link, expiresAt };
    });
  }

  /** Withdraws a pending invitation: its link stops working and the invitee's details are removed. */
  async revokeInvitation(actor: Actor, invitationId: string, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], {
        action: 'revoke',
        objectType: 'staff_invitation',
        objectId: invitationId,
      });
      const deleted = await scope.tx
        .delete(staffInvitation)
        .where(and(eq(staffInvitation.id, invitationId), isNull(staffInvitation.acceptedAt)))
        .returning({ id: staffInvitation.id });
      if (deleted.length === 0) throw new NotFound();
      scope.record({
        action: 'revoke',
        objectType: 'staff_invitation',
        objectId: invitationId,
        basis: 'role',
      });
    });
  }

  /**
   * Changes a colleague's role; it counts from their next request (sessions read the role each
   * time). The clinic always keeps an active owner: the last one cannot step down.
   */
  async changeRole(actor: Actor, staffId: string, role: StaffRole, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'role_changed', objectType: 'staff', objectId: staffId });
      // The active owners, locked: of two owners demoting each other at once, the second waits and
      // then finds itself the last.
      const owners = await scope.tx
        .select({ id: staff.id })
        .from(staff)
        .where(and(eq(staff.role, 'owner'), isNull(staff.disabledAt)))
        .for('update');
      const [member] = await scope.tx.select().from(staff).where(eq(staff.id, staffId));
      if (!member) throw new NotFound();
      if (member.role === role) return;
      if (member.role === 'owner' && !owners.some((o) => o.id !== staffId))
        throw new Conflict('the clinic needs an owner: make someone else owner first', { field: 'role' });
      await scope.tx.update(staff).set({ role }).where(eq(staff.id, staffId));
      scope.record({ action: 'role_changed', objectType: 'staff', objectId: staffId, basis: 'role' });
    });
  }

  /**
   * Resets a colleague's second factor (a lost phone): removes the secret and the recovery codes and
   * ends their sessions; their next sign-in asks them to set up an authenticator app again. Your own
   * goes through `StaffAuth.resetSecondFactor`, which asks for your password.
   */
  async resetSecondFactor(actor: Actor, staffId: string, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'second_factor_reset', objectType: 'staff', objectId: staffId });
      if (actor.kind === 'staff' && actor.id === staffId)
        throw new Conflict('reset your own second factor under Account, with your password');
      const updated = await scope.tx
        .update(staff)
        .set({ totpSecret: null, totpConfirmedAt: null, totpLastStep: null })
        .where(eq(staff.id, staffId))
        .returning({ id: staff.id });
      if (updated.length === 0) throw new NotFound();
      await scope.tx.delete(staffRecoveryCode).where(eq(staffRecoveryCode.staffId, staffId));
      await endSessionsOf(scope.tx, staffId);
      scope.record({ action: 'second_factor_reset', objectType: 'staff', objectId: staffId, basis: 'role' });
    });
  }

  /**
   * Invites a practitioner or receptionist: a one-time link (7 days) by e-mail through the outbox.
   * The link is also returned to the owner, who may hand it over another way.
   */
  async invite(
    actor: Actor,
    input: {
      name: string;
      email: string;
      role: 'practitioner' | 'reception';
      language?: DocumentLanguage;
      /** Where they will work; none: the only location (a one-location clinic), or set later. */
      locationIds?: string[];
    },
    origin: string,
  ): Promise<{ invitationId: string; link: string; expiresAt: Date }> {
    const token = randomToken(32);
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'invite', objectType: 'staff' });
      const existing = await scope.tx
        .select({ id: staff.id })
        .from(staff)
        .where(sql`lower(${staff.email}) = ${input.email.toLowerCase()}`);
      if (existing.length > 0) throw new Conflict('someone on the team already uses this e-mail address');
      const locationIds = await assertLiveLocations(scope, input.locationIds ?? [], 'locationIds');
      // In a chain a colleague must work somewhere: one at no location could make dossiers no
      // receptionist may see, and has no hours anywhere (decision 0026).
      if (locationIds.length === 0 && (await liveLocationCount(scope)) > 1) {
        throw new Invalid('locationIds: choose where they will work', [
          { field: 'locationIds', message: 'choose at least one location' },
        ]);
      }
      const [clinicRow] = await scope.tx
        .select({ name: clinic.name, timeZone: clinic.timeZone })
        .from(clinic)
        .limit(1);
      const id = newId();
      const expiresAt = new Date(scope.now.getTime() + INVITATION_DAYS * 24 * 3600 * 1000);
      await scope.tx.insert(staffInvitation).values({
        id,
        tokenHash: sha256Hex(token),
        name: input.name,
        email: input.email,
        role: input.role,
        language: input.language ?? 'nl',
        locationIds,
        invitedBy: actor.kind === 'staff' ? actor.id : id,
        expiresAt,
        createdAt: scope.now,
      });
      const link = await this.sendInvitation(
        scope.tx,
        { name: input.name, email: input.email, expiresAt, language: input.language ?? 'nl' },
        clinicRow ?? { name: 'Vellum', timeZone: 'Europe/Amsterdam' },
        token,
        scope.now,
      );
      scope.record({ action: 'invite', objectType: 'staff_invitation', objectId: id });
      return { invitationId: id, link, expiresAt };
    });
  }

  /** The invitee chooses a password; the account then signs in and enrols its second factor. */
  async accept(token: string, password: string, origin: string): Promise<{ staffId: string; email: string }> {
    const tokenHash = sha256Hex(token);
    return this.gate.act({ kind: 'anonymous' }, origin, async (scope) => {
      const [invitation] = await scope.tx
        .select()
        .from(staffInvitation)
        .where(
          and(
            eq(staffInvitation.tokenHash, tokenHash),
            isNull(staffInvitation.acceptedAt),
            gt(staffInvitation.expiresAt, scope.now),
          ),
        )
        .for('update');
      if (!invitation) throw new NotFound('this invitation does not exist, was used or has expired');
      const problem = passwordProblem(password, 'password', invitation);
      if (problem) throw new Invalid(`password ${problem.message}`, [problem]);
      const staffId = newId();
      await scope.tx.insert(staff).values({
        id: staffId,
        name: invitation.name,
        email: invitation.email,
        role: invitation.role,
        passwordHash: await hashPassword(password),
        createdAt: scope.now,
      });
      await scope.tx
        .update(staffInvitation)
        .set({ acceptedAt: scope.now })
        .where(eq(staffInvitation.id, invitation.id));
      scope.recordAs(
        { kind: 'staff', id: staffId, role: invitation.role },
        { action: 'create', objectType: 'staff', objectId: staffId, basis: 'self' },
      );
      return { staffId, email: invitation.email };
    });
  }

  /** Disables an account and ends its sessions at once. */
  async disable(actor: Actor, staffId: string, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'account_disabled', objectType: 'staff', objectId: staffId });
      if (actor.kind === 'staff' && actor.id === staffId)
        throw new Conflict('you cannot disable your own account');
      const updated = await scope.tx
        .update(staff)
        .set({ disabledAt: scope.now })
        .where(and(eq(staff.id, staffId), isNull(staff.disabledAt)))
        .returning({ id: staff.id });
      if (updated.length === 0) throw new NotFound();
      await endSessionsOf(scope.tx, staffId);
      scope.record({ action: 'account_disabled', objectType: 'staff', objectId: staffId, basis: 'role' });
    });
  }

  private async sendInvitation(
    tx: Scope['tx'],
    invitation: { name: string; email: string; expiresAt: Date; language: DocumentLanguage },
    practice: { name: string; timeZone: string },
    token: string,
    now: Date,
  ): Promise<string> {
    const link = `${this.config.publicUrl}/app/invitation#token=${token}`;
    await tx.insert(outboxEmail).values({
      id: newId(),
      recipient: invitation.email,
      kind: 'staff_invitation',
      ...invitationMail(invitation.name, practice, invitation.language, link, invitation.expiresAt),
      createdAt: now,
    });
    return link;
  }
}

/** The invitation in the staff member's language (the owner chooses it), to them by name. */
function invitationMail(
  name: string,
  practice: { name: string; timeZone: string },
  language: DocumentLanguage,
  link: string,
  expiresAt: Date,
): { subject: string; body: string } {
  const until = documentFormat(language, practice.timeZone).day(expiresAt);
  const en = language === 'en';
  return {
    subject: en ? `Invitation to join ${practice.name}` : `Uitnodiging voor het team van ${practice.name}`,
    body: [
      greeting(name, language),
      '',
      en
        ? `You have been invited to join ${practice.name} in Vellum. Choose your password with this link (valid until ${until}):`
        : `Je bent uitgenodigd voor het team van ${practice.name} in Vellum. Kies je wachtwoord via deze link (geldig tot ${until}):`,
      link,
      '',
      ...signOff(practice.name, language),
    ].join('\n'),
  };
}
