/**
 * The reference our API is measured against (issue 7): a bare Fastify app on the same machine and
 * the same database, running the same SQL as the real routes but with no access gate, no audit
 * entry, no decryption, no schema validation and no session — as the table owner, so row-level
 * security does not apply either. Our throughput as a fraction of this one's is the figure that
 * holds on a noisy machine.
 *
 * Keep the SQL in step with ClientDirectory.search, DossierService.open, Agenda.slots and
 * Agenda.bookOnline. Free times: the same reads, then the same pure computation (freeSlots), so the
 * difference is what the app adds around them (validation, the gate's transaction and actor, the
 * response schema). Booking: one transaction of raw INSERTs — the overlap check, the client, the
 * appointment, the consent — without the per-practitioner lock, the client's key, the statement's
 * wording, the audit entry or the confirmation e-mail. Webshop checkout (Checkout.place): the
 * products' prices read and the order with its lines inserted in one transaction — no gate, audit
 * entry, consent check, stock lock or reservation check, and no Mollie payment.
 */
import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Database } from '../src/db/connection';
import { datesBetween, zonedInstant } from '../src/modules/agenda/clinic-time';
import { freeSlots, type WeeklyHours } from '../src/modules/agenda/slots';

export type RawQuery = (text: string, params: unknown[]) => Promise<unknown[]>;

