/**
 * The authorization matrix, generated from the OpenAPI document so it grows with every route:
 * - every operation that needs a session refuses an anonymous caller with 401;
 * - every operation on a client (a `{clientId}` path) must declare `x-vellum-data`; called by a
 *   practitioner who does not treat the client it answers exactly as for a client that does not
 *   exist (404, or 403 for an owner-only action), and never 2xx;
 * - reception is refused medical operations (403/404) and allowed contact ones at a location where
 *   the client is known; reception at another location is answered as for a missing client;
 * - every other id-taking operation answers a non-owner who is not the subject with 403/404.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from './support/clinic';

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  format?: string;
  enum?: unknown[];
  minLength?: number;
  minItems?: number;
  anyOf?: Schema[];
  items?: Schema;
};
type Operation = {
  security?: unknown[];
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  'x-vellum-data'?: 'contact' | 'medical';
  /** Clinic administration on a client (assign a practitioner, a legal hold): 403 for everyone else. */
  'x-vellum-owner-only'?: boolean;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

let clinic: TestClinic;
let anouk: StaffMember;
let bram: StaffMember;
let rosa: StaffMember;
/** Reception at a second location, where Anna is not known (decision 0026). */
let rik: StaffMember;
let anna: string;
let document: Document;

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Matrix');
  bram = await clinic.hire('practitioner', 'Bram Matrix');
  rosa = await clinic.hire('reception', 'Rosa Matrix');
  anna = await clinic.aClient(anouk, { firstName: 'Anna', lastName: 'Matrix' });
  document = (await clinic.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  // Real ids of the client's sub-objects, made by the treating practitioner through every
  // collection route (POST /clients/{clientId}/treatments → {treatmentId}), so routes on one
  // object are checked on an object that exists.
  for (const { method, path, operation } of operations()) {
    const collection = /^\/api\/clients\/\{clientId\}\/([a-z-]+)$/.exec(path)?.[1];
    if (method !== 'POST' || !collection) continue;
    const response = await anouk.call(
      method,
      urlFor(path, { clientId: anna }, operation),
      bodyFor(operation),
    );
    const id = response.statusCode === 201 ? (response.json() as { id?: string }).id : undefined;
    if (id) realIds[idParam(collection)] = id;
  }
  // A second location, with a receptionist who works only there (made as SQL: the locations API is
  // not part of this matrix). Everyone hired before works at the first, where Anna is known.
  const second = randomUUID();
  await clinic.database.asOwner(
    `insert into location (id, name, created_at) values ('${second}', 'Vestiging Matrix', now())`,
  );
  rik = await clinic.hire('reception', 'Rik Matrix', { locationIds: [second] });
});

const realIds: Record<string, string> = {};

/** `skin-analyses` → `skinAnalysisId`, `treatments` → `treatmentId`, `home-products` → `homeProductId`. */
function idParam(collection: string): string {
  const singular = /yses$/.test(collection)
    ? collection.replace(/yses$/, 'ysis')
    : /ies$/.test(collection)
      ? collection.replace(/ies$/, 'y')
      : collection.replace(/s$/, '');
  return `${singular.replaceAll(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Id`;
}

/** A sub-object id the path needs but the matrix could not make: that route's own tests cover it. */
function missingIds(path: string): boolean {
  return [...path.matchAll(/\{(\w+)\}/g)].some(([, name]) => name !== 'clientId' && !realIds[name as string]);
}
afterAll(() => clinic.close());

/** A value that satisfies the schema's required parts, so validation never hides the gate. */
function sample(schema: Schema | undefined): unknown {
  if (!schema) return undefined;
  if (schema.$ref) return sample(document.components?.schemas?.[schema.$ref.split('/').at(-1) ?? '']);
  if (schema.anyOf) return sample(schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0]);
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const key of schema.required ?? []) value[key] = sample(schema.properties?.[key]);
      return value;
    }
    case 'array':
      return schema.minItems ? [sample(schema.items)] : [];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    default:
      if (schema.format === 'email') return 'matrix@example.nl';
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date') return '1990-01-01';
      if (schema.format === 'date-time') return '2026-11-25T10:00:00.000Z';
      return 'm'.repeat(Math.max(schema.minLength ?? 0, 24));
  }
}

