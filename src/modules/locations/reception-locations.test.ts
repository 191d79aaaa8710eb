/**
 * [P8.1] across locations (issue 17, decision 0026): reception sees the clients known at a location
 * it works at — an appointment there, or a dossier made there — and nothing of the others: not
 * through a client's own routes, not through search, not through the agenda, not through any list.
 * The owner sees every client. Locations and who works where are made here as SQL (the locations
 * admin API is built elsewhere); everything the test checks goes through the real routes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aTreatmentType } from '../../../test/support/intake';

// Wednesday 25 November 2026, 09:00 in Amsterdam.
let clinic: TestClinic;
let pracA: StaffMember;
let pracB: StaffMember;
let recA: StaffMember;
let recB: StaffMember;
let recAB: StaffMember;
let facial: string;
let locA: string;
const locB = randomUUID();
/** Known at B only (made by B's practitioner, an appointment at B today). */
let bea: string;
/** Made by reception at A. */
let ada: string;
let beaInvoice: string;
let beaAppointment: string;

const BEA = {
  firstName: 'Bea',
  lastName: 'Buitenstad',
  email: 'bea.buitenstad@example.nl',
  phone: '0687654321',
};
const lines = [{ description: 'Chemische peeling', quantity: 1, unitPriceCents: 12_500, vatRatePercent: 21 }];

/** An appointment written straight into the table (booking at a location is built elsewhere). */
async function anAppointment(
  clientId: string,
  practitioner: StaffMember,
  location: string,
  startsAt: string,
) {
  const id = randomUUID();
  const ends = new Date(new Date(startsAt).getTime() + 3_600_000).toISOString();
  await clinic.database.asOwner(
    `insert into appointment (id, client_id, practitioner_id, treatment_type_id, location_id, starts_at, ends_at,
       blocked_until, status, source, created_at, confirmed_via)
     values ('${id}', '${clientId}', '${practitioner.id}', '${facial}', '${location}', '${startsAt}', '${ends}',
       '${ends}', 'booked', 'staff', now(), 'staff_booking')`,
  );
  return id;
}

async function locationsOf(clientId: string): Promise<string[]> {
  const rows = await clinic.database.asOwner(
    `select location_id from client_location where client_id = '${clientId}' order by location_id`,
  );
  return rows.map((r) => String(r.location_id)).sort();
}

const sees = async (member: StaffMember, clientId: string) =>
  (await member.call('GET', `/api/clients/${clientId}`)).statusCode === 200;

const search = async (member: StaffMember, q: string) => {
  const response = await member.call('GET', `/api/clients?q=${encodeURIComponent(q)}`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { id: string }[]).map((c) => c.id);
};

beforeAll(async () => {
  clinic = await aClinic('2026-11-25T08:00:00Z');
  pracA = await clinic.hire('practitioner', 'Anouk Vestiging');
  pracB = await clinic.hire('practitioner', 'Bram Vestiging');
  recA = await clinic.hire('reception', 'Rosa Noord');
  recB = await clinic.hire('reception', 'Rik Zuid');
  recAB = await clinic.hire('reception', 'Roos Beide');
  facial = await aTreatmentType(clinic, { name: 'Gezichtsbehandeling', intakeTemplateKey: null });
  // A one-location clinic linked everyone to its location; a second one is added, and B's staff
  // move there.
  locA = String((await clinic.database.asOwner('select id from location'))[0]?.id);
  await clinic.database.asOwner(
    `insert into location (id, name, created_at) values ('${locB}', 'Vestiging Zuid', now())`,
  );
  await clinic.database.asOwner(`delete from staff_location where staff_id in ('${pracB.id}', '${recB.id}')`);
  await clinic.database.asOwner(
    `insert into staff_location (staff_id, location_id) values
       ('${pracB.id}', '${locB}'), ('${recB.id}', '${locB}'), ('${recAB.id}', '${locB}')`,
  );
  bea = await clinic.aClient(pracB, BEA);
  beaAppointment = await anAppointment(bea, pracB, locB, '2026-11-25T10:00:00.000Z');
  const invoice = await recB.call('POST', `/api/clients/${bea}/invoices`, { lines });
  expect(invoice.statusCode, invoice.body).toBe(201);
  beaInvoice = invoice.json().id;
  const paper = await recB.call('POST', `/api/clients/${bea}/paper-files`, {
    kind: 'intake_form',
    location: 'Archiefkast Zuid',
  });
  expect(paper.statusCode, paper.body).toBe(201);
  ada = await clinic.aClient(recA, {
    firstName: 'Ada',
    lastName: 'Aanstad',
    email: 'ada.aanstad@example.nl',
  });
  await anAppointment(ada, pracA, locA, '2026-11-25T10:00:00.000Z');
});
afterAll(() => clinic.close());

