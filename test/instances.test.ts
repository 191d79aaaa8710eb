import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, buildContext } from '../src/app';
import { openPostgres } from '../src/db/connection';
import { migrationsFolder } from '../src/db/migrate';
import { runAuditAnchor } from '../src/modules/audit/anchor-job';
import { runNightlyBackup } from '../src/modules/backup/backup-job';
import { Mailer } from '../src/modules/outbox/mailer';
import { runScheduledRetention } from '../src/modules/retention/retention-job';
import { runShopJob } from '../src/modules/shop/shop-job';
import { SetupCode } from '../src/modules/staff/setup-code';
import { timeStep, totpCode } from '../src/platform/totp';
import { aClinic, type StaffMember, type TestClinic } from './support/clinic';
import { createEmptyServerDatabase, serverTestDatabase } from './support/database';
import { type Instances, startInstances } from './support/instances';
import { aTreatmentType } from './support/intake';

/**
 * Issue 17: three app instances on one PostgreSQL database behind one address work as one. Real
 * server processes (test/support/instances.ts); the jobs and the mailer of a second instance are a
 * second pool and context in this process, so their run functions can be fired for one slot.
 * PostgreSQL only: the embedded database has one process by design (its data folder is locked).
 */
const onServer = Boolean(process.env.TEST_DATABASE_URL);

let cluster: Instances;
let clinic: TestClinic;
let second: AppContext;
let closeSecond: () => Promise<void>;
let anouk: StaffMember;
let facial: string;

const quiet = { info: () => {}, error: () => {}, warn: () => {} } as unknown as FastifyBaseLogger;

beforeAll(async () => {
  if (!onServer) return;
  const empty = await createEmptyServerDatabase();
  if (!empty) throw new Error('TEST_DATABASE_URL is set but no database was made');
  // All three start at once on the empty database: they race to migrate it.
  cluster = await startInstances({ count: 3, databaseUrl: empty.url });
  const database = await serverTestDatabase(empty.url, empty.drop, { migrate: false });
  // The clinic is set up in this process (the same database and keys folder), ten minutes ago so the
  // owner's second-factor codes used here are older than those the instances will see.
  clinic = await aClinic(new Date(Date.now() - 10 * 60_000).toISOString(), {
    database,
    config: cluster.config,
  });
  anouk = await clinic.hire('practitioner', 'Anouk Keten');
  facial = await aTreatmentType(clinic, { name: 'Gezichtsbehandeling', intakeTemplateKey: null });
  await database.asOwner(`update treatment_type set duration_minutes = 60 where id = '${facial}'`);
  await database.asOwner(`insert into treatment_type_practitioner values ('${facial}', '${anouk.id}')`);
  const secondDatabase = await openPostgres(empty.url, { migrate: false, poolSize: 2 });
  second = buildContext({
    config: cluster.config,
    database: secondDatabase,
    clock: clinic.clock,
    setupCode: new SetupCode(),
  });
  closeSecond = () => secondDatabase.close();
}, 240_000);

afterAll(async () => {
  if (!onServer) return;
  await cluster?.stop();
  await closeSecond?.();
  await clinic?.close();
}, 60_000);

const cookieOf = (response: Response) => (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';

/** Signs the owner in through one instance (password, then the second factor at the real time). */
async function signInThrough(url: string): Promise<{ cookie: string; csrfToken: string }> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: clinic.owner.email, password: clinic.owner.password }),
  });
  expect(login.status).toBe(200);
  const pending = cookieOf(login);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const second = await fetch(`${url}/api/auth/second-factor`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: pending, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ code: totpCode(clinic.owner.totpSecret, timeStep(new Date())) }),
  });
  expect(second.status, await second.clone().text()).toBe(200);
  return { cookie: cookieOf(second), csrfToken: ((await second.json()) as { csrfToken: string }).csrfToken };
}

