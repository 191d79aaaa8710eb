import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type TestClinic } from '../../../test/support/clinic';
import { expectStatus } from '../../../test/support/status';
import { writeAnchor } from './anchor';
import { appendAudit, entryHash, GENESIS_HASH } from './chain';
import type { AuditEntry } from './events';
import { sealAudit } from './seal';
import { readAnchors, verifyAuditChain, walkAuditChain } from './verify';

let clinic: TestClinic;

beforeAll(async () => {
  clinic = await aClinic();
  const practitioner = await clinic.hire('practitioner');
  for (let i = 0; i < 5; i++) {
    const id = await clinic.aClient(practitioner);
    await expectStatus(practitioner.call('GET', `/api/clients/${id}`), 200);
  }
  await sealAudit(clinic.database.db);
});
afterAll(() => clinic.close());

/** Plays an attacker with superuser rights: edits the trail with its guard switched off. */
async function tamper(statement: string): Promise<void> {
  await clinic.database.asOwner(`
    begin;
    alter table audit_event disable trigger audit_event_append_only;
    ${statement};
    alter table audit_event enable trigger audit_event_append_only;
    commit;`);
}

async function verify(options: { seal?: boolean } = {}) {
  return verifyAuditChain(clinic.database.db, readAnchors(clinic.context.config.auditAnchorFile), options);
}

function anEntry(origin: string): AuditEntry {
  return {
    at: new Date(),
    actorId: null,
    actorRole: 'system',
    action: 'read',
    objectType: 'client',
    objectId: null,
    clientId: null,
    basis: 'system',
    reason: null,
    outcome: 'allowed',
    origin,
  };
}

/** Appends one entry as an action does, unsealed; returns its stripe and number. */
async function appendUnsealed(origin: string): Promise<{ stripe: number; n: number }> {
  await clinic.database.db.transaction((tx) => appendAudit(tx, [anEntry(origin)]));
  const [row] = await clinic.database.asOwner(
    `select stripe, stripe_n from audit_event where origin = '${origin}'`,
  );
  return { stripe: Number(row?.stripe), n: Number(row?.stripe_n) };
}

/** Every entry, counted around row-level security (which lets only the owner and the system read the trail). */
async function count(): Promise<number> {
  const [row] = await clinic.database.asOwner('select count(*)::int as n from audit_event');
  return Number(row?.n);
}

