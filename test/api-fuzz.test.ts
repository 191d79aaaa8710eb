/**
 * API fuzzing from the OpenAPI document (SECURITY.md, "Tests we run", item 5): every operation in
 * `/api/openapi.json`, called anonymously and as the owner with hostile values derived from its
 * schemas by fast-check — wrong types, NUL bytes, lone surrogates, huge strings and numbers, extreme
 * dates, empty and deeply nested bodies, empty PATCH bodies, bad ids, multipart without a boundary.
 *
 * Asserts, for every answer: no 5xx; no stack trace or SQL text in the body; and no personal value
 * the test put in (a client's name, e-mail, phone, birth date) in the server's log.
 *
 * In the normal suite the seed is fixed and the count small. `npm run fuzz` runs long:
 * FUZZ_RUNS (requests per operation and caller) and FUZZ_SEED choose the run; it prints the number
 * of requests and of 5xx answers.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type TestClinic } from './support/clinic';

const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_207);
const LONG_RUN = process.env.FUZZ_RUNS !== undefined;

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: Schema[];
  items?: Schema;
};
type Parameter = { in: string; name: string; required?: boolean; schema?: Schema };
type Operation = {
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};
type Op = { method: string; path: string; operation: Operation; isPublic: boolean };

/** What one fuzzed request is made of, before it is turned into a URL and a payload. */
type Parts = { path: Record<string, unknown>; query: Record<string, unknown>; body: unknown };
/** A whole-body replacement: raw bytes with a content type, not a JSON value. */
type RawBody = { raw: string; contentType: string };

/** Personal values the test puts in; none may ever reach the log. */
const PERSON = {
  firstName: 'Zebedeus',
  lastName: 'Fuzzwerda',
  email: 'zebedeus.fuzzwerda@example.nl',
  phone: '+31 6 1234 9876',
  birthDate: '1961-07-23',
};
/** Every generated name and e-mail carries this marker, so the log check catches them too. */
const MARKER = 'Fuzzpersoon';
const PERSONAL_IN_LOG = [
  PERSON.firstName,
  PERSON.lastName,
  PERSON.email,
  PERSON.phone,
  PERSON.birthDate,
  MARKER,
];

let clinic: TestClinic;
let document: Document;
const logLines: string[] = [];
const leaks: string[] = [];
const ids: Record<string, string[]> = {};

const stats = { requests: 0, serverErrors: 0 };
const byStatus = new Map<number, number>();
const failures: string[] = [];

function remember(name: string, id: unknown): void {
  if (typeof id !== 'string' || id === '') return;
  ids[name] ??= [];
  if (!ids[name].includes(id)) ids[name].push(id);
}