/**
 * Allowed through the gate: a success, or an answer about the request itself (a sample body may
 * name an id that does not exist, 400, or a sub-object that is missing, 404 is NOT accepted since
 * it is what a refusal looks like). 401 and 403 are refusals.
 */
function passedTheGate(status: number): boolean {
  return status < 300 || status === 400 || status === 409;
}

function operations() {
  const found: { method: string; path: string; operation: Operation }[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      found.push({ method: method.toUpperCase(), path, operation });
    }
  }
  return found;
}

/** The path with ids filled in; other path parameters (an enum like a photo size) get a valid value. */
function urlFor(path: string, ids: Record<string, string> = {}, operation?: Operation): string {
  return path.replaceAll(/\{(\w+)\}/g, (_, name: string) => {
    if (ids[name]) return ids[name];
    const schema = operation?.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema;
    return schema?.enum ? String(schema.enum[0]) : randomUUID();
  });
}

function bodyFor(operation: Operation): unknown {
  const schema = operation.requestBody?.content['application/json']?.schema;
  const body = sample(schema);
  // A change with nothing in it is refused before anyone's rights are checked (400): name one field.
  if (body && typeof body === 'object' && Object.keys(body).length === 0 && schema?.properties) {
    const [field, property] = Object.entries(schema.properties)[0] ?? [];
    if (field) return { [field]: sample(property) };
  }
  return body;
}

/** Id-taking routes outside a client that only the owner may use (another staff member's id included). */
const OWNER_ONLY = [
  'POST /api/staff/{staffId}/disable',
  'PUT /api/staff/{staffId}/role',
  'POST /api/staff/{staffId}/second-factor/reset',
  'POST /api/staff/invitations/{invitationId}/resend',
  'DELETE /api/staff/invitations/{invitationId}',
  'PUT /api/staff/{staffId}/working-hours',
  'POST /api/staff/{staffId}/calendar-feed',
  'DELETE /api/staff/{staffId}/calendar-feed',
  'POST /api/audit/break-glass/{breakGlassId}/review',
  'GET /api/intake-templates/{key}/versions/{version}',
  'POST /api/intake-templates/{key}/versions',
  'PATCH /api/treatment-types/{treatmentTypeId}',
  'PATCH /api/products/{productId}',
  'PATCH /api/devices/{deviceId}',
  'PATCH /api/resource-types/{resourceTypeId}',
  'PATCH /api/resources/{resourceId}',
  'POST /api/erasure-requests/{requestId}/execute',
  'GET /api/erasure-requests/{requestId}/certificate.pdf',
  'POST /api/correction-requests/{requestId}/handle',
  'PUT /api/incidents/{incidentId}/assessment',
  'DELETE /api/processors/{processorId}',
  'GET /api/processors/{processorId}/agreement',
  'POST /api/marketing/publications/{publicationId}/taken-down',
  'DELETE /api/schedule/exceptions/{exceptionId}',
  'PUT /api/schedule/holidays/{date}',
  'GET /api/outbox/{emailId}',
  'POST /api/outbox/{emailId}/resend',
  'PUT /api/shop/products/{productId}',
  'PUT /api/shop/products/{productId}/image',
  'PATCH /api/locations/{locationId}',
  'POST /api/locations/{locationId}/archive',
  'GET /api/staff/{staffId}/locations',
  'PUT /api/staff/{staffId}/locations',
];
/** Open to some non-owners by design; each module's own tests check who. */
const OPEN_TO_SOME_NON_OWNERS = [
  'GET /api/intake-forms/{treatmentTypeId}', // the practitioner fills in an intake at the clinic
  'POST /api/paper-destruction/{taskId}/confirm', // whoever destroys the paper confirms it
  'GET /api/invoices/{invoiceId}', // reception, and the practitioner who treats the client
  'GET /api/invoices/{invoiceId}/pdf',
  'POST /api/invoices/{invoiceId}/credit-note',
  'POST /api/invoices/{invoiceId}/payments',
  'POST /api/contact-requests/{requestId}/handled', // reception answers questions
  'POST /api/appointments/{appointmentId}/status', // reception and the practitioner
  'PATCH /api/appointments/{appointmentId}',
  'POST /api/appointments/{appointmentId}/restore', // whoever cancelled it, a moment ago
  'GET /api/public/shop/products/{productId}/image', // the shop's public photo (no session)
  'GET /api/shop/orders/{orderId}', // reception handles orders, a practitioner reads (shop.test.ts)
  'POST /api/shop/orders/{orderId}/status',
  'POST /api/shop/orders/{orderId}/refunds',
  'POST /api/shop/stock/{productId}/adjustments', // reception counts stock
  'GET /api/resources/{resourceId}/holds', // every staff member sees a room's day (resources.test.ts)
  // Whoever makes an export reads its progress, bound to them (export-progress.test.ts).
  'GET /api/export-progress/{progressId}',
];

