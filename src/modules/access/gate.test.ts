import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';

let clinic: TestClinic;
let anouk: StaffMember; // practitioner treating Anna
let bram: StaffMember; // practitioner who does not
let rosa: StaffMember; // reception
let anna: string;

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Behandelaar');
  bram = await clinic.hire('practitioner', 'Bram Behandelaar');
  rosa = await clinic.hire('reception', 'Rosa Receptie');
  anna = await clinic.aClient(anouk, { firstName: 'Anna', lastName: 'Jansen' });
});
afterAll(() => clinic.close());

async function auditOf(clientId: string) {
  const owner = await clinic.freshOwner();
  const response = await owner.call('GET', `/api/audit?clientId=${clientId}&limit=500`);
  return response.json() as {
    actorId: string;
    action: string;
    outcome: string;
    basis: string;
    reason: string | null;
  }[];
}

describe('the care relationship', () => {
  it('[P8.1] lets the treating practitioner see the client and logs the read', async () => {
    const response = await anouk.call('GET', `/api/clients/${anna}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().lastName).toBe('Jansen');
    const reads = (await auditOf(anna)).filter((e) => e.actorId === anouk.id && e.action === 'read');
    expect(reads.at(0)).toMatchObject({ outcome: 'allowed', basis: 'assignment' });
  });

  it('[P8.1] answers another practitioner exactly as for a client that does not exist, and logs the refusal', async () => {
    const refused = await bram.call('GET', `/api/clients/${anna}`);
    const missing = await bram.call('GET', `/api/clients/${randomUUID()}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toBe(missing.body);
    expect((await bram.call('PATCH', `/api/clients/${anna}`, { phone: '0612345678' })).statusCode).toBe(404);
    const refusals = (await auditOf(anna)).filter((e) => e.actorId === bram.id);
    expect(refusals.map((e) => `${e.action}:${e.outcome}`)).toEqual(
      expect.arrayContaining(['read:refused', 'update:refused']),
    );
  });

  it('[P8.1] shows reception and the owner the contact details of every client', async () => {
    expect((await rosa.call('GET', `/api/clients/${anna}`)).statusCode).toBe(200);
    const owner = await clinic.freshOwner();
    expect((await owner.call('GET', `/api/clients/${anna}`)).statusCode).toBe(200);
  });

  it('[P8.1] leaves clients a practitioner does not treat out of their search', async () => {
    const byAnouk = (await anouk.call('GET', '/api/clients?q=Jansen')).json() as { id: string }[];
    const byBram = (await bram.call('GET', '/api/clients?q=Jansen')).json() as { id: string }[];
    expect(byAnouk.map((c) => c.id)).toContain(anna);
    expect(byBram.map((c) => c.id)).not.toContain(anna);
  });

  it('[P8.1] gives access at once when the owner assigns a practitioner, and only the owner may', async () => {
    const bea = await clinic.aClient(anouk, { firstName: 'Bea', lastName: 'Toewijzing' });
    expect((await bram.call('GET', `/api/clients/${bea}`)).statusCode).toBe(404);
    expect(
      (await rosa.call('POST', `/api/clients/${bea}/care-assignments`, { staffId: bram.id })).statusCode,
    ).toBe(403);
    const owner = await clinic.freshOwner();
    expect(
      (await owner.call('POST', `/api/clients/${bea}/care-assignments`, { staffId: bram.id })).statusCode,
    ).toBe(204);
    expect((await bram.call('GET', `/api/clients/${bea}`)).statusCode).toBe(200);
  });
});

describe('break-glass', () => {
  it('[P8.1] opens a dossier with a written reason, logs it with the reason, and lists it for the owner', async () => {
    const cas = await clinic.aClient(anouk, { firstName: 'Cas', lastName: 'Noodgeval' });
    expect((await bram.call('GET', `/api/clients/${cas}`)).statusCode).toBe(404);
    const tooShort = await bram.call('POST', `/api/clients/${cas}/break-glass`, { reason: 'nood' });
    expect(tooShort.statusCode).toBe(400);
    const reason = 'Cliënt belt met allergische reactie, Anouk is ziek';
    const opened = await bram.call('POST', `/api/clients/${cas}/break-glass`, { reason });
    expect(opened.statusCode).toBe(201);
    expect((await bram.call('GET', `/api/clients/${cas}`)).statusCode).toBe(200);

    const entries = await auditOf(cas);
    expect(entries.find((e) => e.action === 'break_glass')).toMatchObject({ actorId: bram.id, reason });
    expect(
      entries.find((e) => e.action === 'read' && e.actorId === bram.id && e.outcome === 'allowed')?.basis,
    ).toBe('break_glass');
    const owner = await clinic.freshOwner();
    const toReview = (await owner.call('GET', '/api/audit/break-glass')).json() as {
      id: string;
      clientId: string;
    }[];
    const mine = toReview.find((b) => b.clientId === cas);
    expect(mine).toBeDefined();
    const from = new Date(clinic.clock.now().getTime() - 3600_000).toISOString();
    const to = new Date(clinic.clock.now().getTime() + 60_000).toISOString();
    const unusual = (await owner.call('GET', `/api/audit/unusual?from=${from}&to=${to}`)).json() as {
      kind: string;
      clientId: string;
    }[];
    expect(unusual).toContainEqual(expect.objectContaining({ kind: 'break_glass', clientId: cas }));
    expect((await owner.call('POST', `/api/audit/break-glass/${mine?.id}/review`)).statusCode).toBe(204);

    // Four hours later the emergency access has ended.
    clinic.clock.advance(4 * 3600_000 + 1000);
    Object.assign(bram, await clinic.signIn(bram));
    expect((await bram.call('GET', `/api/clients/${cas}`)).statusCode).toBe(404);
  });

  it('[P8.1] is refused for reception, and for a client that does not exist (logged)', async () => {
    Object.assign(rosa, await clinic.signIn(rosa));
    Object.assign(bram, await clinic.signIn(bram));
    expect(
      (await rosa.call('POST', `/api/clients/${anna}/break-glass`, { reason: 'ik wil het gewoon zien' }))
        .statusCode,
    ).toBe(404);
    const ghost = randomUUID();
    expect(
      (await bram.call('POST', `/api/clients/${ghost}/break-glass`, { reason: 'bestaat deze cliënt wel?' }))
        .statusCode,
    ).toBe(404);
    expect((await auditOf(ghost)).map((e) => `${e.action}:${e.outcome}`)).toContain('break_glass:refused');
  });
});

describe('the gate on its own', () => {
  it('[P8.1] decides without leaning on row-level security', async () => {
    const decide = (member: StaffMember, kind: 'contact' | 'medical') =>
      clinic.context.gate.act(
        { kind: 'staff', id: member.id, role: member.role as 'practitioner' },
        'test',
        (scope) => scope.filterClients('read', kind, [anna]),
      );
    expect([...(await decide(bram, 'contact')).keys()]).toEqual([]);
    expect([...(await decide(bram, 'medical')).keys()]).toEqual([]);
    expect([...(await decide(rosa, 'medical')).keys()]).toEqual([]);
    expect(Object.fromEntries(await decide(rosa, 'contact'))).toEqual({ [anna]: 'role' });
    expect(Object.fromEntries(await decide(anouk, 'medical'))).toEqual({ [anna]: 'assignment' });
  });
});

describe('row-level security, the second line', () => {
  it('[P8.1] returns no client rows to a raw query as the app role without an actor', async () => {
    const rows = await clinic.database.db.execute(sql`select id from client`);
    expect((rows as unknown as { rows: unknown[] }).rows).toEqual([]);
    const owned = await clinic.database.asOwner('select count(*)::int as n from client');
    expect(Number(owned[0]?.n)).toBeGreaterThan(0);
  });

  it("[P8.1] returns no row of another practitioner's client even when a route forgets to ask the gate", async () => {
    const seen = await clinic.database.db.transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('vellum.actor', ${bram.id}, true), set_config('vellum.actor_role', 'practitioner', true)`,
      );
      return (await tx.execute(sql`select id from client where id = ${anna}`)) as unknown as {
        rows: unknown[];
      };
    });
    expect(seen.rows).toEqual([]);
  });

  it('[P8.1] binds a role that is not owner, superuser or BYPASSRLS, with RLS forced', async () => {
    const [table] = await clinic.database.asOwner(
      "select relrowsecurity, relforcerowsecurity from pg_class where relname = 'client'",
    );
    expect(table).toEqual({ relrowsecurity: true, relforcerowsecurity: true });
    const [role] = await clinic.database.asOwner(
      "select rolsuper, rolbypassrls from pg_roles where rolname = 'vellum_app'",
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  });
});

describe('the unusual-access report', () => {
  it('[P8.1] flags one person opening many dossiers within ten minutes', async () => {
    Object.assign(rosa, await clinic.signIn(rosa));
    const owner = await clinic.freshOwner();
    const from = clinic.clock.now().toISOString();
    for (let i = 0; i < 20; i++) {
      const id = await clinic.aClient(owner, { firstName: 'Bulk', lastName: `Klant ${i}` });
      await rosa.call('GET', `/api/clients/${id}`);
    }
    const to = new Date(clinic.clock.now().getTime() + 60_000).toISOString();
    const report = (await owner.call('GET', `/api/audit/unusual?from=${from}&to=${to}`)).json() as {
      kind: string;
      actorId: string;
      count: number;
    }[];
    expect(report).toContainEqual(
      expect.objectContaining({ kind: 'many_dossiers', actorId: rosa.id, count: 20 }),
    );
  });
});

describe('the outbox', () => {
  it('holds the invitation e-mail for the owner to see while no SMTP server is set', async () => {
    const owner = await clinic.freshOwner();
    const invited = await owner.call('POST', '/api/staff/invitations', {
      name: 'Ilse Uitnodiging',
      email: 'ilse@huidkliniek-noord.nl',
      role: 'practitioner',
    });
    const outbox = (await owner.call('GET', '/api/outbox')).json() as { recipient: string; body: string }[];
    const mail = outbox.find((m) => m.recipient === 'ilse@huidkliniek-noord.nl');
    // The list masks one-time links (the owner got this one in the answer above).
    expect(mail?.body).toContain(`${invited.json().link.split('#token=')[0]}#token=…`);
    expect(mail?.body).not.toContain(invited.json().link);
    expect((await rosa.call('GET', '/api/outbox')).statusCode).toBe(403);
  });
});

describe('client search', () => {
  it('[P2.1] forgives typos and accents, finds phone numbers in any format, and warns of possible duplicates', async () => {
    const owner = await clinic.freshOwner();
    const zoe = await clinic.aClient(owner, {
      firstName: 'Zoë',
      lastName: 'Müller-Dijkstra',
      phone: '06-1234 5678',
      birthDate: '1990-02-14',
    });
    const find = async (q: string) =>
      ((await owner.call('GET', `/api/clients?q=${encodeURIComponent(q)}`)).json() as { id: string }[]).map(
        (c) => c.id,
      );
    expect(await find('zoe muller')).toContain(zoe);
    expect(await find('Mueller Dijkstra')).toContain(zoe);
    expect(await find('dijkstr')).toContain(zoe);
    expect(await find('Dijkstar')).toContain(zoe);
    expect(await find('+31 6 12345678'.replace('+31 6', '06'))).toContain(zoe);
    expect(await find('1990-02-14')).toContain(zoe);
    expect(await find('Pietersen')).not.toContain(zoe);
    const duplicates = await owner.call('POST', '/api/clients/possible-duplicates', {
      firstName: 'Zoe',
      lastName: 'Muller-Dijkstra',
      birthDate: '1990-02-14',
    });
    expect((duplicates.json() as { id: string }[]).map((c) => c.id)).toEqual([zoe]);
    // A practitioner who does not treat her learns nothing from either.
    expect((await bram.call('GET', '/api/clients?q=dijkstra')).json()).toEqual([]);
    expect(
      (
        await bram.call('POST', '/api/clients/possible-duplicates', {
          firstName: 'Zoe',
          lastName: 'Muller-Dijkstra',
        })
      ).json(),
    ).toEqual([]);
  });

  it('[P8.1] finds a practitioner’s own client among many of the same name, and ranks containing before similar', async () => {
    for (let i = 0; i < 55; i++) {
      await clinic.aClient(rosa, {
        firstName: `Sanne${String.fromCharCode(97 + (i % 26))}`,
        lastName: 'Verhoeven',
      });
    }
    await clinic.aClient(rosa, { firstName: 'Piet', lastName: 'Verhoef' });
    const own = await clinic.aClient(bram, { firstName: 'Lieke', lastName: 'Verhoeven' });
    const names = async (who: StaffMember, q: string) =>
      (await who.call('GET', `/api/clients?q=${encodeURIComponent(q)}`)).json() as {
        id: string;
        lastName: string;
      }[];
    // Reception sees everyone: a page of at most 50, every one containing the fragment.
    const all = await names(rosa, 'verhoeven');
    expect(all).toHaveLength(50);
    expect(all.every((c) => c.lastName === 'Verhoeven')).toBe(true);
    // The practitioner's candidates are their own clients, however many others match.
    expect((await names(bram, 'verhoeven')).map((c) => c.id)).toEqual([own]);
    expect((await names(bram, 'verhoevn')).map((c) => c.id)).toEqual([own]);
    // A typo still finds them; a name that only resembles the query comes after those that contain it.
    const lieke = await names(rosa, 'lieke verhoef');
    expect(lieke[0]?.id).toBe(own);
  });
});