beforeAll(async () => {
  clinic = await aClinic('2026-11-25T09:00:00Z', {
    logger: {
      level: 'info',
      stream: {
        write(line: string) {
          logLines.push(line);
          const lower = line.toLowerCase();
          if (PERSONAL_IN_LOG.some((value) => lower.includes(value.toLowerCase()))) leaks.push(line);
          if (logLines.length > 2000) logLines.splice(0, 1000);
        },
      },
    },
  });
  document = (await clinic.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  await setUpRealObjects();
}, 180_000);

afterAll(() => clinic?.close());

/** Real objects, so id-taking routes get ids of things that exist as well as random ones. */
async function setUpRealObjects(): Promise<void> {
  const { owner } = clinic;
  const ok = async (method: InjectOptions['method'], url: string, payload?: unknown) => {
    const response = await owner.call(method, url, payload);
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.body ? response.json() : undefined;
  };
  remember('staffId', owner.id);
  const practitioner = await clinic.hire('practitioner', 'Petra Fuzz');
  remember('staffId', practitioner.id);
  remember('practitionerId', practitioner.id);
  remember('practitionerId', owner.id);

  const client = await clinic.aClient(owner, PERSON);
  remember('clientId', client);
  // The owner treats this client, so the medical routes answer the owner past the gate.
  await ok('POST', `/api/clients/${client}/care-assignments`, { staffId: owner.id });
  const doomed = await clinic.aClient(owner, { firstName: MARKER, lastName: 'Wisbaar' });
  remember('clientId', doomed);
  remember('duplicateId', doomed);

  const templates = (await ok('GET', '/api/intake-templates')) as { key: string }[];
  for (const template of templates) remember('key', template.key);
  remember('intakeTemplateKey', templates[0]?.key);

  const treatmentType = await ok('POST', '/api/treatment-types', {
    name: 'Peeling',
    durationMinutes: 30,
    priceCents: 6500,
    vatRatePercent: 21,
    photosExpected: true,
    intakeTemplateKey: templates[0]?.key ?? null,
    practitionerIds: [owner.id, practitioner.id],
  });
  remember('treatmentTypeId', treatmentType.id);
  const product = await ok('POST', '/api/products', { name: 'Serum', priceCents: 2500, vatRatePercent: 21 });
  remember('productId', product.id);
  const device = await ok('POST', '/api/devices', { name: 'Laser', settings: ['joule'] });
  remember('deviceId', device.id);

  const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinutes: 480, endMinutes: 1080 }));
  await ok('PUT', '/api/schedule/opening-hours', { hours });
  await ok('PUT', `/api/staff/${practitioner.id}/working-hours`, { hours });
  const appointment = await ok('POST', `/api/clients/${client}/appointments`, {
    treatmentTypeId: treatmentType.id,
    practitionerId: practitioner.id,
    startsAt: '2026-11-26T10:00:00.000Z',
  });
  remember('appointmentId', appointment?.id ?? appointment?.appointmentId);
  const exception = await ok('POST', '/api/schedule/exceptions', {
    staffId: owner.id,
    kind: 'absence',
    startsAt: '2026-12-24T08:00:00.000Z',
    endsAt: '2026-12-24T17:00:00.000Z',
  });
  remember('exceptionId', exception.id);

  const treatment = await ok('POST', `/api/clients/${client}/treatments`, {
    kind: 'consult',
    done: 'Intake gesprek',
  });
  remember('treatmentId', treatment.id);
  const photoSet = await ok('POST', `/api/clients/${client}/photo-sets`, { bodyArea: 'gezicht' });
  remember('photoSetId', photoSet.id);
  const invoice = await ok('POST', `/api/clients/${client}/invoices`, {
    lines: [{ description: 'Peeling', quantity: 1, unitPriceCents: 6500, vatRatePercent: 21 }],
  });
  remember('invoiceId', invoice.id);
  const incident = await ok('POST', '/api/incidents', { description: 'Laptop kwijt' });
  remember('incidentId', incident.id);
  const processor = await ok('POST', '/api/processors', {
    name: 'Hosting BV',
    purpose: 'hosting',
    dataCategories: 'alles',
    location: 'NL',
    agreementDate: '2026-01-01',
  });
  remember('processorId', processor.id);
  const erasure = await ok('POST', `/api/clients/${doomed}/erasure-requests`);
  remember('requestId', erasure.id);
  const breakGlass = await practitioner.call('POST', `/api/clients/${client}/break-glass`, {
    reason: 'spoed: allergische reactie',
  });
  remember('breakGlassId', breakGlass.json()?.id);
}

function operations(): Op[] {
  const found: Op[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const isPublic = !operation.security || operation.security.length === 0;
      found.push({ method: method.toUpperCase(), path, operation, isPublic });
    }
  }
  return found;
}

function resolve(schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(document.components?.schemas?.[schema.$ref.split('/').at(-1) ?? '']);
  return schema;
}