/** Runs `work` with one connection as the table owner (`transaction`: inside one). */
export type OwnerAccess = {
  run<T>(work: (query: RawQuery) => Promise<T>): Promise<T>;
  transaction<T>(work: (query: RawQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/**
 * ClientDirectory.search since b50744a: the candidate function (bounded index lookups per branch,
 * ranked), then the rows — with the actor role `system`, which sees every client, so no
 * care-relationship check is paid.
 */
const SEARCH = `select c.* from vellum_client_search($1, 50) s join client c on c.id = s.client_id
  order by s.rank`;
const DOSSIER = [
  'select * from client where id = $1',
  `select t.*, tt.name as treatment_type_name from treatment t
     left join treatment_type tt on tt.id = t.treatment_type_id
     where t.client_id = $1 order by t.performed_at desc`,
  'select * from skin_analysis where client_id = $1 order by analysed_at desc',
  `select hp.*, p.name as product_name from home_product hp join product p on p.id = hp.product_id
     where hp.client_id = $1 order by hp.bought_at desc`,
  'select * from dossier_email where client_id = $1 order by received_at desc',
];

const LIVE = `status in ('booked', 'checked_in', 'completed')`;
type Row = Record<string, unknown>;
type Hours = { weekday: number; start_minutes: number; end_minutes: number };
const weekly = (rows: Row[]): WeeklyHours =>
  (rows as Hours[]).map((r) => ({
    weekday: r.weekday,
    startMinutes: r.start_minutes,
    endMinutes: r.end_minutes,
  }));
const interval = (row: Row) => ({
  start: new Date(row.starts_at as string).getTime(),
  end: new Date((row.blocked_until ?? row.ends_at) as string).getTime(),
});

/** Agenda.slots' reads as the owner, then the same freeSlots. */
async function referenceSlots(query: RawQuery, typeId: string, from: string, to: string) {
  const [rules] = (await query('select * from clinic limit 1', [])) as Row[];
  const [type] = (await query('select * from treatment_type where id = $1', [typeId])) as Row[];
  if (!rules || !type?.active) return [];
  const performers = (await query(
    `select tp.staff_id from treatment_type_practitioner tp join staff s on s.id = tp.staff_id
      where tp.treatment_type_id = $1 and s.disabled_at is null`,
    [typeId],
  )) as { staff_id: string }[];
  const ids = performers.map((p) => p.staff_id);
  if (ids.length === 0 || datesBetween(from, to).length > 92) return [];
  const zone = rules.time_zone as string;
  const windowStart = zonedInstant(from, 0, zone);
  const windowEnd = new Date(zonedInstant(to, 0, zone).getTime() + 26 * 3600 * 1000);
  const opening = await query('select * from opening_hours', []);
  const hours = (await query('select * from working_hours where staff_id = any($1::uuid[])', [ids])) as Row[];
  const exceptions = (await query(
    `select * from schedule_exception where starts_at < $1 and ends_at > $2
        and (staff_id is null or staff_id = any($3::uuid[]))`,
    [windowEnd, windowStart, ids],
  )) as Row[];
  const busy = (await query(
    `select practitioner_id, starts_at, blocked_until from appointment
      where practitioner_id = any($1::uuid[]) and ${LIVE} and starts_at < $2 and blocked_until > $3`,
    [ids, windowEnd, windowStart],
  )) as Row[];
  const of = (rows: Row[], id: string, kind?: string) =>
    rows.filter((r) => r.staff_id === id && (!kind || r.kind === kind));
  return freeSlots({
    timeZone: zone,
    from,
    to,
    now: new Date(),
    leadMinutes: rules.booking_lead_minutes as number,
    horizonDays: rules.booking_horizon_days as number,
    stepMinutes: rules.slot_step_minutes as number,
    durationMinutes: type.duration_minutes as number,
    bufferMinutes: type.buffer_after_minutes as number,
    opening: weekly(opening as Row[]),
    closures: exceptions.filter((e) => e.staff_id === null).map(interval),
    practitioners: ids.map((id) => ({
      id,
      hours: weekly(of(hours, id)),
      extras: of(exceptions, id, 'extra').map(interval),
      absences: of(exceptions, id, 'absence').map(interval),
      busy: busy.filter((b) => b.practitioner_id === id).map(interval),
    })),
  }).map((s) => ({ startsAt: s.start.toISOString(), practitionerId: s.practitionerId }));
}

type ReferenceBooking = {
  treatmentTypeId: string;
  practitionerId: string;
  startsAt: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  language: string;
  statementVersion: number;
};

/** The booking's rows in one transaction; 409 when the practitioner's time is taken. */
async function referenceBooking(query: RawQuery, b: ReferenceBooking): Promise<{ id: string } | null> {
  const [type] = (await query('select * from treatment_type where id = $1', [b.treatmentTypeId])) as Row[];
  if (!type) throw new Error('no such treatment');
  const start = new Date(b.startsAt);
  const end = new Date(start.getTime() + (type.duration_minutes as number) * 60_000);
  const blocked = new Date(end.getTime() + (type.buffer_after_minutes as number) * 60_000);
  const clash = await query(
    `select id from appointment where practitioner_id = $1 and ${LIVE} and starts_at < $2 and blocked_until > $3 limit 1`,
    [b.practitionerId, blocked, start],
  );
  if (clash.length > 0) return null;
  const [known] = (await query('select id from client where lower(email) = $1 order by created_at limit 1', [
    b.email.toLowerCase(),
  ])) as { id: string }[];
  const clientId = known?.id ?? randomUUID();
  if (!known) {
    await query(
      `insert into client (id, first_name, last_name, email, phone, preferred_language, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, now(), now())`,
      [clientId, b.firstName, b.lastName, b.email, b.phone, b.language],
    );
  }
  const id = randomUUID();
  await query(
    `insert into appointment (id, client_id, practitioner_id, treatment_type_id, starts_at, ends_at,
       blocked_until, status, source, created_at) values ($1, $2, $3, $4, $5, $6, $7, 'booked', 'online', now())`,
    [id, clientId, b.practitionerId, b.treatmentTypeId, start, end, blocked],
  );
  await query(
    `insert into consent_record (id, client_id, scope, subject, decision, statement_version_id, language,
       text_hash, channel, evidence, recorded_at)
     select $1, $2, 'personal_data', '', 'granted', v.id, $3, 'reference', 'online_booking', '{}'::jsonb, now()
       from privacy_statement_version v where v.version = $4`,
    [randomUUID(), clientId, b.language, b.statementVersion],
  );
  return { id };
}

type ReferenceOrder = {
  lines: { productId: string; quantity: number }[];
  name: string;
  email: string;
  phone: string;
  fulfilment: string;
  payment: string;
  language: string;
  consent: { statementVersion: number };
};

/** The order and its lines in one transaction, priced from the catalogue. */
async function referenceOrder(query: RawQuery, o: ReferenceOrder): Promise<{ number: string }> {
  const products = (await query(
    'select id, name, price_cents, vat_rate_percent, hygiene from product where id = any($1::uuid[])',
    [o.lines.map((l) => l.productId)],
  )) as Row[];
  const lines = o.lines.map((line, index) => {
    const p = products.find((row) => row.id === line.productId);
    if (!p) throw new Error('no such product');
    const unit = p.price_cents as number;
    return { ...line, index, p, unit, total: unit * line.quantity };
  });
  const total = lines.reduce((sum, l) => sum + l.total, 0);
  const [next] = (await query(`select nextval('shop_order_number') as n`, [])) as { n: string }[];
  const number = `R${new Date().getUTCFullYear()}-${String(next?.n).padStart(5, '0')}`;
  const id = randomUUID();
  await query(
    `insert into shop_order (id, number, status, token_hash, name, email, phone, fulfilment, payment,
       language, shipping_cents, total_cents, statement_version, consent_evidence, terms, expires_at, created_at)
     values ($1, $2, 'awaiting_payment', $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, '{}'::jsonb, '{}'::jsonb,
       now() + interval '20 minutes', now())`,
    [
      id,
      number,
      randomUUID(),
      o.name,
      o.email,
      o.phone,
      o.fulfilment,
      o.payment,
      o.language,
      total,
      o.consent.statementVersion,
    ],
  );
  for (const l of lines) {
    await query(
      `insert into shop_order_line (id, order_id, position, product_id, name, quantity, unit_price_cents,
         vat_rate_percent, total_cents, hygiene) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        randomUUID(),
        id,
        l.index + 1,
        l.productId,
        l.p.name,
        l.quantity,
        l.unit,
        l.p.vat_rate_percent,
        l.total,
        l.p.hygiene,
      ],
    );
  }
  return { number };
}

export function referenceApp(owner: OwnerAccess): FastifyInstance {
  const app = Fastify({ logger: false });
  // Answers once a pool connection is free: the benchmark waits for it between runs.
  app.get('/health', async () => owner.run((query) => query('select 1', [])));
  app.get<{ Querystring: { q: string } }>('/search', async (request) =>
    owner.transaction(async (query) => {
      await query(`select set_config('vellum.actor_role', 'system', true)`, []);
      return query(SEARCH, [request.query.q]);
    }),
  );
  app.get<{ Params: { clientId: string } }>('/dossier/:clientId', async (request) =>
    owner.run(async (query) => {
      const parts: unknown[][] = [];
      for (const statement of DOSSIER) parts.push(await query(statement, [request.params.clientId]));
      const [client, treatments, analyses, homeProducts, emails] = parts;
      return { client: client?.[0], treatments, analyses, homeProducts, emails };
    }),
  );
  app.get<{ Querystring: { treatmentTypeId: string; from: string; to: string } }>('/slots', async (request) =>
    owner.run((query) =>
      referenceSlots(query, request.query.treatmentTypeId, request.query.from, request.query.to),
    ),
  );
  app.post<{ Body: ReferenceBooking }>('/book', async (request, reply) => {
    const booked = await owner.transaction((query) => referenceBooking(query, request.body));
    return booked ? reply.code(201).send(booked) : reply.code(409).send({ taken: true });
  });
  app.post<{ Body: ReferenceOrder }>('/order', async (request, reply) =>
    reply.code(201).send(await owner.transaction((query) => referenceOrder(query, request.body))),
  );
  return app;
}

/**
 * The owner's access. On a server: a pool of its own, logged in as the URL's role (which owns the
 * tables). On PGlite there is one connection, in the app role for good; the session user owns the
 * tables, so a transaction with `SET LOCAL ROLE NONE` acts as the owner without disturbing the app.
 */
export function ownerAccess(
  database: Database,
  databaseUrl: string | undefined,
  poolSize: number,
): OwnerAccess {
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
    return {
      run: async (work) => {
        const client = await pool.connect();
        try {
          return await work(async (text, params) => (await client.query(text, params)).rows);
        } finally {
          client.release();
        }
      },
      transaction: async (work) => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const result = await work(async (text, params) => (await client.query(text, params)).rows);
          await client.query('commit');
          return result;
        } catch (error) {
          await client.query('rollback');
          throw error;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const pglite = (database.db as unknown as { $client: PGlite }).$client;
  const run: OwnerAccess['run'] = (work) =>
    pglite.transaction(async (tx) => {
      await tx.query('set local role none');
      return work(async (text, params) => (await tx.query(text, params)).rows);
    });
  return {
    run,
    transaction: run,
    close: async () => {},
  };
}
