import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { type OutboxItem, outboxStatuses, statusOf } from './outbox.service';

const mail = z.object({
  id: z.uuid(),
  recipient: z.string(),
  subject: z.string(),
  body: z.string(),
  kind: z.string(),
  status: z.enum(outboxStatuses).describe('waiting: not sent, no failure; failed: the last try failed; sent'),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.iso
    .datetime()
    .nullable()
    .describe(
      'When the mailer takes it, not before: a failed mail’s next try, or a desk cancellation held for its undo window',
    ),
});

function toMail({ calendar: _calendar, clientId: _client, ...item }: OutboxItem): z.infer<typeof mail> {
  return {
    ...item,
    status: statusOf(item),
    createdAt: item.createdAt.toISOString(),
    sentAt: item.sentAt?.toISOString() ?? null,
    nextAttemptAt: item.nextAttemptAt?.toISOString() ?? null,
  };
}

export function outboxRoutes({
  outbox,
  config,
}: Pick<AppContext, 'outbox' | 'config'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/outbox',
      {
        schema: {
          tags: ['outbox'],
          summary:
            'E-mails in the outbox (owner), newest first: unsent ones (waiting and failed) unless a status is asked for. Without SMTP settings they wait here. One-time links are masked',
          querystring: z.object({ status: z.enum(outboxStatuses).optional() }),
          response: {
            200: z.array(mail),
          },
        },
      },
      async (request) => {
        const items = await outbox.list(request.actor, request.origin, request.query.status ?? null);
        return items.map(toMail);
      },
    );

    app.get(
      '/outbox/mail-server',
      {
        schema: {
          tags: ['outbox'],
          summary:
            'Whether a mail server is configured (VELLUM_SMTP_URL); without one, e-mails stay in the outbox',
          response: { 200: z.object({ configured: z.boolean() }) },
        },
      },
      async () => ({ configured: Boolean(config.smtpUrl) }),
    );

    app.get(
      '/outbox/:emailId',
      {
        schema: {
          tags: ['outbox'],
          summary: 'One unsent e-mail with its links whole, to pass on by hand (owner; logged)',
          params: z.object({ emailId: z.uuid() }),
          response: { 200: mail },
        },
      },
      async (request) => toMail(await outbox.open(request.actor, request.params.emailId, request.origin)),
    );

    app.post(
      '/outbox/:emailId/resend',
      {
        schema: {
          tags: ['outbox'],
          summary:
            'Try a waiting or failed e-mail again at once (owner): clears the back-off; the mailer takes it within half a minute. 409 when it has been sent',
          params: z.object({ emailId: z.uuid() }),
          response: { 200: mail },
        },
      },
      async (request) => toMail(await outbox.resend(request.actor, request.params.emailId, request.origin)),
    );
  };
}
