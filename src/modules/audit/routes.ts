import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { isoInstant } from '../../platform/schemas';
import { unusualKinds } from './audit-log.service';
import { auditActions } from './events';

const auditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.iso.datetime(),
    actorId: z.uuid().nullable(),
    actorRole: z.string(),
    action: z.string(),
    objectType: z.string(),
    objectId: z.string().nullable(),
    clientId: z.uuid().nullable(),
    basis: z.string().nullable(),
    reason: z.string().nullable(),
    outcome: z.enum(['allowed', 'refused', 'failed']),
    origin: z.string(),
    /** A result set (a search, a list, an agenda day): every client it showed (decision 0027). */
    clientIds: z.array(z.uuid()).nullable(),
  })
  .meta({ id: 'AuditEntry' });

export function auditRoutes({ audit }: Pick<AppContext, 'audit'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'The audit trail, newest first, with filters (owner)',
          querystring: z.object({
            clientId: z.uuid().optional(),
            actorId: z.uuid().optional(),
            action: z.enum(auditActions).optional(),
            outcome: z.enum(['allowed', 'refused', 'failed']).optional(),
            from: isoInstant.optional(),
            to: isoInstant.optional(),
            beforeSeq: z.coerce.number().int().positive().optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.array(auditEntrySchema) },
        },
      },
      async (request) => {
        const q = request.query;
        const rows = await audit.list(
          request.actor,
          { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined },
          request.origin,
        );
        return rows.map(
          ({
            hash: _h,
            prevHash: _p,
            xid: _x,
            writtenAt: _w,
            stripe: _s,
            stripeN: _n,
            form: _f,
            ...row
          }) => ({
            ...row,
            at: row.at.toISOString(),
          }),
        );
      },
    );

    app.get(
      '/audit/unusual',
      {
        schema: {
          tags: ['audit'],
          summary:
            'Unusual access, one row per request: break-glass, refusals, an assignment, outside an appointment’s window, an online booking confirmed only by e-mail, a practitioner’s own check-in, many dossiers at once (owner)',
          querystring: z.object({ from: isoInstant, to: isoInstant }),
          response: {
            200: z.array(
              z.object({
                kind: z.enum(unusualKinds),
                at: z.iso.datetime(),
                actorId: z.uuid().nullable(),
                actorRole: z.string(),
                clientId: z.uuid().nullable(),
                clientName: z.string().nullable(),
                count: z.number().int(),
                reason: z.string().nullable(),
              }),
            ),
          },
        },
      },
      async (request) => {
        const report = await audit.unusual(
          request.actor,
          { from: new Date(request.query.from), to: new Date(request.query.to) },
          request.origin,
        );
        return report.map((row) => ({ ...row, at: row.at.toISOString() }));
      },
    );

    app.get(
      '/audit/break-glass',
      {
        schema: {
          tags: ['audit'],
          summary: 'Break-glass accesses not yet reviewed (owner)',
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                staffId: z.uuid(),
                clientId: z.uuid(),
                reason: z.string(),
                openedAt: z.iso.datetime(),
                expiresAt: z.iso.datetime(),
              }),
            ),
          },
        },
      },
      async (request) => {
        const rows = await audit.openBreakGlass(request.actor, request.origin);
        return rows.map((row) => ({
          ...row,
          openedAt: row.openedAt.toISOString(),
          expiresAt: row.expiresAt.toISOString(),
        }));
      },
    );

    app.post(
      '/audit/break-glass/:breakGlassId/review',
      {
        schema: {
          tags: ['audit'],
          summary: 'Mark a break-glass access as reviewed (owner)',
          params: z.object({ breakGlassId: z.uuid() }),
        },
      },
      async (request, reply) => {
        await audit.review(request.actor, request.params.breakGlassId, request.origin);
        return reply.code(204).send();
      },
    );
  };
}