describe('the audit trail', () => {
  it('[P10.1] is append-only for the application role', async () => {
    const db = clinic.database.db;
    await expect(db.execute(sql`update audit_event set action = 'read' where seq = 1`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_event where seq = 1`)).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_event`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_head`)).rejects.toThrow();
  });

  it('[P10.1] refuses edits even by the owner role while its guard is on', async () => {
    await expect(
      clinic.database.asOwner('update audit_event set action = $$read$$ where seq = 1'),
    ).rejects.toThrow(/append-only/);
  });

  it('[P10.1] verifies intact, and the chain links every entry to the one before', async () => {
    // Text that canonical JSON must escape exactly as JSON.stringify does: quotes, backslashes,
    // control characters, accents and emoji, and nulls.
    await clinic.database.db.transaction((tx) =>
      appendAudit(tx, [
        {
          at: new Date('2026-11-25T09:00:00.123Z'),
          actorId: null,
          actorRole: 'system',
          action: 'break_glass',
          objectType: 'client',
          objectId: 'x"y\\z',
          clientId: null,
          basis: 'break_glass',
          reason: 'Spoed: "allergie" —\tZoë\nregel 2 \u0001 ✓ 🩺',
          outcome: 'allowed',
          origin: 'test:canonical',
        },
      ]),
    );
    await sealAudit(clinic.database.db);
    const result = await verify();
    expect(result).toMatchObject({ ok: true, method: 'stream' });
    const walked = await walkAuditChain(
      clinic.database.db,
      readAnchors(clinic.context.config.auditAnchorFile),
    );
    expect(walked).toMatchObject({ ok: true, method: 'node', entries: result.entries });
    expect(result.ok && walked.ok && result.headHash === walked.headHash).toBe(true);
    expect(result.entries).toBe(await count());
    const [first] = await clinic.database.asOwner('select prev_hash from audit_event where seq = 1');
    expect(first?.prev_hash).toBe(GENESIS_HASH);
  });

  it('[P10.1] detects a changed entry and names it', async () => {
    const [row] = await clinic.database.asOwner('select origin from audit_event where seq = 5');
    await tamper("update audit_event set origin = 'web:somewhere-else' where seq = 5");
    expect(await verify()).toMatchObject({
      ok: false,
      brokenAt: 5,
      problem: expect.stringMatching(/changed/),
    });
    await tamper(`update audit_event set origin = '${String(row?.origin)}' where seq = 5`);
    expect((await verify()).ok).toBe(true);
  });

  it('[P10.1] detects a deleted entry', async () => {
    const [saved] = await clinic.database.asOwner('select * from audit_event where seq = 7');
    await tamper('delete from audit_event where seq = 7');
    expect(await verify()).toMatchObject({
      ok: false,
      brokenAt: 7,
      problem: expect.stringMatching(/missing/),
    });
    const s = saved as Record<string, unknown>;
    await tamper(
      `insert into audit_event select * from json_populate_record(null::audit_event, '${JSON.stringify(s).replaceAll("'", "''")}')`,
    );
  });

  it('[P10.1] detects an entry inserted in the middle, even with a correct hash of its own', async () => {
    expect((await verify()).ok).toBe(true);
    // Shift entries 8.. up by one and forge a plausible entry 8 that links to 7.
    const [seven] = await clinic.database.asOwner('select hash from audit_event where seq = 7');
    await tamper('update audit_event set seq = seq + 100000 where seq >= 8');
    await tamper('update audit_event set seq = seq - 100000 + 1 where seq >= 100008');
    const forged = {
      seq: 8,
      at: new Date('2026-11-25T09:00:00Z'),
      actorId: null,
      actorRole: 'owner',
      action: 'read' as const,
      objectType: 'client',
      objectId: null,
      clientId: null,
      basis: 'role' as const,
      reason: null,
      outcome: 'allowed' as const,
      origin: 'forged',
      prevHash: String(seven?.hash),
    };
    await tamper(
      `insert into audit_event (seq, at, actor_role, action, object_type, basis, outcome, origin, prev_hash, hash)
       values (8, '2026-11-25T09:00:00Z', 'owner', 'read', 'client', 'role', 'allowed', 'forged', '${forged.prevHash}', '${entryHash(forged)}')`,
    );
    expect(await verify()).toMatchObject({
      ok: false,
      brokenAt: 9,
      problem: expect.stringMatching(/does not link/),
    });
  });

  it('[P10.1] detects a trail rewritten from scratch through the anchor written outside the database', async () => {
    // Start again from a clean, anchored trail.
    await tamper('delete from audit_event');
    await tamper("update audit_head set seq = 0, hash = repeat('0', 64)");
    await tamper('update audit_stripe set n = 0');
    await clinic.freshOwner();
    await clinic.owner.call('GET', '/api/audit?limit=1');
    await sealAudit(clinic.database.db);
    const anchor = await writeAnchor(clinic.database.db, clinic.context.config.auditAnchorFile, clinic.clock);
    expect(anchor).toBeDefined();
    expect(readFileSync(clinic.context.config.auditAnchorFile, 'utf8')).toContain(String(anchor?.hash));
    expect((await verify()).ok).toBe(true);

    // The attacker rewrites the anchored entry and recomputes every hash after it: internally consistent.
    const rows = await clinic.database.asOwner('select * from audit_event order by seq');
    let prevHash = GENESIS_HASH;
    for (const row of rows) {
      const entry = {
        seq: Number(row.seq),
        at: new Date(row.at as string | Date),
        actorId: row.actor_id as string | null,
        actorRole: Number(row.seq) === anchor?.seq ? 'reception' : String(row.actor_role),
        action: row.action as 'read',
        objectType: String(row.object_type),
        objectId: row.object_id as string | null,
        clientId: row.client_id as string | null,
        basis: row.basis as 'role' | null,
        reason: row.reason as string | null,
        outcome: row.outcome as 'allowed',
        origin: String(row.origin),
        form: Number(row.form),
        stripe: row.stripe === null ? null : Number(row.stripe),
        stripeN: row.stripe_n === null ? null : Number(row.stripe_n),
        prevHash,
      };
      const hash = entryHash(entry);
      await tamper(
        `update audit_event set actor_role = '${entry.actorRole}', prev_hash = '${prevHash}', hash = '${hash}' where seq = ${entry.seq}`,
      );
      prevHash = hash;
    }
    expect(await verifyAuditChain(clinic.database.db, [])).toMatchObject({ ok: true });
    expect(await verify()).toMatchObject({
      ok: false,
      brokenAt: anchor?.seq,
      problem: expect.stringMatching(/anchor/),
    });
  });
});

/** Verifies without the anchor file (the test above leaves a rewritten, anchored trail behind). */
async function verifyUnanchored(options: { seal?: boolean } = {}) {
  return verifyAuditChain(clinic.database.db, [], options);
}

describe('the audit trail without a global lock (decision 0022)', () => {
  beforeAll(async () => {
    await tamper('delete from audit_event');
    await tamper("update audit_head set seq = 0, hash = repeat('0', 64)");
    await tamper('update audit_stripe set n = 0');
    for (let i = 0; i < 3; i++) await appendUnsealed(`test:start-${i}`);
  });

  it("[P10.1] leaves an action's entries unsealed until the sealer chains them, in order", async () => {
    const { stripe, n } = await appendUnsealed('test:unsealed');
    const [pending] = await clinic.database.asOwner(
      `select seq, hash from audit_event where stripe = ${stripe} and stripe_n = ${n}`,
    );
    expect(pending).toMatchObject({ seq: null, hash: null });
    expect(await sealAudit(clinic.database.db)).toBeGreaterThanOrEqual(1);
    const [head] = await clinic.database.asOwner('select seq, hash from audit_head');
    const [sealed] = await clinic.database.asOwner(
      `select seq, hash from audit_event where stripe = ${stripe} and stripe_n = ${n}`,
    );
    expect(Number(sealed?.seq)).toBe(Number(head?.seq));
    expect(sealed?.hash).toBe(head?.hash);
    expect(await verifyUnanchored()).toMatchObject({ ok: true });
  });

  it('[P10.1] lets the app seal an entry only once, and change nothing else', async () => {
    const { stripe, n } = await appendUnsealed('test:seal-once');
    await sealAudit(clinic.database.db);
    await expect(
      clinic.database.asOwner(
        `update audit_event set hash = repeat('1', 64) where stripe = ${stripe} and stripe_n = ${n}`,
      ),
    ).rejects.toThrow(/append-only/);
    const pendingOrigin = 'test:seal-only-chain-fields';
    await clinic.database.db.transaction((tx) => appendAudit(tx, [anEntry(pendingOrigin)]));
    await expect(
      clinic.database.asOwner(
        `update audit_event set seq = 999999, prev_hash = 'x', hash = 'y', origin = 'elsewhere' where origin = '${pendingOrigin}'`,
      ),
    ).rejects.toThrow(/append-only/);
    await sealAudit(clinic.database.db);
    expect((await verifyUnanchored()).ok).toBe(true);
  });

  it('[P10.1] detects an entry removed before it was sealed', async () => {
    const { stripe, n } = await appendUnsealed('test:removed-before-sealing');
    const [saved] = await clinic.database.asOwner(
      `select * from audit_event where stripe = ${stripe} and stripe_n = ${n}`,
    );
    await tamper(`delete from audit_event where stripe = ${stripe} and stripe_n = ${n}`);
    // A later action on the same stripe, so the hole is in the middle as well as at the end.
    await clinic.database.db.transaction((tx) => appendAudit(tx, [anEntry('test:after-removal')]));
    expect(await verifyUnanchored()).toMatchObject({
      ok: false,
      problem: expect.stringMatching(new RegExp(`entry ${n} of stripe ${stripe} is missing`)),
    });
    await tamper(
      `insert into audit_event select * from json_populate_record(null::audit_event, '${JSON.stringify(saved).replaceAll("'", "''")}')`,
    );
    expect((await verifyUnanchored()).ok).toBe(true);
  });

  it('[P10.1] detects sealed entries swapped in order', async () => {
    await appendUnsealed('test:swap-a');
    await appendUnsealed('test:swap-b');
    await sealAudit(clinic.database.db);
    const [a] = await clinic.database.asOwner(`select seq from audit_event where origin = 'test:swap-a'`);
    const [b] = await clinic.database.asOwner(`select seq from audit_event where origin = 'test:swap-b'`);
    const first = Number(a?.seq);
    const second = Number(b?.seq);
    await tamper(`update audit_event set seq = -1 where seq = ${first}`);
    await tamper(`update audit_event set seq = ${first} where seq = ${second}`);
    await tamper(`update audit_event set seq = ${second} where seq = -1`);
    expect(await verifyUnanchored()).toMatchObject({ ok: false, brokenAt: first });
    await tamper(`update audit_event set seq = -1 where seq = ${first}`);
    await tamper(`update audit_event set seq = ${first} where seq = ${second}`);
    await tamper(`update audit_event set seq = ${second} where seq = -1`);
    expect((await verifyUnanchored()).ok).toBe(true);
  });

  it('[P10.1] detects a forged seal: an entry chained by hand out of its place', async () => {
    const { stripe, n } = await appendUnsealed('test:forged-seal');
    const [head] = await clinic.database.asOwner('select seq, hash from audit_head');
    // The forger seals the entry one place beyond the head, with a hash of its own making.
    const seq = Number(head?.seq) + 2;
    await tamper(
      `update audit_event set seq = ${seq}, prev_hash = '${String(head?.hash)}', hash = repeat('a', 64)
       where stripe = ${stripe} and stripe_n = ${n}`,
    );
    expect(await verifyUnanchored()).toMatchObject({ ok: false, brokenAt: Number(head?.seq) + 1 });
  });

  it("[P10.1] flags an entry left unsealed longer than the sealer's bound", async () => {
    // Start again from a clean trail.
    await tamper('delete from audit_event');
    await tamper("update audit_head set seq = 0, hash = repeat('0', 64)");
    await tamper('update audit_stripe set n = 0');
    const { stripe, n } = await appendUnsealed('test:left-unsealed');
    expect(await verifyUnanchored({ seal: false })).toMatchObject({ ok: true });
    await tamper(
      `update audit_event set written_at = now() - interval '61 seconds' where stripe = ${stripe} and stripe_n = ${n}`,
    );
    expect(await verifyUnanchored({ seal: false })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/left unsealed/),
    });
    expect(await verifyUnanchored()).toMatchObject({ ok: true });
  });
});