function typeOf(schema: Schema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

// ——— values that fit the schema ———

const NEAR_INSTANTS = [
  '2026-11-26T10:00:00.000Z',
  '2026-11-25T09:30:00.000Z',
  '2026-12-01T13:15:00.000Z',
  '2027-01-04T08:00:00.000Z',
  '2026-11-01T00:00:00.000Z',
];
const NEAR_DAYS = ['2026-11-26', '2026-12-01', '2026-11-01', '1988-04-12', '2027-01-04'];

/** A real id for the parameter (by name, else of any kind), or a random one. */
function idFor(name: string): fc.Arbitrary<string> {
  const own = ids[name] ?? [];
  const any = Object.values(ids).flat();
  return fc.oneof(
    { weight: own.length > 0 ? 6 : 0, arbitrary: fc.constantFrom(...(own.length > 0 ? own : ['x'])) },
    { weight: 1, arbitrary: fc.constantFrom(...(any.length > 0 ? any : ['x'])) },
    { weight: 1, arbitrary: fc.uuid() },
  );
}

function valid(input: Schema | undefined, name = ''): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  if (schema.anyOf) {
    const options = schema.anyOf.map((s) => valid(s, name));
    return fc.oneof(...options);
  }
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (typeOf(schema)) {
    case 'null':
      return fc.constant(null);
    case 'object': {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(schema.properties ?? {})) model[key] = valid(value, key);
      return fc.record(model, { requiredKeys: schema.required ?? [] });
    }
    case 'array':
      return fc.array(valid(schema.items, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    case 'integer':
    case 'number': {
      const min = Math.max(schema.minimum ?? -100, -1_000_000);
      const max = Math.min(schema.maximum ?? 1000, 1_000_000);
      if (name === 'version' || name === 'statementVersion') return fc.constant(1);
      return fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) });
    }
    case 'boolean':
      return fc.boolean();
    default:
      return validString(schema, name);
  }
}

function validString(schema: Schema, name: string): fc.Arbitrary<string> {
  if (ids[name] && schema.format !== 'uuid') return fc.constantFrom(...(ids[name] ?? []));
  switch (schema.format) {
    case 'uuid':
      return idFor(name);
    case 'email':
      return fc.oneof(
        fc.constant(PERSON.email),
        fc.nat(9999).map((n) => `${MARKER.toLowerCase()}.${n}@example.nl`),
      );
    case 'date':
      return fc.constantFrom(...NEAR_DAYS);
    case 'date-time':
      return fc.constantFrom(...NEAR_INSTANTS);
    case 'byte':
      return fc.constantFrom(Buffer.from('%PDF-1.4 fuzz').toString('base64'), '');
  }
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 60, 60);
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    return fc.stringMatching(pattern).filter((s) => s.length >= min && s.length <= (schema.maxLength ?? 1e6));
  }
  if (/name$/i.test(name) && max >= MARKER.length + 4) {
    return fc.string({ maxLength: 8 }).map((s) => pad(`${MARKER} ${s}`, min, max));
  }
  return fc.string({ minLength: min, maxLength: Math.max(min, max) });
}

function pad(text: string, min: number, max: number): string {
  return text.padEnd(min, 'x').slice(0, Math.max(min, max));
}

// ——— hostile values ———

const HUGE = 'A'.repeat(70_000);
const HOSTILE_STRINGS = [
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  HUGE,
  '🙂'.repeat(3000),
  '',
  ' ',
  "'; drop table client; --",
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '\u202eevil',
  'null',
  '__proto__',
];
const HOSTILE_NUMBERS = [
  -1,
  0,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  -0.000001,
];
const HOSTILE_DATES = [
  '0000-01-01',
  '9999-12-31',
  '2026-02-30',
  '2026-02-29',
  '2026-13-01',
  '0000-01-01T00:00:00Z',
  '0000-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999Z',
  '2026-02-30T10:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '1900-01-01T00:00:00Z',
  '2026-11-25T10:00:00+14:00',
  '+275760-09-13T00:00:00.000Z',
];
const WRONG_TYPES: unknown[] = [null, true, false, 0, 'x', [], {}, [null], { $ne: 1 }, [[[[[]]]]]];

function hostileIds(name: string): string[] {
  const real = ids[name] ?? Object.values(ids).flat().slice(0, 2);
  return [
    ...real.map((id) => id.toUpperCase()),
    ...real.map((id) => `${id} `),
    '5f1e0c3a-7d2b-4c1e-9a8f-0b6d2e4c8a10', // a uuid of nothing, the same in every run
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'not-a-uuid',
    '1',
    '5f1e0c3a-7d2b-4c1e-9a8f-0b6d2e4c8a10\u0000',
  ];
}