/**
 * Routes without an id that only the owner may read (reports over the whole clinic): practitioner
 * and reception get 403. The start page (`GET /api/dashboard`) is every staff member's and shows each
 * role its own; its tests check what each role sees.
 */
const OWNER_ONLY_REPORTS = ['GET /api/insights', 'GET /api/correction-requests', 'GET /api/retention/run'];

describe('the authorization matrix', () => {
  it('[P8.1] covers the routes it should (sanity)', () => {
    // 37 client routes today: a floor close to that fails when the document or this filter loses routes.
    const clientRoutes = operations().filter((o) => o.path.includes('{clientId}'));
    expect(clientRoutes.length).toBeGreaterThanOrEqual(35);
    expect(operations().length).toBeGreaterThanOrEqual(130); // 140 today
    expect(['skin-analyses', 'treatments', 'home-products', 'photo-sets'].map(idParam)).toEqual([
      'skinAnalysisId',
      'treatmentId',
      'homeProductId',
      'photoSetId',
    ]);
    // Every sub-object a client route names is checked on a real one made in beforeAll, except
    // those whose making needs more than a sample body (a published intake form, an upload).
    const subObjects = new Set(
      clientRoutes.flatMap((o) => [...o.path.matchAll(/\{(\w+Id)\}/g)].map(([, name]) => name as string)),
    );
    subObjects.delete('clientId');
    expect([...subObjects].filter((name) => !realIds[name]).sort()).toEqual(['intakeId', 'photoId']);
  });

  it('[P8.1] refuses an anonymous caller on every route that needs a session', async () => {
    for (const { method, path, operation } of operations()) {
      if (!operation.security || operation.security.length === 0) continue;
      const response = await clinic.app.inject({
        method: method as 'GET',
        url: urlFor(path, { clientId: anna }, operation),
        payload: bodyFor(operation) as object,
      });
      expect(response.statusCode, `${method} ${path}`).toBe(401);
    }
  });

  it('[P8.1] makes every client route declare which part of the dossier it touches', () => {
    const undeclared = operations()
      .filter((o) => o.path.includes('{clientId}') && !o.operation['x-vellum-data'])
      .map((o) => `${o.method} ${o.path}`);
    expect(undeclared).toEqual([]);
  });

  it("[P8.1] answers a practitioner on another practitioner's client exactly as on a missing one", async () => {
    for (const { method, path, operation } of operations().filter((o) => o.path.includes('{clientId}'))) {
      if (path.endsWith('/break-glass')) continue; // the one deliberate way in, tested in gate.test.ts
      const call = (clientId: string) =>
        bram.call(method, urlFor(path, { ...realIds, clientId }, operation), bodyFor(operation));
      const other = await call(anna);
      const missing = await call(randomUUID());
      expect([403, 404], `${method} ${path}`).toContain(other.statusCode);
      expect(other.statusCode, `${method} ${path}`).toBe(missing.statusCode);
      expect(other.json().detail, `${method} ${path}`).toBe(missing.json().detail);
    }
  });

  it('[P8.1] refuses reception every medical route and allows the contact ones', async () => {
    for (const { method, path, operation } of operations().filter((o) => o.path.includes('{clientId}'))) {
      if (path.endsWith('/break-glass')) continue;
      const response = await rosa.call(
        method,
        urlFor(path, { ...realIds, clientId: anna }, operation),
        bodyFor(operation),
      );
      if (operation['x-vellum-data'] === 'medical' || operation['x-vellum-owner-only'])
        expect([403, 404], `${method} ${path}`).toContain(response.statusCode);
      else expect(passedTheGate(response.statusCode), `${method} ${path}: ${response.body}`).toBe(true);
    }
  });

  it('[P8.1] answers reception at another location on every client route exactly as on a missing client', async () => {
    const refused = `select count(*)::int as n from audit_event where actor_id = '${rik.id}' and client_id = '${anna}' and outcome = 'refused'`;
    let checked = 0;
    for (const { method, path, operation } of operations().filter((o) => o.path.includes('{clientId}'))) {
      if (path.endsWith('/break-glass')) continue; // reception never breaks the glass (gate.test.ts)
      const call = (clientId: string) =>
        rik.call(method, urlFor(path, { ...realIds, clientId }, operation), bodyFor(operation));
      const before = Number((await clinic.database.asOwner(refused))[0]?.n);
      const other = await call(anna);
      const missing = await call(randomUUID());
      expect([403, 404], `${method} ${path}: ${other.body}`).toContain(other.statusCode);
      expect(other.statusCode, `${method} ${path}`).toBe(missing.statusCode);
      expect(other.json().detail, `${method} ${path}`).toBe(missing.json().detail);
      // A 404 is a refusal by the gate, logged on Anna (a 403 is a role check, logged without her).
      if (other.statusCode === 404)
        expect(
          Number((await clinic.database.asOwner(refused))[0]?.n),
          `${method} ${path}: logged`,
        ).toBeGreaterThan(before);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(35);
    // Reception at the first location, where Anna's dossier was made, is let through.
    expect((await rosa.call('GET', `/api/clients/${anna}`)).statusCode).toBe(200);
  });

  it('[P8.1] lets the treating practitioner through on every client route', async () => {
    for (const { method, path, operation } of operations().filter((o) => o.path.includes('{clientId}'))) {
      if (path.endsWith('/break-glass') || missingIds(path)) continue;
      if (operation['x-vellum-owner-only']) {
        const refused = await anouk.call(
          method,
          urlFor(path, { ...realIds, clientId: anna }, operation),
          bodyFor(operation),
        );
        expect(refused.statusCode, `${method} ${path}`).toBe(403);
        continue;
      }
      const response = await anouk.call(
        method,
        urlFor(path, { ...realIds, clientId: anna }, operation),
        bodyFor(operation),
      );
      expect(passedTheGate(response.statusCode), `${method} ${path}: ${response.body}`).toBe(true);
    }
  });

  it('[P8.1] refuses non-owners every other id-taking route, on real objects, and logs the refusal', async () => {
    const owner = await clinic.freshOwner();
    // Real objects, made by the owner, so that a route that forgot its role check answers 2xx (a
    // random id would answer 404 and pass for a refusal).
    const made = async (path: string, body: unknown) => {
      const response = await owner.call('POST', path, body);
      expect(response.statusCode, `${path}: ${response.body}`).toBe(201);
      return (response.json() as { id: string }).id;
    };
    const post = (path: string) =>
      operations().find((o) => o.method === 'POST' && o.path === path)?.operation;
    const templates = await owner.call('GET', '/api/intake-templates');
    expect(templates.statusCode).toBe(200);
    const template = (templates.json() as { key: string; latestVersion: number }[])[0];
    const ids: Record<string, string> = {
      staffId: bram.id,
      date: '2026-12-25', // a public holiday
      invitationId: (
        await owner.call('POST', '/api/staff/invitations', {
          name: 'Ivo Matrix',
          email: 'ivo.matrix@huidkliniek-noord.nl',
          role: 'practitioner',
        })
      ).json().invitationId,
      key: template?.key ?? '',
      version: String(template?.latestVersion),
      productId: await made('/api/products', bodyFor(post('/api/products') ?? {})),
      deviceId: await made('/api/devices', bodyFor(post('/api/devices') ?? {})),
      incidentId: await made('/api/incidents', { description: 'Iemand keek mee over de balie.' }),
      processorId: await made('/api/processors', bodyFor(post('/api/processors') ?? {})),
      treatmentTypeId: await made('/api/treatment-types', {
        name: 'Matrixbehandeling',
        durationMinutes: 30,
        priceCents: 5000,
        vatRatePercent: 21,
      }),
      resourceTypeId: await made('/api/resource-types', { name: 'Matrixkamer', category: 'room' }),
      exceptionId: await made('/api/schedule/exceptions', {
        staffId: bram.id,
        kind: 'absence',
        startsAt: '2026-12-01T09:00:00.000Z',
        endsAt: '2026-12-01T12:00:00.000Z',
      }),
    };
    const [place] = await clinic.database.asOwner('select id from location order by created_at limit 1');
    ids.resourceId = await made('/api/resources', {
      locationId: place?.id,
      resourceTypeId: ids.resourceTypeId,
      name: 'Matrixkamer 1',
    });
    const idTaking = operations().filter((o) => /\{\w+\}/.test(o.path) && !o.path.includes('{clientId}'));
    // Every id-taking route outside a client is either owner-only (probed here) or open to some
    // non-owners by design (probed in its module's tests): a new route must be sorted in.
    const unsorted = idTaking
      .map((o) => `${o.method} ${o.path}`)
      .filter((route) => !OWNER_ONLY.includes(route) && !OPEN_TO_SOME_NON_OWNERS.includes(route));
    expect(unsorted).toEqual([]);

    const refusals = async (member: StaffMember) =>
      Number(
        (
          await clinic.database.asOwner(
            `select count(*)::int as n from audit_event where actor_id = '${member.id}' and outcome = 'refused'`,
          )
        )[0]?.n,
      );
    for (const { method, path, operation } of idTaking.filter((o) =>
      OWNER_ONLY.includes(`${o.method} ${o.path}`),
    )) {
      for (const member of [anouk, rosa]) {
        const before = await refusals(member);
        const response = await member.call(method, urlFor(path, ids, operation), bodyFor(operation));
        expect(response.statusCode, `${member.role} ${method} ${path}: ${response.body}`).toBe(403);
        expect(await refusals(member), `${member.role} ${method} ${path}: the refusal is logged`).toBe(
          before + 1,
        );
      }
    }
  });

  it("[P8.1] gives the accountant's export to whoever sees the year's invoices, and the preview to all staff", async () => {
    const period = '/api/invoices/export?from=2026-01-01&to=2026-12-31';
    expect((await anouk.call('GET', period)).statusCode).toBe(403);
    expect((await rosa.call('GET', period)).statusCode).toBe(200);
    const draft = {
      lines: [{ description: 'Consult', quantity: 1, unitPriceCents: 5000, vatRatePercent: 21 }],
    };
    for (const member of [anouk, rosa]) {
      expect((await member.call('POST', '/api/invoices/preview', draft)).statusCode).toBe(200);
    }
  });

  it('[P8.1] refuses non-owners the owner-only reports without ids, and logs the refusal', async () => {
    const owner = await clinic.freshOwner();
    for (const route of OWNER_ONLY_REPORTS) {
      const [method, path] = route.split(' ') as ['GET', string];
      expect(
        operations().some((o) => `${o.method} ${o.path}` === route),
        `${route} exists`,
      ).toBe(true);
      expect((await owner.call(method, path)).statusCode, `owner ${route}`).toBe(200);
      for (const member of [anouk, rosa]) {
        const refused = `select count(*)::int as n from audit_event where actor_id = '${member.id}' and outcome = 'refused'`;
        const before = Number((await clinic.database.asOwner(refused))[0]?.n);
        const response = await member.call(method, path);
        expect(response.statusCode, `${member.role} ${route}: ${response.body}`).toBe(403);
        expect(Number((await clinic.database.asOwner(refused))[0]?.n), `${route}: logged`).toBe(before + 1);
      }
    }
  });
});
