import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type TestClinic } from '../../../test/support/clinic';
import { expectStatus } from '../../../test/support/status';
import { setActor } from '../access/gate';
import { portalActor } from '../privacy/privacy-portal.service';
import { appendAudit } from './chain';
import { sealAudit } from './seal';
import { verifyAuditChain, walkAuditChain } from './verify';

/**
 * Decision 0027: a result set (a search, a list, an agenda day) is ONE audit entry naming every
 * client shown, covered by its hash, and still found per client: the portal, the owner's log.
 */
let clinic: TestClinic;
const shown: string[] = [];
let other: string;
let entry: { stripe: number; n: number };

const portal = (route: string, body: Record<string, unknown>) =>
  clinic.app.inject({ method: 'POST', url: `/api/public/privacy-portal/${route}`, payload: body });

/** Plays an attacker with superuser rights: edits the lists with their guard switched off. */
async function tamper(statement: string): Promise<void> {
  await clinic.database.asOwner(`
    begin;
    alter table audit_event_shown disable trigger audit_event_shown_append_only;
    alter table audit_event_shown disable trigger audit_event_shown_own_entry;
    ${statement};
    alter table audit_event_shown enable trigger audit_event_shown_own_entry;
    alter table audit_event_shown enable trigger audit_event_shown_append_only;
    commit;`);
}

async function searchEntries(): Promise<Record<string, unknown>[]> {
  return clinic.database.asOwner(
    `select stripe, stripe_n, seq, form, client_id, object_id, basis, actor_role
     from audit_event where action = 'search' order by written_at, stripe, stripe_n`,
  );
}

async function portalToken(email: string): Promise<string> {
  await expectStatus(portal('link', { email, language: 'nl' }), 202);
  const [mail] = (await clinic.database.asOwner(
    `select body from outbox_email where kind = 'privacy_portal' and recipient = '${email}'
     order by created_at desc limit 1`,
  )) as { body: string }[];
  const token = /privacy-portal#token=([A-Za-z0-9_-]+)/.exec(mail?.body ?? '')?.[1];
  if (!token) throw new Error(`no portal link for ${email}`);
  return token;
}

beforeAll(async () => {
  clinic = await aClinic();
  for (const [first, email] of [
    ['Anna', 'anna.lijstmans@example.nl'],
    ['Bram', 'bram.lijstmans@example.nl'],
    ['Cato', 'cato.lijstmans@example.nl'],
  ] as const) {
    shown.push(await clinic.aClient(clinic.owner, { firstName: first, lastName: 'Lijstmans', email }));
  }
  other = await clinic.aClient(clinic.owner, { firstName: 'Dirk', lastName: 'Anders' });
  const before = (await searchEntries()).length;
  const found = await expectStatus(clinic.owner.call('GET', '/api/clients?q=Lijstmans'), 200);
  expect(
    found
      .json()
      .map((c: { id: string }) => c.id)
      .sort(),
  ).toEqual([...shown].sort());
  const after = await searchEntries();
  expect(after.length).toBe(before + 1);
  const last = after.at(-1);
  entry = { stripe: Number(last?.stripe), n: Number(last?.stripe_n) };
  await sealAudit(clinic.database.db);
});
afterAll(() => clinic.close());