function hostile(input: Schema | undefined, name = ''): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  const any = [...WRONG_TYPES, ...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, ...HOSTILE_DATES];
  const formatted = schema.anyOf ? resolve(schema.anyOf.find((s) => resolve(s).type !== 'null')) : schema;
  let specific: unknown[];
  if (formatted.format === 'uuid') specific = hostileIds(name);
  else if (formatted.format === 'date' || formatted.format === 'date-time') specific = HOSTILE_DATES;
  else if (ids[name])
    specific = (ids[name] ?? []).flatMap((key) => [key.toUpperCase(), `${key}-bestaat-niet`]);
  else
    switch (typeOf(formatted)) {
      case 'integer':
      case 'number':
        specific = HOSTILE_NUMBERS;
        break;
      case 'object':
        specific = [{}, deep(200), { __proto__: { polluted: true } }];
        break;
      case 'array':
        specific = [[], Array.from({ length: 5000 }, () => 'x'), deep(200)];
        break;
      case 'boolean':
        specific = ['true', 1, null];
        break;
      default:
        specific = [...HOSTILE_STRINGS, ...HOSTILE_DATES.slice(0, 5)];
    }
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...specific) },
    { weight: 1, arbitrary: fc.constantFrom(...any) },
  );
}

function deep(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
}

/** Every place in a value where one hostile value can go, with the schema that place expects. */
function places(
  value: unknown,
  input: Schema | undefined,
  at: string[] = [],
): { at: string[]; schema: Schema }[] {
  const schema = resolve(input);
  const object = schema.anyOf ? resolve(schema.anyOf.find((s) => typeOf(resolve(s)) === 'object')) : schema;
  const found = [{ at, schema }];
  if (typeOf(object) === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = new Set([...Object.keys(object.properties ?? {}), ...Object.keys(value)]);
    for (const key of keys)
      found.push(...places((value as Record<string, unknown>)[key], object.properties?.[key], [...at, key]));
    found.push({ at: [...at, 'unexpected'], schema: {} });
  }
  if (typeOf(schema) === 'array' && Array.isArray(value) && value.length > 0)
    found.push(...places(value[0], schema.items, [...at, '0']));
  return found;
}

function put(value: unknown, at: string[], replacement: unknown): unknown {
  if (at.length === 0) return replacement;
  const [head = '', ...rest] = at;
  const copy: Record<string, unknown> = Array.isArray(value)
    ? ([...value] as unknown as Record<string, unknown>)
    : value !== null && typeof value === 'object'
      ? { ...(value as Record<string, unknown>) }
      : {};
  copy[head] = put(copy[head], rest, replacement);
  return copy;
}

function partsSchema(operation: Operation): Schema {
  const group = (where: string): Schema => {
    const parameters = (operation.parameters ?? []).filter((p) => p.in === where);
    return {
      type: 'object',
      properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema ?? { type: 'string' }])),
      required: parameters.filter((p) => p.required || where === 'path').map((p) => p.name),
    };
  };
  const body = operation.requestBody?.content['application/json']?.schema;
  return {
    type: 'object',
    properties: { path: group('path'), query: group('query'), ...(body ? { body } : {}) },
    required: ['path', 'query', ...(body ? ['body'] : [])],
  };
}

