import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/support/app';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { type AppContext, buildApp, buildContext } from '../app';
import type { Config } from '../config';
import type { Actor } from '../modules/access/actor';
import { verifyAuditChain } from '../modules/audit/verify';
import { timeStep, totpCode } from '../platform/totp';
import { planClients } from './plan';
import { DAY, seededRandom } from './random';
import { type SeedResult, seedDatabase } from './seed';

describe('vellum seed', () => {
  let database: TestDatabase;
  let config: Config;
  let context: AppContext;
  let seeded: SeedResult;
  let practitioner: Actor & { kind: 'staff' };
  const ownerId = () => seeded.staff.find((s) => s.role === 'owner')?.id ?? '';

  beforeAll(async () => {
    database = await createTestDatabase();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-seed-'));
    config = testConfig({
      dataDir,
      masterKeyFile: path.join(dataDir, 'master.key'),
      auditAnchorFile: path.join(dataDir, 'audit-anchors.jsonl'),
      databaseUrl: database.url,
    });
    seeded = await seedDatabase(database, config, { clients: 50, seed: 7, photos: true });
    context = buildContext({ config, database });
    practitioner = { kind: 'staff', id: seeded.showcase.practitionerId, role: 'practitioner' };
  }, 120_000);

  afterAll(async () => {
    await database?.destroy();
    if (config) rmSync(config.dataDir, { recursive: true, force: true });
  });

  it('writes dossiers the app opens and decrypts: the showcase client has 50 treatments', async () => {
    const dossier = await context.dossier.open(practitioner, seeded.showcase.clientId, 'test');
    expect(dossier.treatments).toHaveLength(50);
    const [latest] = dossier.treatments;
    expect(latest?.report.done).toMatch(/\w/);
    expect(latest?.report.products[0]?.batch).toMatch(/^[A-Z]{3}\d{3}-\d{4}$/);
    expect(latest?.report.devices[0]?.settings.length).toBeGreaterThan(0);
    expect(seeded.counts.client).toBe(50);
  });

  it('stores the showcase client’s 100 photos sealed with the client’s key', async () => {
    const sets = await context.photos.listSets(practitioner, seeded.showcase.clientId, 'test');
    const photos = sets.flatMap((set) => set.photos);
    expect(photos).toHaveLength(100);
    const thumb = await context.photos.image(
      practitioner,
      seeded.showcase.clientId,
      photos[0]?.id ?? '',
      'thumb',
      'test',
    );
    expect(thumb.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it('signs intakes whose content hash the app verifies', async () => {
    const [summary] = await context.intake.forms.list(practitioner, seeded.showcase.clientId, 'test');
    const intake = await context.intake.forms.get(
      practitioner,
      seeded.showcase.clientId,
      summary?.id ?? '',
      'test',
    );
    expect(intake.status).toBe('signed');
    expect(intake.hashVerified).toBe(true);
  });

  it('gives a practitioner without a care relationship no access', async () => {
    const colleague = seeded.staff.find((s) => s.role === 'practitioner' && s.id !== practitioner.id);
    const stranger: Actor = { kind: 'staff', id: colleague?.id ?? '', role: 'practitioner' };
    await expect(context.dossier.open(stranger, seeded.showcase.clientId, 'test')).rejects.toThrow();
  });

  it('finds a seeded client by a fragment of the name', async () => {
    const reception = seeded.staff.find((s) => s.role === 'reception');
    const actor: Actor = { kind: 'staff', id: reception?.id ?? '', role: 'reception' };
    const showcase = await context.clients.get(actor, seeded.showcase.clientId, 'test');
    const found = await context.clients.search(actor, showcase.lastName.slice(0, 5), 'test');
    expect(found.map((c) => c.id)).toContain(seeded.showcase.clientId);
  });

  it('leaves an audit trail that verifies, entry for entry', async () => {
    const result = await verifyAuditChain(database.db);
    expect(result.ok).toBe(true);
    expect(result.entries).toBeGreaterThanOrEqual(seeded.counts.auditEntries);
  });

  it('hands out credentials that sign in with password and second factor', async () => {
    const member = seeded.staff.find((s) => s.id === practitioner.id);
    const app = await buildApp({ config, database, context, logger: false });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: member?.email, password: member?.password },
      });
      expect(login.json().state).toBe('second_factor');
      const second = await app.inject({
        method: 'POST',
        url: '/api/auth/second-factor',
        headers: {
          cookie: String(login.headers['set-cookie']).split(';')[0],
          'x-csrf-token': login.json().csrfToken,
        },
        payload: { code: totpCode(member?.totpSecret ?? '', timeStep(new Date())) },
      });
      expect(second.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('sets the hours through the agenda, so free times come out of the service', async () => {
    const owner: Actor = { kind: 'staff', id: ownerId(), role: 'owner' };
    const schedule = await context.schedule.schedule(owner, 'test');
    expect(schedule.openingHours).toHaveLength(7);
    expect(schedule.workingHours).toHaveLength(10);
    const { everyonesTreatmentId, from, to } = seeded.agenda;
    const slots = await context.booking.slots(everyonesTreatmentId, null, from, to);
    expect(new Set(slots.map((s) => s.practitionerId)).size).toBe(10);
  });

  it('books appointments: past visits completed, about one ahead per ten clients', async () => {
    expect(seeded.agenda.appointmentsAhead).toBe(5);
    expect(seeded.agenda.pastAppointments).toBeGreaterThan(0);
    expect(seeded.counts.appointment).toBe(seeded.agenda.appointmentsAhead + seeded.agenda.pastAppointments);
    const reception = seeded.staff.find((s) => s.role === 'reception');
    const actor: Actor = { kind: 'staff', id: reception?.id ?? '', role: 'reception' };
    const ahead = await context.appointments.list(
      actor,
      {
        from: new Date(`${seeded.agenda.from}T00:00:00Z`),
        to: new Date(Date.parse(seeded.agenda.from) + 41 * DAY),
      },
      'test',
    );
    expect(ahead.length).toBeGreaterThan(0);
    expect(ahead.every((a) => a.status === 'booked')).toBe(true);
    const past = await context.appointments.list(
      actor,
      { from: new Date(Date.parse(seeded.window.until) - 41 * DAY), to: new Date(seeded.window.until) },
      'test',
    );
    expect(past.every((a) => a.status === 'completed')).toBe(true);
  });

  it('records the consents: personal data at registration, health data with every signed intake', async () => {
    expect(seeded.counts.consentRecord).toBe(seeded.counts.client + seeded.counts.intake);
    const consents = await context.consents.ofClient(practitioner, seeded.showcase.clientId, 'test');
    const current = consents.current.map((c) => [c.scope, c.decision, c.statementVersion]);
    expect(current).toEqual(
      expect.arrayContaining([
        ['personal_data', 'granted', seeded.agenda.statementVersion],
        ['health_data', 'granted', seeded.agenda.statementVersion],
      ]),
    );
  });

  it('plans the same clients and visits from the same seed', () => {
    const window = { start: Date.UTC(2024, 0, 1), end: Date.UTC(2026, 0, 1) };
    const types = [
      [0, 1],
      [1, 2],
      [0, 2],
    ];
    const plan = (seed: number) => planClients(seededRandom(seed), 20, window, types);
    expect(plan(3)).toEqual(plan(3));
    expect(plan(3)[5]?.person).not.toEqual(plan(4)[5]?.person);
  });
});
