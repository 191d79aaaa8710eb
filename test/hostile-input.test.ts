/**
 * Inputs that answered 500 before (issue 12, found by the API fuzz test): each answers 400 naming
 * the field (or 404 for an id of nothing) as problem+json, and writes nothing.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../src/platform/problem';
import { aClinic, type StaffMember, type TestClinic } from './support/clinic';

let clinic: TestClinic;
let owner: StaffMember;
let peel: string;
let client: string;

beforeAll(async () => {
  clinic = await aClinic();
  owner = clinic.owner;
  const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinutes: 480, endMinutes: 1080 }));
  expect((await owner.call('PUT', '/api/schedule/opening-hours', { hours })).statusCode).toBe(204);
  const created = await owner.call('POST', '/api/treatment-types', {
    name: 'Peeling',
    durationMinutes: 30,
    priceCents: 6500,
    vatRatePercent: 21,
    intakeTemplateKey: 'chemical_peel',
  });
  expect(created.statusCode).toBe(201);
  peel = created.json().id;
  client = await clinic.aClient(owner, { firstName: 'Hanna', lastName: 'Hostiel' });
  const assigned = await owner.call('POST', `/api/clients/${client}/care-assignments`, { staffId: owner.id });
  expect(assigned.statusCode).toBeLessThan(300);
});

afterAll(() => clinic.close());

/** A 400 problem+json that names exactly these fields. */
function expectInvalid(response: LightMyRequestResponse, ...fields: string[]) {
  expect(response.statusCode, response.body).toBe(400);
  expect(String(response.headers['content-type'])).toContain('application/problem+json');
  const problem = response.json() as Problem;
  expect(problem.errors?.map((e) => e.field)).toEqual(fields);
}

async function clientsNamed(q: string): Promise<unknown[]> {
  const found = await owner.call('GET', `/api/clients?q=${encodeURIComponent(q)}`);
  expect(found.statusCode).toBe(200);
  return found.json();
}

describe('text PostgreSQL cannot store or that is not Unicode', () => {
  it('refuses a NUL character in a body field, naming it, writing nothing', async () => {
    const response = await owner.call('POST', '/api/clients', {
      firstName: 'Nul\u0000la',
      lastName: 'Nulteken',
    });
    expectInvalid(response, 'firstName');
    expect(await clientsNamed('Nulteken')).toEqual([]);
  });

  it('refuses a NUL character in an anonymous sign-in', async () => {
    const response = await clinic.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'olga@huidkliniek-noord.nl\u0000', password: 'x' },
    });
    expectInvalid(response, 'email');
  });

  it('refuses a lone surrogate in a body field and in a nested one', async () => {
    expectInvalid(
      await owner.call('POST', '/api/clients', { firstName: 'Sur\ud800', lastName: 'Rogaat' }),
      'firstName',
    );
    expectInvalid(
      await owner.call('POST', `/api/clients/${client}/invoices`, {
        lines: [{ description: 'x\udfff', quantity: 1, unitPriceCents: 100, vatRatePercent: 21 }],
      }),
      'lines.0.description',
    );
    expect(await clientsNamed('Rogaat')).toEqual([]);
  });

  it('refuses NUL in a query and a path parameter', async () => {
    expectInvalid(await owner.call('GET', '/api/clients?q=ab%00cd'), 'querystring.q');
    expectInvalid(await owner.call('GET', `/api/clients/${client}%00`), 'params.clientId');
  });
});

describe('dates', () => {
  it('refuses years 0000 and 9999 in a date of birth and an appointment, naming the field', async () => {
    expectInvalid(
      await owner.call('POST', '/api/clients', {
        firstName: 'Jaar',
        lastName: 'Nul',
        birthDate: '0000-01-01',
      }),
      'birthDate',
    );
    expectInvalid(
      await owner.call('POST', `/api/clients/${client}/appointments`, {
        treatmentTypeId: peel,
        practitionerId: null,
        startsAt: '9999-12-31T23:30:00.000Z',
      }),
      'startsAt',
    );
    expect(await clientsNamed('Jaar Nul')).toEqual([]);
  });

  it('refuses year 0000 in the agenda and the audit trail query', async () => {
    expectInvalid(
      await owner.call('GET', '/api/agenda?from=2026-11-25T00:00:00.000Z&to=0000-01-01T00:00:00.000Z'),
      'querystring.to',
    );
    expectInvalid(await owner.call('GET', '/api/audit?from=9999-12-31T23:59:59.999Z'), 'querystring.from');
  });

  it('refuses a day that does not exist in client search (q=2026-02-30), and still finds by birth date', async () => {
    expectInvalid(await owner.call('GET', '/api/clients?q=2026-02-30'), 'querystring.q');
    expectInvalid(await owner.call('GET', '/api/clients?q=0000-01-01'), 'querystring.q');
    const born = await clinic.aClient(owner, {
      firstName: 'Datum',
      lastName: 'Echt',
      birthDate: '1970-03-01',
    });
    expect((await clientsNamed('1970-03-01')).map((c) => (c as { id: string }).id)).toEqual([born]);
  });
});

