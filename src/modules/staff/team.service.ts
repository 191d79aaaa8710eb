import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { clinic, outboxEmail, staff, staffInvitation } from '../../db/schema';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { type DocumentLanguage, documentFormat } from '../../platform/document-format';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { greeting, signOff } from '../../platform/mail-text';
import type { Actor } from '../access/actor';
import type { AccessGate } from '../access/gate';
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

  /**
   * Invites a practitioner or receptionist: a one-time link (7 days) by e-mail through the outbox.
   * The link is also returned to the owner, who may hand it over another way.
   */
  async invite(
    actor: Actor,
    input: { name: string; email: string; role: 'practitioner' | 'reception'; language?: DocumentLanguage },
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
        invitedBy: actor.kind === 'staff' ? actor.id : id,
        expiresAt,
        createdAt: scope.now,
      });
      const link = `${this.config.publicUrl}/app/invitation#token=${token}`;
      await scope.tx.insert(outboxEmail).values({
        id: newId(),
        recipient: input.email,
        kind: 'staff_invitation',
        ...invitationMail(
          input.name,
          clinicRow ?? { name: 'Vellum', timeZone: 'Europe/Amsterdam' },
          input.language ?? 'nl',
          link,
          expiresAt,
        ),
        createdAt: scope.now,
      });
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