describe('one audit entry per result set (decision 0027)', () => {
  it('[P10.1] writes one entry for a search of three clients, naming the three with their basis', async () => {
    const [row] = await clinic.database.asOwner(
      `select form, client_id, object_id, basis, actor_role, seq from audit_event
       where stripe = ${entry.stripe} and stripe_n = ${entry.n}`,
    );
    expect(row).toMatchObject({
      form: 3,
      client_id: null,
      object_id: null,
      basis: 'role',
      actor_role: 'owner',
    });
    expect(row?.seq).not.toBeNull();
    const members = await clinic.database.asOwner(
      `select client_id, basis from audit_event_shown
       where stripe = ${entry.stripe} and stripe_n = ${entry.n} order by client_id`,
    );
    expect(members).toEqual([...shown].sort().map((id) => ({ client_id: id, basis: 'role' })));
    expect((await verifyAuditChain(clinic.database.db)).ok).toBe(true);
  });

  it('[P1.1] shows the search in the portal of each client shown, without the others it named', async () => {
    for (const [i, id] of shown.entries()) {
      const email = ['anna', 'bram', 'cato'][i];
      const token = await portalToken(`${email}.lijstmans@example.nl`);
      const overview = await expectStatus(portal('overview', { token }), 200);
      const body = overview.json();
      expect(body.access).toContainEqual(expect.objectContaining({ role: 'owner', action: 'search' }));
      const groups = body.accessLog.days.flatMap((d: { groups: unknown[] }) => d.groups);
      expect(groups).toContainEqual(expect.objectContaining({ role: 'owner', action: 'search', count: 1 }));
      for (const someoneElse of shown.filter((s) => s !== id))
        expect(overview.body).not.toContain(someoneElse);
      // Row-level security: as this client, only their own row of the list is there to read.
      const rows = await clinic.context.gate.act(portalActor(id), 'test', async (scope) => {
        const result = await scope.tx.execute(sql`select client_id from audit_event_shown`);
        return (result as unknown as { rows: { client_id: string }[] }).rows.map((r) => r.client_id);
      });
      expect(rows).toEqual([id]);
    }
    // Dirk was not shown: the search is not in his log.
    const rows = await clinic.context.gate.act(portalActor(other), 'test', async (scope) => {
      const result = await scope.tx.execute(sql`select action from audit_event where action = 'search'`);
      return (result as unknown as { rows: unknown[] }).rows;
    });
    expect(rows).toEqual([]);
  });

  it("[P10.1] finds the search in the owner's log filtered by one of the clients, with its basis", async () => {
    const owner = await clinic.freshOwner();
    const log = await expectStatus(owner.call('GET', `/api/audit?clientId=${shown[1]}&action=search`), 200);
    expect(log.json()).toEqual([
      expect.objectContaining({
        action: 'search',
        clientId: shown[1],
        basis: 'role',
        actorRole: 'owner',
        clientIds: [...shown].sort(),
      }),
    ]);
    // Unfiltered, the entry names no one client but lists the three.
    const all = await expectStatus(owner.call('GET', '/api/audit?action=search'), 200);
    expect(all.json()).toEqual([
      expect.objectContaining({ action: 'search', clientId: null, clientIds: [...shown].sort() }),
    ]);
    const none = await expectStatus(owner.call('GET', `/api/audit?clientId=${other}&action=search`), 200);
    expect(none.json()).toEqual([]);
  });

  it('[P10.1] lets nobody add a client to a list after its transaction, nor change or remove one', async () => {
    const added = await clinic.context.gate
      .act({ kind: 'system', name: 'test' }, 'test', (scope) =>
        scope.tx.execute(
          sql`insert into audit_event_shown (stripe, stripe_n, client_id, basis)
              values (${entry.stripe}, ${entry.n}, ${other}, 'role')`,
        ),
      )
      .then(
        () => 'inserted',
        (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
      );
    expect(added).toMatch(/belongs to an unsealed entry of the same transaction/);
    await expect(
      clinic.database.asOwner(`delete from audit_event_shown where client_id = '${shown[0]}'`),
    ).rejects.toThrow(/append-only/);
  });

  it('[P10.1] detects a list changed after sealing: one id replaced, one removed, one added', async () => {
    const where = `stripe = ${entry.stripe} and stripe_n = ${entry.n}`;
    await tamper(
      `update audit_event_shown set client_id = '${other}' where ${where} and client_id = '${shown[2]}'`,
    );
    for (const result of [
      await verifyAuditChain(clinic.database.db),
      await walkAuditChain(clinic.database.db),
    ]) {
      expect(result).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/was changed after it was written/),
      });
    }
    await tamper(
      `update audit_event_shown set client_id = '${shown[2]}' where ${where} and client_id = '${other}'`,
    );
    expect((await verifyAuditChain(clinic.database.db)).ok).toBe(true);

    await tamper(`delete from audit_event_shown where ${where} and client_id = '${shown[0]}'`);
    expect((await verifyAuditChain(clinic.database.db)).ok).toBe(false);
    await tamper(
      `insert into audit_event_shown (stripe, stripe_n, client_id, basis) values (${entry.stripe}, ${entry.n}, '${shown[0]}', 'role')`,
    );
    expect((await verifyAuditChain(clinic.database.db)).ok).toBe(true);

    await tamper(
      `update audit_event_shown set basis = 'break_glass' where ${where} and client_id = '${shown[1]}'`,
    );
    expect((await verifyAuditChain(clinic.database.db)).ok).toBe(false);
    await tamper(`update audit_event_shown set basis = 'role' where ${where} and client_id = '${shown[1]}'`);
    expect((await verifyAuditChain(clinic.database.db)).ok).toBe(true);
  });

  it('[P10.1] detects a client added to an entry that had no list', async () => {
    const [single] = await clinic.database.asOwner(
      `select stripe, stripe_n, seq from audit_event where form = 2 and seq is not null order by seq limit 1`,
    );
    await tamper(
      `insert into audit_event_shown (stripe, stripe_n, client_id, basis) values (${single?.stripe}, ${single?.stripe_n}, '${other}', 'role')`,
    );
    for (const result of [
      await verifyAuditChain(clinic.database.db),
      await walkAuditChain(clinic.database.db),
    ]) {
      expect(result).toMatchObject({ ok: false, brokenAt: Number(single?.seq) });
    }
    await tamper(
      `delete from audit_event_shown where stripe = ${single?.stripe} and stripe_n = ${single?.stripe_n}`,
    );
    expect((await verifyAuditChain(clinic.database.db)).ok).toBe(true);
  });
  it('[P10.1] flags the clients of a list shown on an unusual basis in the unusual-access report', async () => {
    const owner = await clinic.freshOwner();
    const from = new Date(clinic.clock.now().getTime() - 1000);
    const [a, b] = shown as [string, string];
    // A practitioner's list: one client through an owner's assignment, one in an appointment's window.
    await clinic.database.db.transaction(async (tx) => {
      await setActor(tx, { kind: 'system', name: 'test' }, clinic.clock.now());
      await appendAudit(tx, [
        {
          at: clinic.clock.now(),
          actorId: owner.id,
          actorRole: 'practitioner',
          action: 'read',
          objectType: 'client',
          objectId: null,
          clientId: null,
          basis: null,
          reason: null,
          outcome: 'allowed',
          origin: 'test:unusual-list',
          clients: [
            { clientId: a, basis: 'assignment' },
            { clientId: b, basis: 'relationship' },
          ],
        },
      ]);
    });
    const to = new Date(clinic.clock.now().getTime() + 60_000);
    const report = await expectStatus(
      owner.call('GET', `/api/audit/unusual?from=${from.toISOString()}&to=${to.toISOString()}`),
      200,
    );
    const flagged = (report.json() as { kind: string; clientId: string | null }[]).filter(
      (r) => r.kind === 'assignment',
    );
    expect(flagged.map((r) => r.clientId)).toEqual([a]);
    expect((await verifyAuditChain(clinic.database.db)).ok).toBe(true);
  });
});