describe.skipIf(!onServer)('several app instances on one PostgreSQL database', () => {
  it('started at once on an empty database, migrate it once and are all ready, each under its own name', async () => {
    const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'));
    const applied = await clinic.database.asOwner(
      'select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash',
    );
    expect(applied).toHaveLength(journal.entries.length);
    expect(applied.every((row) => row.n === 1)).toBe(true);
    const names = [];
    for (const instance of cluster.instances) {
      const ready = await fetch(`${instance.url}/api/health/ready`);
      expect(ready.status).toBe(200);
      const health = (await (await fetch(`${instance.url}/api/health`)).json()) as { instance: string };
      names.push(health.instance);
    }
    expect(names).toEqual(['instance-a', 'instance-b', 'instance-c']);
  });

  it('accept a session made on one on the others, with its CSRF token', async () => {
    const [a, b, c] = cluster.instances.map((instance) => instance.url);
    const session = await signInThrough(a ?? '');
    const onB = await fetch(`${b}/api/auth/session`, { headers: { cookie: session.cookie } });
    expect(onB.status).toBe(200);
    // A change through the third, with the token the first issued; without it, refused.
    const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinutes: 0, endMinutes: 24 * 60 }));
    const change = (headers: Record<string, string>) =>
      fetch(`${c}/api/schedule/opening-hours`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie: session.cookie, ...headers },
        body: JSON.stringify({ hours }),
      });
    expect((await change({})).status).toBe(403);
    expect((await change({ 'x-csrf-token': session.csrfToken })).status).toBe(204);
    const working = await fetch(`${cluster.proxyUrl}/api/staff/${anouk.id}/working-hours`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
      },
      body: JSON.stringify({ hours }),
    });
    expect(working.status).toBe(204);
    // Signed out on one, the session is gone on all.
    const out = await fetch(`${a}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    });
    expect(out.status).toBeLessThan(300);
    expect((await fetch(`${c}/api/auth/session`, { headers: { cookie: session.cookie } })).status).toBe(401);
  });

  it('count failed sign-ins together: failures through two instances add up to one back-off', async () => {
    const [a, b] = cluster.instances.map((instance) => instance.url);
    const attempt = (url: string | undefined) =>
      fetch(`${url}/api/auth/login`, {
        method: 'POST',
        // As the load balancer reports the caller (each instance trusts one proxy).
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.77' },
        body: JSON.stringify({ email: 'nobody@huidkliniek-noord.nl', password: 'wrong-password-guess' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await attempt(i % 2 === 0 ? a : b)).status);
    // Five free failures (decision 0016): the sixth attempt is refused, though each instance saw three.
    expect(statuses.slice(0, 5).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });

  it('let exactly one of many simultaneous bookings of one time win through the proxy', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const week = new Date(Date.now() + 7 * 24 * 3600_000).toISOString().slice(0, 10);
    const slots = (await (
      await fetch(
        `${cluster.proxyUrl}/api/public/booking/slots?treatmentTypeId=${facial}&from=${today}&to=${week}`,
      )
    ).json()) as { startsAt: string; practitionerId: string }[];
    expect(slots.length).toBeGreaterThan(0);
    const { version: statementVersion } = (await (
      await fetch(`${cluster.proxyUrl}/api/public/privacy-statement`)
    ).json()) as { version: number };
    const startsAt = slots[0]?.startsAt;
    const results = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        fetch(`${cluster.proxyUrl}/api/public/bookings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            treatmentTypeId: facial,
            practitionerId: anouk.id,
            startsAt,
            firstName: 'Vera',
            lastName: `Gelijk ${i}`,
            email: `gelijk${i}@example.nl`,
            phone: '06 11122233',
            language: 'nl',
            statementVersion,
            consent: true,
          }),
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409]);
    const rows = await clinic.database.asOwner(
      `select count(*)::int as n from appointment where starts_at = '${startsAt}' and status = 'booked'`,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('run each scheduled job once per slot: together, and when the second fires after the first has finished', async () => {
    const first = clinic.context;
    const slot = new Date('2026-12-07T03:15:00Z');
    // A reminder due: an appointment tomorrow, booked three days ago.
    const client = await clinic.aClient(clinic.owner, { email: 'herinnering@example.nl' });
    const now = clinic.clock.now().getTime();
    const at = (ms: number) => new Date(now + ms).toISOString();
    await clinic.database.asOwner(`insert into appointment
      (id, client_id, practitioner_id, treatment_type_id, starts_at, ends_at, blocked_until, status, source, created_at)
      values (gen_random_uuid(), '${client}', '${anouk.id}', '${facial}', '${at(20 * 3600_000)}',
              '${at(21 * 3600_000)}', '${at(21 * 3600_000)}', 'booked', 'staff', '${at(-3 * 24 * 3600_000)}')`);
    const together = await Promise.all([
      first.reminders.queueDue({ slot }),
      second.reminders.queueDue({ slot }),
    ]);
    expect(together.filter((n) => n !== undefined)).toEqual([1]);
    expect(await second.reminders.queueDue({ slot })).toBeUndefined();
    const reminders = await clinic.database.asOwner(
      `select (select count(*)::int from outbox_email where kind = 'booking_reminder') as mails,
              (select count(*)::int from audit_event where object_type = 'reminder') as entries`,
    );
    expect(reminders[0]).toEqual({ mails: 1, entries: 1 });

    const anchors = () =>
      existsSync(cluster.config.auditAnchorFile)
        ? readFileSync(cluster.config.auditAnchorFile, 'utf8').split('\n').filter(Boolean).length
        : 0;
    const anchoredBefore = anchors();
    expect(await runAuditAnchor(first.database, first.config, quiet, slot)).toBe(true);
    expect(await runAuditAnchor(second.database, second.config, quiet, slot)).toBe(false);
    expect(anchors()).toBe(anchoredBefore + 1);

    const retention = await Promise.all([
      runScheduledRetention(first.database, first.retention, first.clock, quiet, slot),
      runScheduledRetention(second.database, second.retention, second.clock, quiet, slot),
    ]);
    expect(retention.filter(Boolean)).toHaveLength(1);
    expect(
      await runScheduledRetention(second.database, second.retention, second.clock, quiet, slot),
    ).toBeUndefined();

    expect(await runNightlyBackup(first, quiet, slot)).toBe(true);
    expect(await runNightlyBackup(second, quiet, slot)).toBe(false);
    expect(readdirSync(cluster.config.backupDir).filter((f) => f.startsWith('vellum-'))).toHaveLength(1);

    expect(await runShopJob(first, slot)).toBeDefined();
    expect(await runShopJob(second, slot)).toBeUndefined();

    const records = await clinic.database.asOwner(
      `select job, count(*)::int as n from job_run where slot = '${slot.toISOString()}' group by job order by job`,
    );
    expect(records).toEqual(
      ['audit-anchor', 'backup', 'reminders', 'retention', 'shop'].map((job) => ({ job, n: 1 })),
    );
    // The next slot is run again (by whichever instance comes first).
    const next = new Date(slot.getTime() + 24 * 3600_000);
    expect(await runShopJob(second, next)).toBeDefined();
  }, 60_000);

  it('send an outbox mail once with two instances’ mailers running', async () => {
    const received: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          received.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as { port: number }).port;
    try {
      const mailerOf = (context: AppContext) =>
        new Mailer(
          context.database,
          { ...context.config, smtpUrl: `smtp://127.0.0.1:${port}` },
          context.clock,
        );
      const mailers = [mailerOf(clinic.context), mailerOf(second)];
      await clinic.database.asOwner(`update outbox_email set sent_at = now() where sent_at is null`);
      const recipients = Array.from({ length: 30 }, (_, i) => `ontvanger${i}@example.nl`);
      await clinic.database.asOwner(
        `insert into outbox_email (id, recipient, subject, body, kind, created_at) values ${recipients
          .map((r) => `(gen_random_uuid(), '${r}', 'Onderwerp', 'Tekst', 'test', now())`)
          .join(', ')}`,
      );
      // Both send at the same moment, twice over, as their timers would.
      const rounds = await Promise.all([...mailers, ...mailers].map((mailer) => mailer.sendDue()));
      for (const mailer of mailers) mailer.close();
      expect(rounds.reduce((sum, r) => sum + r.sent, 0)).toBe(30);
      expect(received.sort()).toEqual([...recipients].sort());
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});