/** One request's parts: all valid, one hostile value somewhere, several, or a hostile whole body. */
function requestFor(operation: Operation): fc.Arbitrary<{ parts: Parts; raw?: RawBody }> {
  const schema = partsSchema(operation);
  const correct = valid(schema) as fc.Arbitrary<Parts>;
  const oneHostile = correct.chain((parts) => {
    const where = places(parts, schema).filter((p) => p.at.length >= 2);
    return fc.integer({ min: 0, max: where.length - 1 }).chain((i) => {
      const place = where[i] ?? { at: ['body'], schema: {} };
      return hostile(place.schema, place.at.at(-1)).map((value) => put(parts, place.at, value) as Parts);
    });
  });
  const severalHostile = correct.chain((parts) => {
    const where = places(parts, schema).filter((p) => p.at.length >= 2);
    return fc
      .array(
        fc.integer({ min: 0, max: where.length - 1 }).chain((i) =>
          hostile(where[i]?.schema, where[i]?.at.at(-1)).map((value) => ({
            at: where[i]?.at ?? [],
            value,
          })),
        ),
        { minLength: 2, maxLength: 4 },
      )
      .map((changes) => changes.reduce<unknown>((acc, c) => put(acc, c.at, c.value), parts) as Parts);
  });
  const rawBody = fc
    .tuple(
      correct,
      fc.constantFrom<RawBody>(
        { raw: '{}', contentType: 'application/json' },
        { raw: '[]', contentType: 'application/json' },
        { raw: 'null', contentType: 'application/json' },
        { raw: '"x"', contentType: 'application/json' },
        { raw: '{"a":', contentType: 'application/json' },
        { raw: '', contentType: 'application/json' },
        { raw: '{"__proto__":{"admin":true}}', contentType: 'application/json' },
        { raw: `${'['.repeat(5000)}${']'.repeat(5000)}`, contentType: 'application/json' },
        { raw: `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`, contentType: 'application/json' },
        {
          raw: '--x\r\nContent-Disposition: form-data; name="before"\r\n\r\nx\r\n--x--',
          contentType: 'multipart/form-data',
        },
        { raw: 'garbage', contentType: 'multipart/form-data; boundary=' },
        { raw: 'name=x', contentType: 'application/x-www-form-urlencoded' },
        { raw: 'x', contentType: 'text/plain' },
      ),
    )
    .map(([parts, raw]) => ({ parts, raw }));
  return fc.oneof(
    { weight: 2, arbitrary: correct.map((parts) => ({ parts })) },
    { weight: 8, arbitrary: oneHostile.map((parts) => ({ parts })) },
    { weight: 2, arbitrary: severalHostile.map((parts) => ({ parts })) },
    { weight: 2, arbitrary: rawBody },
  );
}

// ——— turning parts into a request ———

