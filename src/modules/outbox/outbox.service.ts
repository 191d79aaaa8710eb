import { and, desc, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { outboxEmail } from '../../db/schema';
import { Conflict, NotFound } from '../../platform/errors';
import type { Actor } from '../access/actor';
import type { AccessGate } from '../access/gate';

export type OutboxItem = typeof outboxEmail.$inferSelect;

/**
 * Where a mail stands: `waiting` not sent and no failure yet (without SMTP settings, every mail);
 * `failed` the last try failed (the reason in `lastError`, the next try at `nextAttemptAt`);
 * `sent` delivered to the mail server.
 */
export const outboxStatuses = ['waiting', 'failed', 'sent'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export function statusOf(row: Pick<OutboxItem, 'sentAt' | 'lastError'>): OutboxStatus {
  if (row.sentAt) return 'sent';
  return row.lastError ? 'failed' : 'waiting';
}

const WHERE_STATUS: Record<OutboxStatus, SQL | undefined> = {
  waiting: and(isNull(outboxEmail.sentAt), isNull(outboxEmail.lastError)),
  failed: and(isNull(outboxEmail.sentAt), isNotNull(outboxEmail.lastError)),
  sent: isNotNull(outboxEmail.sentAt),
};

/**
 * The token in a link (`#token=…`, `?token=…`) replaced by its last four characters: the owner
 * still sees which page a mail links to and can tell two links apart, but the list holds no live
 * cancel, reschedule, portal, intake or invitation link.
 */
export function maskTokens(text: string): string {
  return text.replaceAll(/([#?&]token=)([A-Za-z0-9_-]+)/g, (_, name: string, token: string) =>
    token.length > 8 ? `${name}…${token.slice(-4)}` : `${name}…`,
  );
}

/**
 * E-mails leave through the outbox: written in the action's transaction, sent after commit. Without
 * SMTP settings they stay here. The list shows one-time links masked; the owner opens one e-mail
 * in full to pass it on by hand, and that opening is logged against the client.
 */
export class Outbox {
  constructor(private readonly gate: AccessGate) {}

  /** Unsent mails (waiting and failed), newest first. */
  async pending(actor: Actor, origin: string): Promise<OutboxItem[]> {
    return this.list(actor, origin, null);
  }

  /**
   * The newest 200 mails with one status, or every unsent one (`null`): the owner's outbox. Links
   * masked in every list.
   */
  async list(actor: Actor, origin: string, status: OutboxStatus | null): Promise<OutboxItem[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'outbox' });
      scope.record({ action: 'read', objectType: 'outbox', basis: 'role' });
      const rows = await scope.tx
        .select()
        .from(outboxEmail)
        .where(status ? WHERE_STATUS[status] : isNull(outboxEmail.sentAt))
        .orderBy(desc(status === 'sent' ? outboxEmail.sentAt : outboxEmail.createdAt))
        .limit(200);
      return rows.map((row) => ({ ...row, subject: maskTokens(row.subject), body: maskTokens(row.body) }));
    });
  }

  /** One unsent e-mail with its links whole, to pass on by hand (owner; logged per e-mail). */
  async open(actor: Actor, id: string, origin: string): Promise<OutboxItem> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'outbox_email', objectId: id });
      const [row] = await scope.tx.select().from(outboxEmail).where(eq(outboxEmail.id, id)).limit(1);
      if (!row || row.sentAt) throw new NotFound();
      scope.record({
        action: 'read',
        objectType: 'outbox_email',
        objectId: id,
        clientId: row.clientId,
        basis: 'role',
      });
      return row;
    });
  }

  /**
   * Tries a waiting or failed mail again at once (owner): clears the back-off, so the mailer's next
   * round (every 30 seconds) takes it. The attempts so far stay counted. Logged like an update.
   */
  async resend(actor: Actor, id: string, origin: string): Promise<OutboxItem> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'outbox_email', objectId: id });
      const [row] = await scope.tx
        .update(outboxEmail)
        .set({ nextAttemptAt: null })
        .where(and(eq(outboxEmail.id, id), isNull(outboxEmail.sentAt)))
        .returning();
      if (!row) {
        const [sent] = await scope.tx
          .select({ id: outboxEmail.id })
          .from(outboxEmail)
          .where(eq(outboxEmail.id, id))
          .limit(1);
        if (sent) throw new Conflict('this e-mail has been sent already');
        throw new NotFound();
      }
      scope.record({
        action: 'update',
        objectType: 'outbox_email',
        objectId: id,
        clientId: row.clientId,
        basis: 'role',
      });
      return { ...row, subject: maskTokens(row.subject), body: maskTokens(row.body) };
    });
  }
}
