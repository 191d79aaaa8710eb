/**
 * Issue 6's figures, in-process through the app's own services: free times for one treatment for one
 * week (issue 16's target, p95 ≤ 10 ms) and over 60 days (p95 ≤ 25 ms) with 10 practitioners and
 * 10,000 existing appointments in the 60 days, and online bookings per second
 * under concurrent load (the whole write path: slot check, per-practitioner lock, basic dossier,
 * consent, audit, outbox with the calendar invitation).
 *
 *   node --import tsx bench/agenda.ts [--db pglite|postgres] [--appointments 10000] [--bookings 200] [--runs 50]
 *
 * --bookings 0 measures only the free times.
 *
 * With --db postgres it creates and drops a database on PG_SERVER_URL. Speed is never a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildContext } from '../src/app';
import { loadConfig } from '../src/config';
import { type Database, openPglite, openPostgres } from '../src/db/connection';
import { zonedInstant } from '../src/modules/agenda/clinic-time';
import { newId } from '../src/platform/ids';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    appointments: { type: 'string', default: '10000' },
    bookings: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '10' },
    runs: { type: 'string', default: '50' },
  },
});
const serverUrl = process.env.PG_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PRACTITIONERS = 10;
const DAY = 86_400_000;

async function open(): Promise<{ database: Database; dataDir: string; cleanup: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-bench-agenda-'));
  if (values.db === 'postgres') {
    const name = `vellum_bench_agenda_${Date.now()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openPostgres(url.toString(), { poolSize: 10 });
    return {
      database,
      dataDir,
      cleanup: async () => {
        await database.close();
        await admin.query(`drop database ${name} with (force)`);
        await admin.end();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const database = await openPglite(path.join(dataDir, 'pgdata'));
  return {
    database,
    dataDir,
    cleanup: async () => {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main() {
  const { database, dataDir, cleanup } = await open();
  try {
    const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', VELLUM_DATA_DIR: dataDir }) };
    const context = buildContext({ config, database });
    const { ownerId } = await context.auth.setup(
      {
        clinic: { name: 'Bench Kliniek', privacyEmail: 'privacy@bench.example' },
        owner: {
          name: 'Eigenaar Bench',
          email: 'owner@bench.example',
          password: 'lange-bench-zin-voor-de-eigenaar',
        },
      },
      'bench:setup',
    );
    const owner = { kind: 'staff' as const, id: ownerId, role: 'owner' as const };
    const system = { kind: 'system' as const, name: 'bench' };
    const typeId = newId();
    const staffIds: string[] = [];
    await context.gate.act(system, 'bench', async (scope) => {
      for (let i = 0; i < PRACTITIONERS; i++) {
        const id = newId();
        staffIds.push(id);
        await scope.tx.execute(sql`insert into staff (id, name, email, role, password_hash, created_at)
          values (${id}, ${`Behandelaar ${i}`}, ${`p${i}@bench.example`}, 'practitioner', 'x', now())`);
      }
      await scope.tx.execute(sql`insert into treatment_type (id, name, duration_minutes, buffer_after_minutes, price_cents, vat_rate_percent, created_at)
        values (${typeId}, 'Gezichtsbehandeling', 45, 15, 8500, 21, now())`);
      for (const id of staffIds) {
        await scope.tx.execute(sql`insert into treatment_type_practitioner values (${typeId}, ${id})`);
      }
    });
    const hours = [1, 2, 3, 4, 5, 6].map((weekday) => ({
      weekday,
      startMinutes: 8 * 60,
      endMinutes: 20 * 60,
    }));
    await context.schedule.setOpeningHours(owner, hours, 'bench');
    for (const id of staffIds) await context.schedule.setWorkingHours(owner, id, hours, 'bench');
    await database.db.execute(sql`update clinic set booking_horizon_days = 90`);

    // 10,000 appointments spread over the next 60 days, every practitioner's day filled in part.
    const total = Number(values.appointments);
    const started = performance.now();
    const clientId = newId();
    await context.gate.act(system, 'bench', async (scope) => {
      await scope.tx.execute(sql`insert into client (id, first_name, last_name, created_at, updated_at)
        values (${clientId}, 'Vaste', 'Klant', now(), now())`);
    });
    const today = new Date().toISOString().slice(0, 10);
    const rows: string[] = [];
    let made = 0;
    // 17 half-hour appointments a practitioner a day, every 40 minutes from 08:00, over 60 days:
    // 10 × 60 × 17 = 10,200, of which the first `total` are made.
    for (let day = 1; made < total && day <= 60; day++) {
      const date = new Date(Date.parse(`${today}T00:00:00Z`) + day * DAY).toISOString().slice(0, 10);
      for (const staffId of staffIds) {
        for (let k = 0; k < 17 && made < total; k++) {
          const start = zonedInstant(date, 8 * 60 + k * 40, 'Europe/Amsterdam');
          const end = new Date(start.getTime() + 30 * 60_000);
          rows.push(
            `('${newId()}','${clientId}','${staffId}','${typeId}','${start.toISOString()}','${end.toISOString()}','${end.toISOString()}','booked','staff',now())`,
          );
          made++;
        }
      }
    }
    for (let i = 0; i < rows.length; i += 1000) {
      await context.gate.act(system, 'bench', (scope) =>
        scope.tx.execute(
          sql.raw(`insert into appointment (id, client_id, practitioner_id, treatment_type_id, starts_at, ends_at, blocked_until, status, source, created_at)
            values ${rows.slice(i, i + 1000).join(',')}`),
        ),
      );
    }
    const fillSeconds = (performance.now() - started) / 1000;

    // Free times for "anyone": one week (what the booking page asks) and 60 days, a few warm-up runs first.
    const day = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
    const measureSlots = async (from: string, to: string) => {
      const times: number[] = [];
      let slots = 0;
      for (let i = 0; i < 5 + Number(values.runs); i++) {
        const t = performance.now();
        slots = (await context.booking.slots(typeId, null, from, to)).length;
        if (i >= 5) times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const round = (n: number) => Math.round(n * 10) / 10;
      return {
        slots,
        runs: times.length,
        p50ms: round(percentile(times, 50)),
        p95ms: round(percentile(times, 95)),
      };
    };
    const freeSlotsWeek = await measureSlots(day(1), day(7));
    const freeSlots60Days = await measureSlots(day(1), day(60));

    // Bookings under concurrent load, each on its own free time: days 61–90 are still empty, and
    // starts a whole hour apart per practitioner never overlap one another.
    const statement = await context.privacyStatements.current(new Date());
    const later = await context.booking.slots(
      typeId,
      null,
      new Date(Date.now() + 61 * DAY).toISOString().slice(0, 10),
      new Date(Date.now() + 88 * DAY).toISOString().slice(0, 10),
    );
    const queue = later.filter((s) => s.start.getUTCMinutes() === 0).slice(0, Number(values.bookings));
    const concurrency = Number(values.concurrency);
    let next = 0;
    let ok = 0;
    let conflicts = 0;
    const bookStarted = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (;;) {
          const slot = queue[next++];
          if (!slot) return;
          try {
            await context.booking.bookOnline(
              {
                treatmentTypeId: typeId,
                practitionerId: slot.practitionerId,
                startsAt: slot.start,
                firstName: 'Bench',
                lastName: `Boeker ${next}`,
                email: `boeker${next}@bench.example`,
                phone: '0612345678',
                birthDate: null,
                language: 'nl',
                statementVersion: statement?.version ?? 1,
                consent: true,
                request: { requestId: `bench-${next}`, userAgent: null },
              },
              'bench',
            );
            ok++;
          } catch {
            conflicts++;
          }
        }
      }),
    );
    const bookSeconds = (performance.now() - bookStarted) / 1000;
    console.log(
      JSON.stringify({
        benchmark: 'agenda',
        database: values.db,
        practitioners: PRACTITIONERS,
        appointments: made,
        fillSeconds: Math.round(fillSeconds * 10) / 10,
        freeSlotsWeek,
        freeSlots60Days,
        bookings: {
          attempted: queue.length,
          booked: ok,
          refused: conflicts,
          concurrency,
          seconds: Math.round(bookSeconds * 100) / 100,
          perSecond: Math.round((ok / bookSeconds) * 10) / 10,
        },
      }),
    );
  } finally {
    await cleanup();
  }
}

await main();
