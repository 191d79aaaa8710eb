import { desc, isNull } from 'drizzle-orm';
import { outboxEmail } from '../../db/schema';
import type { Actor } from '../access/actor';
import type { AccessGate } from '../access/gate';

export type OutboxItem = typeof outboxEmail.$inferSelect;

/**
 * E-mails leave through the outbox: written in the action's transaction, sent after commit. Without
 * SMTP settings they stay here, and the owner can read them and pass them on.
 */
export class Outbox {
  constructor(private readonly gate: AccessGate) {}

  async pending(actor: Actor, origin: string): Promise<OutboxItem[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'outbox' });
      scope.record({ action: 'read', objectType: 'outbox', basis: 'role' });
      return scope.tx
        .select()
        .from(outboxEmail)
        .where(isNull(outboxEmail.sentAt))
        .orderBy(desc(outboxEmail.createdAt))
        .limit(200);
    });
  }
}