/** Percent-encodes like encodeURIComponent, but writes a lone surrogate as its WTF-8 bytes. */
function encode(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff)
      out +=
        `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

function urlOf(path: string, parts: Parts): string {
  const filled = path.replaceAll(/\{(\w+)\}/g, (_, name: string) =>
    encode(parts.path?.[name] ?? randomUUID()),
  );
  const query = Object.entries(parts.query ?? {})
    .flatMap(([key, value]) =>
      Array.isArray(value) ? value.map((v) => `${key}=${encode(v)}`) : [`${key}=${encode(value)}`],
    )
    .join('&');
  return query ? `${filled}?${query}` : filled;
}

const STACK = /\n\s+at .+[(:]\d+|\bat [\w$.<>]+ \(.+:\d+:\d+\)|node_modules|\.ts:\d+:\d+/;
const SQL =
  /\binsert into\b|\bdelete from\b|\bselect\s+[\w"*.,\s]+\s+from\s|violates [\w\s-]*constraint|duplicate key value|syntax error at|invalid input syntax|invalid byte sequence|relation "\w+"|column "\w+"|drizzle|SQLSTATE|out of range for type/i;

async function send(
  op: Op,
  as: 'owner' | 'anonymous',
  request: { parts: Parts; raw?: RawBody },
  address: string,
): Promise<void> {
  const url = urlOf(op.path, request.parts);
  const headers: Record<string, string> = {};
  if (as === 'owner') {
    headers.cookie = clinic.owner.cookie;
    headers['x-csrf-token'] = clinic.owner.csrfToken;
  }
  let payload: string | undefined;
  if (request.raw) {
    headers['content-type'] = request.raw.contentType;
    payload = request.raw.raw;
  } else if (op.operation.requestBody && request.parts.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(request.parts.body);
  }
  let response: LightMyRequestResponse;
  try {
    response = await clinic.app.inject({
      method: op.method as InjectOptions['method'],
      url,
      headers,
      remoteAddress: address,
      ...(payload === undefined ? {} : { payload }),
    });
  } catch (error) {
    failures.push(`${as} ${op.method} ${op.path}: inject threw ${String(error)} (url ${url.slice(0, 200)})`);
    return;
  }
  stats.requests++;
  byStatus.set(response.statusCode, (byStatus.get(response.statusCode) ?? 0) + 1);
  const what = () =>
    `${as} ${op.method} ${op.path} → ${response.statusCode}: ${response.body.slice(0, 300)}\n   url ${url.slice(0, 300)}\n   body ${(payload ?? '').slice(0, 300)}`;
  if (response.statusCode >= 500) {
    stats.serverErrors++;
    failures.push(what());
  }
  const type = String(response.headers['content-type'] ?? '');
  if (/json|text|html|calendar/.test(type) && (STACK.test(response.body) || SQL.test(response.body)))
    failures.push(`stack trace or SQL in the answer: ${what()}`);
  if (as === 'owner') await keepOwnerSignedIn(op, response);
}

/** A fuzzed sign-out, client mode or the like may end the owner's session: start a fresh one. */
async function keepOwnerSignedIn(op: Op, response: LightMyRequestResponse): Promise<void> {
  const owner = clinic.owner;
  if (op.path === '/api/auth/client-mode' && response.statusCode < 300) {
    await owner.call('POST', '/api/auth/client-mode/exit', { password: owner.password });
  }
  if (response.statusCode !== 401 && response.statusCode !== 403) return;
  if ((await owner.call('GET', '/api/auth/session')).statusCode !== 401) {
    const probe = await owner.call('GET', '/api/staff');
    if (probe.statusCode === 200) return;
  }
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      Object.assign(owner, await clinic.signIn(owner));
      return;
    } catch (error) {
      last = error;
      clinic.clock.advance(16 * 60_000); // a throttled sign-in waits out the back-off
    }
  }
  throw new Error(`could not sign the owner in again after ${op.method} ${op.path}: ${String(last)}`);
}

async function fuzz(as: 'owner' | 'anonymous', ops: Op[], runs: number): Promise<void> {
  for (const [index, op] of ops.entries()) {
    const samples = fc.sample(requestFor(op.operation), { seed: SEED + index * 7919, numRuns: runs });
    for (const [n, request] of samples.entries()) {
      // Anonymous callers come from many addresses, so the sign-in throttle does not stop the run.
      const address = as === 'owner' ? '198.51.100.7' : `203.0.113.${(index * 31 + n) % 250}`;
      await send(op, as, request, address);
    }
  }
}

describe('API fuzzing from the OpenAPI document', () => {
  it(
    'answers every hostile request without a 5xx, a stack trace, SQL or a personal value in the log',
    async () => {
      const ops = operations();
      expect(ops.length).toBeGreaterThan(100);
      const started = Date.now();
      await fuzz('anonymous', ops, Math.max(1, Math.ceil(RUNS / 2)));
      await fuzz('owner', ops, RUNS);
      // Anonymous calls of routes that need a session stop at 401: fuzz the public ones harder.
      await fuzz(
        'anonymous',
        ops.filter((o) => o.isPublic),
        RUNS,
      );
      const summary = `API fuzz (seed ${SEED}, ${RUNS} runs): ${stats.requests} requests on ${ops.length} operations, ${stats.serverErrors} answers 5xx, in ${Math.round((Date.now() - started) / 1000)} s`;
      if (LONG_RUN) {
        const kinds = new Map<string, number>();
        for (const failure of failures) {
          const kind = (failure.split('\n')[0] ?? '').replace(/: \{.*$/, '');
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        }
        for (const [kind, count] of kinds) process.stdout.write(`${String(count).padStart(6)}  ${kind}\n`);
        const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
        process.stdout.write(`\nanswers by status: ${statuses.join(', ')}\n${summary}\n`);
      }
      expect(failures.slice(0, 20), summary).toEqual([]);
      expect(logLines.length, 'the log was captured').toBeGreaterThan(0);
      expect(leaks.slice(0, 5), 'personal values in the log').toEqual([]);
    },
    LONG_RUN ? 24 * 3600_000 : 240_000,
  );
});
