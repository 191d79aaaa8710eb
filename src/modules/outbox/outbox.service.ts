import { desc, eq, isNull } from 'drizzle-orm';
import { outboxEmail } from '../../db/schema';
import { NotFound } from '../../platform/errors';
import type { Actor } from '../access/actor';
import type { AccessGate } from '../access/gate';

export type OutboxItem = typeof outboxEmail.$inferSelect;

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

  async pending(actor: Actor, origin: string): Promise<OutboxItem[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'outbox' });
      scope.record({ action: 'read', objectType: 'outbox', basis: 'role' });
      const rows = await scope.tx
        .select()
        .from(outboxEmail)
        .where(isNull(outboxEmail.sentAt))
        .orderBy(desc(outboxEmail.createdAt))
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
}
