import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, Conflict, type FieldProblem, Invalid, TooMany } from './errors';

/**
 * Errors leave Vellum in one shape: RFC 9457 problem+json. This file is the only place that maps an
 * error to an HTTP status.
 */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

const statusByCode: Record<AppError['code'], number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many: 429,
  unavailable: 503,
};

const titleByStatus: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, detail?: string, errors?: FieldProblem[]): Problem {
  const title = titleByStatus[status] ?? (status >= 500 ? 'Server Error' : 'Request Error');
  return {
    type: status >= 500 ? 'about:blank' : `urn:vellum:problem:${slug(title)}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const fields = error.validation.map((issue) => ({
      field: fieldName(where, issue.instancePath),
      message: issue.message ?? 'is invalid',
    }));
    const names = fields.map((f) => f.field).join(', ');
    return sendProblem(reply, problem(400, `invalid ${names}`, fields));
  }
  if (error instanceof AppError) {
    if (error instanceof TooMany) reply.header('retry-after', String(error.retryAfterSeconds));
    const fields = error instanceof Invalid ? error.fields : undefined;
    const details = error instanceof Conflict ? error.details : undefined;
    return sendProblem(reply, { ...details, ...problem(statusByCode[error.code], error.message, fields) });
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, ...routeOf(request) }, 'response did not match its schema');
    return sendProblem(reply, problem(500));
  }
  const missing = missingReference(error);
  if (missing) {
    // The request named an object that does not exist; the transaction rolled back, nothing written.
    return sendProblem(
      reply,
      problem(400, `${missing} names nothing that exists`, [
        { field: missing, message: 'names nothing that exists' },
      ]),
    );
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return sendProblem(reply, problem(status, clientMessage(error)));
  }
  // The error by its kind, SQL state and constraint only (the `err` serializer, safe-error.ts), and the
  // route's pattern, never the URL's values: no parameter of a failed query reaches the log.
  request.log.error({ err: error, ...routeOf(request) }, 'request failed');
  return sendProblem(reply, problem(status >= 500 && status < 600 ? status : 500));
}

function routeOf(request: FastifyRequest): { method: string; route: string } {
  return { method: request.method, route: request.routeOptions.url ?? '(no route)' };
}

/**
 * A foreign key refused an insert or update (SQLSTATE 23503, "is not present"): the request named an
 * id of nothing, e.g. a staff member in a schedule exception. Gives the field, from the column in
 * the database's detail (`Key (staff_id)=(…)`) — never the value. A row still referenced (a delete)
 * is not this case.
 */
function missingReference(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const { code, detail } = cause as { code?: unknown; detail?: unknown };
    if (code === '23503' && typeof detail === 'string' && detail.includes('is not present')) {
      const column = /^Key \(([a-z_]+)\)=/.exec(detail)?.[1];
      return column ? column.replaceAll(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : 'body';
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

function fieldName(where: string, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (where === 'body') return path || 'body';
  return path ? `${where}.${path}` : where;
}

function clientMessage(error: FastifyError): string {
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return 'the request body is not valid JSON';
  }
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'the request body is empty';
  return error.message;
}

function slug(text: string): string {
  return text.toLowerCase().replaceAll(/[^a-z]+/g, '-');
}
