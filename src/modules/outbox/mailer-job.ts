import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import type { Mailer } from './mailer';

/** Sends the outbox every 30 seconds when SMTP is configured; rows are leased, so instances share the work. */
export function scheduleMailer(mailer: Mailer, log: FastifyBaseLogger): { stop(): void } {
  if (!mailer.enabled) return { stop: () => {} };
  const job = new Cron('*/30 * * * * *', { protect: true }, async () => {
    try {
      const { sent, failed } = await mailer.sendDue();
      if (sent + failed > 0) log.info({ sent, failed }, 'outbox sent');
    } catch (err) {
      log.error({ err }, 'sending the outbox failed');
    }
  });
  return {
    stop: () => {
      job.stop();
      mailer.close();
    },
  };
}