describe('PATCH bodies', () => {
  it.each([
    ['treatment type', () => `/api/treatment-types/${peel}`],
    [
      'product',
      async () => `/api/products/${(await owner.call('POST', '/api/products', { name: 'Serum' })).json().id}`,
    ],
    [
      'device',
      async () => `/api/devices/${(await owner.call('POST', '/api/devices', { name: 'Laser' })).json().id}`,
    ],
  ])('refuses an empty PATCH {} on a %s, naming the body', async (_, url) => {
    expectInvalid(await owner.call('PATCH', await url(), {}), 'body');
  });

  it('still changes only the practitioners of a treatment type', async () => {
    const response = await owner.call('PATCH', `/api/treatment-types/${peel}`, {
      practitionerIds: [owner.id],
    });
    expect(response.statusCode).toBe(200);
    const missing = await owner.call('PATCH', `/api/treatment-types/${crypto.randomUUID()}`, {
      practitionerIds: [owner.id],
    });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses a treatment type naming an intake template that does not exist, changing nothing', async () => {
    expectInvalid(
      await owner.call('PATCH', `/api/treatment-types/${peel}`, { intakeTemplateKey: 'bestaat_niet' }),
      'intakeTemplateKey',
    );
    expectInvalid(
      await owner.call('POST', '/api/treatment-types', {
        name: 'Zonder formulier',
        durationMinutes: 30,
        priceCents: 0,
        vatRatePercent: 21,
        intakeTemplateKey: 'CHEMICAL_PEEL',
      }),
      'intakeTemplateKey',
    );
    const types = (await owner.call('GET', '/api/treatment-types')).json() as {
      id: string;
      name: string;
      intakeTemplateKey: string;
    }[];
    expect(types.find((t) => t.id === peel)?.intakeTemplateKey).toBe('chemical_peel');
    expect(types.map((t) => t.name)).not.toContain('Zonder formulier');
  });
});

describe('ids and keys', () => {
  it('refuses an upper-case intake template key, naming it', async () => {
    expectInvalid(
      await owner.call('GET', '/api/intake-templates/CHEMICAL_PEEL/versions/latest'),
      'params.key',
    );
    expect((await owner.call('GET', '/api/intake-templates/chemical_peel/versions/latest')).statusCode).toBe(
      200,
    );
  });

  it('refuses a schedule exception for a staff member who does not exist, naming staffId', async () => {
    const response = await owner.call('POST', '/api/schedule/exceptions', {
      staffId: crypto.randomUUID(),
      kind: 'absence',
      startsAt: '2026-12-01T08:00:00.000Z',
      endsAt: '2026-12-01T17:00:00.000Z',
    });
    expectInvalid(response, 'staffId');
    expect((await owner.call('GET', '/api/schedule/exceptions')).json()).toEqual([]);
  });

  it('answers 404 for a calendar feed of a staff member who does not exist', async () => {
    const response = await owner.call('POST', `/api/staff/${crypto.randomUUID()}/calendar-feed`);
    expect(response.statusCode).toBe(404);
  });

  it('reads an upper-case id as the same id: the owner cannot disable their own account with it', async () => {
    const response = await owner.call('POST', `/api/staff/${owner.id.toUpperCase()}/disable`);
    expect(response.statusCode).toBe(409);
    expect((await owner.call('GET', '/api/auth/session')).statusCode).toBe(200);
    expect((await owner.call('GET', `/api/clients/${client.toUpperCase()}`)).json().id).toBe(client);
  });
});

describe('numbers beyond what PostgreSQL stores', () => {
  it('refuses a statement version beyond a PostgreSQL integer, naming it', async () => {
    const response = await clinic.app.inject({
      method: 'GET',
      url: '/api/public/privacy-statement?version=9007199254740991',
    });
    expectInvalid(response, 'querystring.version');
  });

  it('refuses an invoice whose lines add up to more than an integer column holds, writing nothing', async () => {
    const line = { description: 'Kuur', quantity: 1000, unitPriceCents: 10_000_000, vatRatePercent: 21 };
    expectInvalid(
      await owner.call('POST', `/api/clients/${client}/invoices`, { lines: [line, line, line] }),
      'lines',
    );
    expect((await owner.call('GET', `/api/clients/${client}/invoices`)).json()).toEqual([]);
  });
});

describe('multipart', () => {
  it('refuses a photo upload whose multipart/form-data names no boundary', async () => {
    // The owner treats the client (assigned in beforeAll), so the upload passes the gate.
    const set = await owner.call('POST', `/api/clients/${client}/photo-sets`, { bodyArea: 'gezicht' });
    expect(set.statusCode).toBe(201);
    const photoSet = set.json().id;
    const response = await clinic.app.inject({
      method: 'POST',
      url: `/api/clients/${client}/photo-sets/${photoSet}/photos`,
      headers: {
        cookie: owner.cookie,
        'x-csrf-token': owner.csrfToken,
        'content-type': 'multipart/form-data',
      },
      payload: '--x\r\nContent-Disposition: form-data; name="before"; filename="a.jpg"\r\n\r\nx\r\n--x--\r\n',
    });
    expectInvalid(response, 'body');
  });
});
