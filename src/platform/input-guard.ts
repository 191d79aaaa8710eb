import type { FastifyInstance } from 'fastify';
import { type FieldProblem, Invalid } from './errors';

/**
 * One check at the edge over every parsed path parameter, query parameter and JSON body, before
 * validation and before any route runs:
 *
 * - Text PostgreSQL cannot store and that is not Unicode is refused, naming the field: the NUL
 *   character (a `text` column refuses it) and a UTF-16 surrogate without its partner (no character
 *   at all). Either answered 500 from deep inside a query, an encryption or a PDF.
 * - Ids are written in lower case. PostgreSQL compares uuids regardless of case, JavaScript compares
 *   strings exactly, so an upper-case id slipped past checks such as "you cannot disable your own
 *   account". Path and query parameters and body fields named `…Id`/`…Ids` are lower-cased.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL character is what this refuses
const FORBIDDEN = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MESSAGE = 'contains a NUL character or an unpaired surrogate';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_FIELD = /Ids?$/;

export function hasForbiddenText(text: string): boolean {
  return FORBIDDEN.test(text);
}

export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const fields: FieldProblem[] = [];
    collect(request.params, 'params', fields);
    collect(request.query, 'querystring', fields);
    collect(request.body, 'body', fields);
    if (fields.length > 0) {
      throw new Invalid(`invalid ${fields.map((f) => f.field).join(', ')}`, fields);
    }
  });
}

type Where = 'params' | 'querystring' | 'body';
type Pending = { value: unknown; path: string[]; id: boolean };

/** Walks a parsed value without recursion (bodies may nest thousands deep); names fields as problem.ts does. */
function collect(root: unknown, where: Where, fields: FieldProblem[]): void {
  const pending: Pending[] = [{ value: root, path: [], id: false }];
  const name = (path: string[]) => {
    const joined = path.join('.');
    if (where === 'body') return joined || 'body';
    return joined ? `${where}.${joined}` : where;
  };
  let visited = 0;
  while (pending.length > 0 && fields.length < 20 && visited++ < 100_000) {
    const { value, path } = pending.pop() as Pending;
    if (Array.isArray(value)) {
      const id = ID_FIELD.test(path.at(-1) ?? '');
      value.forEach((item, index) => {
        if (id && typeof item === 'string' && UUID.test(item)) value[index] = item.toLowerCase();
        pending.push({ value: value[index], path: [...path, String(index)], id });
      });
    } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      const object = value as Record<string, unknown>;
      for (const [key, item] of Object.entries(object)) {
        if (FORBIDDEN.test(key)) {
          fields.push({ field: name([...path, sanitise(key)]), message: MESSAGE });
          continue;
        }
        const isId = where !== 'body' || ID_FIELD.test(key);
        if (isId && typeof item === 'string' && UUID.test(item)) object[key] = item.toLowerCase();
        pending.push({ value: object[key], path: [...path, key], id: isId });
      }
    } else if (typeof value === 'string' && FORBIDDEN.test(value)) {
      fields.push({ field: name(path), message: MESSAGE });
    }
  }
}

/** A field name that itself holds the forbidden text is named without it. */
function sanitise(key: string): string {
  return key.replaceAll(new RegExp(FORBIDDEN.source, 'g'), '?');
}
