import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config';
import type { Database } from '../../db/connection';
import { outboxEmail } from '../../db/schema';
import type { Clock } from '../../platform/clock';
import { job } from '../access/actor';
import { AccessGate } from '../access/gate';

/** The mailer job may lease and mark the outbox and read nothing else (decision 0014). */
const MAILER = job('mailer');

const BATCH = 20;
/** While one instance sends a message, others leave it alone for this long. */
const LEASE_MS = 5 * 60_000;
const MAX_DELAY_MS = 12 * 3600_000;

/**
 * Sends the outbox by SMTP when VELLUM_SMTP_URL is set (nodemailer). Rows are claimed with a short
 * lease in a small transaction and sent outside it (an SMTP server that hangs never holds the
 * database); a failure is retried with back-off — 1, 2, 4 … minutes, at most 12 hours — and the
 * error kept for the owner. Without SMTP settings nothing is sent and the owner reads the outbox.
 * Every step goes through the gate as the mailer job; a message to a client leaves an entry.
 */
export class Mailer {
  private readonly transport: Transporter | null;
  private readonly gate: AccessGate;

  constructor(
    readonly database: Database,
    private readonly config: Config,
    private readonly clock: Clock,
  ) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
    this.gate = new AccessGate(database, clock);
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** Sends what is due now; returns how many went and how many failed. */
  async sendDue(): Promise<{ sent: number; failed: number }> {
    if (!this.transport) return { sent: 0, failed: 0 };
    const now = this.clock.now();
    const claimed = await this.gate.act(MAILER, 'job:mailer', async ({ tx }) => {
      const due = await tx
        .select()
        .from(outboxEmail)
        .where(
          and(
            isNull(outboxEmail.sentAt),
            or(isNull(outboxEmail.nextAttemptAt), lte(outboxEmail.nextAttemptAt, now)),
          ),
        )
        .orderBy(asc(outboxEmail.createdAt))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      for (const row of due) {
        await tx
          .update(outboxEmail)
          .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
          .where(eq(outboxEmail.id, row.id));
      }
      return due;
    });
    let sent = 0;
    let failed = 0;
    for (const message of claimed) {
      try {
        await this.transport.sendMail({
          from: this.config.mailFrom,
          to: message.recipient,
          subject: message.subject,
          text: message.body,
          ...(message.calendar
            ? {
                icalEvent: {
                  filename: 'invite.ics',
                  method: /METHOD:CANCEL/.test(message.calendar) ? 'CANCEL' : 'REQUEST',
                  content: message.calendar,
                },
              }
            : {}),
          ...(message.attachment && message.attachmentName
            ? {
                attachments: [
                  {
                    filename: message.attachmentName,
                    content: message.attachment,
                    contentType: message.attachmentType ?? 'application/octet-stream',
                  },
                ],
              }
            : {}),
        });
        await this.gate.act(MAILER, 'job:mailer', async (scope) => {
          await scope.tx
            .update(outboxEmail)
            .set({
              sentAt: this.clock.now(),
              lastError: null,
              nextAttemptAt: null,
              attempts: sql`${outboxEmail.attempts} + 1`,
            })
            .where(eq(outboxEmail.id, message.id));
          if (message.clientId) {
            scope.record({
              action: 'disclose',
              objectType: 'outbox_email',
              objectId: message.id,
              clientId: message.clientId,
              basis: 'job',
            });
          }
        });
        sent += 1;
      } catch (error) {
        const attempts = message.attempts + 1;
        const delay = Math.min(MAX_DELAY_MS, 60_000 * 2 ** (attempts - 1));
        await this.gate.act(MAILER, 'job:mailer', ({ tx }) =>
          tx
            .update(outboxEmail)
            .set({
              attempts,
              lastError: error instanceof Error ? error.message.slice(0, 500) : String(error),
              nextAttemptAt: new Date(this.clock.now().getTime() + delay),
            })
            .where(eq(outboxEmail.id, message.id)),
        );
        failed += 1;
      }
    }
    return { sent, failed };
  }

  close(): void {
    this.transport?.close();
  }
}