describe('[P8.1] reception limited to its own locations', () => {
  it('links a client to the locations of the staff member who made it, and of its appointments', async () => {
    expect(await locationsOf(bea)).toEqual([locB]);
    expect(await locationsOf(ada)).toEqual([locA]);
  });

  it("[P8.1] answers reception at A on every route of B's client exactly as on a missing client, and logs it", async () => {
    const missing = randomUUID();
    const routes: [string, string, unknown?][] = [
      ['GET', ''],
      ['GET', '/appointments'],
      ['GET', '/intakes'],
      ['GET', '/invoices'],
      ['GET', '/consents'],
      ['GET', '/paper-files'],
      ['GET', '/dossier'],
      ['GET', '/contra-indications'],
      ['GET', '/disclosures'],
      ['PATCH', '', { phone: '0611111111' }],
      ['POST', '/invoices', { lines }],
      ['POST', '/intake-links', { treatmentTypeId: facial }],
      ['POST', '/paper-files', { kind: 'intake_form', location: 'Archiefkast Noord' }],
      [
        'POST',
        '/appointments',
        { treatmentTypeId: facial, practitionerId: pracA.id, startsAt: '2026-11-26T09:00:00.000Z' },
      ],
      ['POST', '/erasure-requests', { reason: 'op verzoek' }],
      ['POST', '/merge', { duplicateId: ada }],
    ];
    const refusedBefore = await refusals(recA, bea);
    for (const [method, suffix, body] of routes) {
      const other = await recA.call(method as 'GET', `/api/clients/${bea}${suffix}`, body);
      const none = await recA.call(method as 'GET', `/api/clients/${missing}${suffix}`, body);
      expect(other.statusCode, `${method} ${suffix}: ${other.body}`).toBe(404);
      expect(other.statusCode, `${method} ${suffix}`).toBe(none.statusCode);
      expect(other.json().detail, `${method} ${suffix}`).toBe(none.json().detail);
      expect(other.body).not.toContain(BEA.lastName);
    }
    expect(await refusals(recA, bea)).toBeGreaterThanOrEqual(refusedBefore + routes.length - 2);
    // Nothing was written: the phone, the invoices, the paper files are as B left them.
    const [row] = await clinic.database.asOwner(
      `select (select count(*)::int from invoice where client_id = '${bea}') as invoices,
              (select count(*)::int from paper_file where client_id = '${bea}') as papers,
              (select count(*)::int from appointment where client_id = '${bea}') as appointments`,
    );
    expect(row).toEqual({ invoices: 1, papers: 1, appointments: 1 });
    // The same routes open for reception at B, at both, and for the owner.
    for (const member of [recB, recAB, await clinic.freshOwner()]) {
      for (const suffix of ['', '/appointments', '/invoices', '/consents', '/paper-files']) {
        const response = await member.call('GET', `/api/clients/${bea}${suffix}`);
        expect(response.statusCode, `${member.name} ${suffix}: ${response.body}`).toBe(200);
      }
    }
  });

  it("[P8.1] answers reception at A on B's invoice and appointment as on missing ones, and changes nothing", async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/invoices/${beaInvoice}`],
      ['GET', `/api/invoices/${beaInvoice}/pdf`],
      [
        'POST',
        `/api/invoices/${beaInvoice}/payments`,
        { amountCents: 100, method: 'card', paidOn: '2026-11-25' },
      ],
      ['POST', `/api/invoices/${beaInvoice}/credit-note`, { reason: 'vergissing bij de balie' }],
      ['POST', `/api/appointments/${beaAppointment}/status`, { status: 'cancelled' }],
      [
        'PATCH',
        `/api/appointments/${beaAppointment}`,
        { startsAt: '2026-11-25T13:00:00.000Z', endsAt: '2026-11-25T14:00:00.000Z' },
      ],
    ];
    for (const [method, url, body] of routes) {
      const other = await recA.call(method as 'GET', url, body);
      const none = await recA.call(method as 'GET', url.replace(/[0-9a-f-]{36}/, randomUUID()), body);
      expect(other.statusCode, `${method} ${url}: ${other.body}`).toBe(404);
      expect(none.statusCode, `${method} ${url}`).toBe(404);
      expect(other.body).not.toContain(BEA.lastName);
    }
    const [row] = await clinic.database.asOwner(
      `select a.status, a.starts_at::text as starts,
              (select count(*)::int from invoice_payment p where p.invoice_id = '${beaInvoice}') as payments,
              (select count(*)::int from invoice i where i.client_id = '${bea}') as invoices
       from appointment a where a.id = '${beaAppointment}'`,
    );
    expect(row).toMatchObject({ status: 'booked', payments: 0, invoices: 1 });
    expect((await recB.call('GET', `/api/invoices/${beaInvoice}`)).statusCode).toBe(200);
  });

  it('[P8.1] keeps a client made by reception at A at A: B does not see it, A and the owner do', async () => {
    expect(await sees(recA, ada)).toBe(true);
    expect(await sees(recB, ada)).toBe(false);
    expect(await sees(recAB, ada)).toBe(true);
    expect(await sees(await clinic.freshOwner(), ada)).toBe(true);
    expect(await sees(recA, bea)).toBe(false);
    expect(await sees(recB, bea)).toBe(true);
    expect(await sees(recAB, bea)).toBe(true);
  });

  it("[P8.1] leaves B's client out of search at A (name, e-mail, phone, birth date), and finds A's", async () => {
    for (const q of [BEA.lastName, BEA.email, BEA.phone, 'Bea Buit', '1988-04-12']) {
      expect(await search(recA, q), q).not.toContain(bea);
      expect(await search(recB, q), q).toContain(bea);
      expect(await search(recAB, q), q).toContain(bea);
      expect(await search(await clinic.freshOwner(), q), q).toContain(bea);
    }
    expect(await search(recA, 'Aanstad')).toEqual([ada]);
    expect(await search(recA, '1988-04-12')).toContain(ada);
    expect(await search(recB, 'Aanstad')).toEqual([]);
    // The duplicate check at registration is a search too.
    const duplicates = await recA.call('POST', '/api/clients/possible-duplicates', {
      ...BEA,
      birthDate: '1988-04-12',
    });
    expect(duplicates.statusCode, duplicates.body).toBe(200);
    expect(duplicates.json()).toEqual([]);
    const atB = await recB.call('POST', '/api/clients/possible-duplicates', {
      ...BEA,
      birthDate: '1988-04-12',
    });
    expect((atB.json() as { id: string }[]).map((c) => c.id)).toEqual([bea]);
  });

  it("[P8.1] shows reception at A B's appointment as a taken time, without the client", async () => {
    const url = '/api/agenda?from=2026-11-25T00:00:00.000Z&to=2026-11-26T00:00:00.000Z';
    const atA = await recA.call('GET', url);
    expect(atA.statusCode, atA.body).toBe(200);
    type Entry = {
      practitionerId: string;
      client: { id: string } | null;
      bookedAs: unknown;
      treatmentName: unknown;
    };
    const entries = atA.json() as Entry[];
    const theirs = entries.find((e) => e.practitionerId === pracB.id);
    expect(theirs).toMatchObject({ client: null, bookedAs: null, treatmentName: null, warnings: null });
    expect(atA.body).not.toContain(bea);
    expect(atA.body).not.toContain(BEA.lastName);
    expect(entries.find((e) => e.practitionerId === pracA.id)?.client?.id).toBe(ada);
    const atB = (await recB.call('GET', url)).json() as Entry[];
    expect(atB.find((e) => e.practitionerId === pracB.id)?.client?.id).toBe(bea);
    expect(atB.find((e) => e.practitionerId === pracA.id)?.client).toBeNull();
  });

  it("[P8.1] leaves B's client out of every list and report reception at A can open", async () => {
    const document = (await clinic.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<
          string,
          { parameters?: { in: string; name: string; required?: boolean; schema?: { format?: string } }[] }
        >
      >;
    };
    const query: Record<string, (format?: string) => string> = {
      q: () => BEA.lastName,
      from: (f) => (f === 'date' ? '2026-11-01' : '2026-11-01T00:00:00.000Z'),
      to: (f) => (f === 'date' ? '2026-11-30' : '2026-11-30T00:00:00.000Z'),
      year: () => '2026',
      days: () => '366',
      treatmentTypeId: () => facial,
    };
    const urls: string[] = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      const get = methods.get;
      if (!get || path.includes('{') || path.startsWith('/api/public')) continue;
      const params = (get.parameters ?? [])
        .filter((p) => p.in === 'query' && (p.required || query[p.name]))
        .map((p) => `${p.name}=${encodeURIComponent((query[p.name] ?? (() => ''))(p.schema?.format))}`);
      urls.push(params.length ? `${path}?${params.join('&')}` : path);
    }
    const needles = [bea, BEA.lastName, BEA.email];
    const mentions = async (member: StaffMember) => {
      const found: string[] = [];
      for (const url of urls) {
        const response = await member.call('GET', url);
        if (needles.some((needle) => response.body.includes(needle))) found.push(url);
      }
      return found;
    };
    // The scan can see: the owner and reception at B find B's client in search, the agenda, the
    // invoices, the consents to ask for; reception at B on its start page too.
    const seen = (hits: string[]) => hits.map((url) => url.split('?')[0]).sort();
    expect(seen(await mentions(await clinic.freshOwner()))).toEqual(
      expect.arrayContaining([
        '/api/agenda',
        '/api/audit',
        '/api/clients',
        '/api/consents/missing',
        '/api/invoices',
      ]),
    );
    expect(seen(await mentions(recB))).toEqual(
      expect.arrayContaining([
        '/api/agenda',
        '/api/clients',
        '/api/consents/missing',
        '/api/dashboard',
        '/api/invoices',
      ]),
    );
    expect(await mentions(recA)).toEqual([]);
  });

  it("[P8.1] lets reception at A hand over a webshop order without learning that the buyer is B's client", async () => {
    const order = randomUUID();
    await clinic.database.asOwner(
      `insert into shop_order (id, number, status, token_hash, client_id, client_link, name, email, fulfilment,
         payment, language, shipping_cents, total_cents, statement_version, consent_evidence, terms, expires_at, created_at)
       values ('${order}', 'W-2026-9001', 'paid', '${randomUUID()}', '${bea}', 'linked', 'Webshop Koper',
         'koper@example.nl', 'pick_up', 'at_pick_up', 'nl', 0, 2500, 1, '{"requestId": "r", "userAgent": null}',
         '{"version": 1, "hygieneSealExcluded": true, "withdrawalDays": 14}', now() + interval '1 day', now())`,
    );
    const atA = await recA.call('GET', `/api/shop/orders/${order}`);
    expect(atA.statusCode, atA.body).toBe(200);
    expect(atA.json()).toMatchObject({ name: 'Webshop Koper', clientId: null, clientLink: null });
    expect(atA.body).not.toContain(bea);
    for (const member of [recB, await clinic.freshOwner()]) {
      const response = await member.call('GET', `/api/shop/orders/${order}`);
      expect(response.json(), member.name).toMatchObject({ clientId: bea, clientLink: 'linked' });
    }
    const list = await recA.call('GET', '/api/shop/orders');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(bea);
  });

  it('[P8.1] makes a client of B visible at A once it has an appointment at A', async () => {
    const cleo = await clinic.aClient(recB, { firstName: 'Cleo', lastName: 'Overstap' });
    expect(await sees(recA, cleo)).toBe(false);
    expect(await search(recA, 'Overstap')).toEqual([]);
    await anAppointment(cleo, pracA, locA, '2026-11-27T10:00:00.000Z');
    expect(await locationsOf(cleo)).toEqual([locA, locB].sort());
    expect(await sees(recA, cleo)).toBe(true);
    expect(await search(recA, 'Overstap')).toEqual([cleo]);
    expect(await sees(recB, cleo)).toBe(true);
  });

  it('[P8.1] keeps the locations of both clients when two are merged', async () => {
    const owner = await clinic.freshOwner();
    const atA = await clinic.aClient(recA, {
      firstName: 'Dana',
      lastName: 'Dubbel',
      email: 'dana@example.nl',
    });
    const atB = await clinic.aClient(recB, { firstName: 'Dana', lastName: 'Dubbel', phone: '0622222222' });
    expect(await locationsOf(atA)).toEqual([locA]);
    expect(await locationsOf(atB)).toEqual([locB]);
    const merged = await owner.call('POST', `/api/clients/${atA}/merge`, { duplicateId: atB });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(await locationsOf(atA)).toEqual([locA, locB].sort());
    expect(await sees(recA, atA)).toBe(true);
    expect(await sees(recB, atA)).toBe(true);
    // Reception at A cannot merge its client with one it cannot see (answered like a missing one).
    const hidden = await clinic.aClient(recB, { firstName: 'Eva', lastName: 'Elders' });
    const refused = await recA.call('POST', `/api/clients/${atA}/merge`, { duplicateId: hidden });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toBe(
      (await recA.call('POST', `/api/clients/${atA}/merge`, { duplicateId: randomUUID() })).json().detail,
    );
  });

  // Last: it registers B's client a second time, at A (the scans above look for her name).
  it("[P8.1] does not hand the tablet to B's client at A, nor tell A that B's client's address is taken", async () => {
    const tablet = await recA.call('POST', '/api/auth/client-mode', { clientId: bea });
    const none = await recA.call('POST', '/api/auth/client-mode', { clientId: randomUUID() });
    expect(tablet.statusCode, tablet.body).toBe(none.statusCode);
    expect(tablet.json().detail).toBe(none.json().detail);
    expect([400, 403, 404]).toContain(tablet.statusCode);
    // The same person registered at A is a new dossier at A: nothing says B knows her.
    const again = await recA.call('POST', '/api/clients', { ...BEA, birthDate: '1988-04-12' });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.body).not.toContain(bea);
    expect(await locationsOf(again.json().id)).toEqual([locA]);
    expect(await sees(recB, again.json().id)).toBe(false);
  });
});

async function refusals(member: StaffMember, clientId: string): Promise<number> {
  const [row] = await clinic.database.asOwner(
    `select count(*)::int as n from audit_event where actor_id = '${member.id}' and client_id = '${clientId}' and outcome = 'refused'`,
  );
  return Number(row?.n);
}
