/**
 * The reference our API is measured against (issue 7): a bare Fastify app on the same machine and
 * the same database, running the same SQL as the real routes but with no access gate, no audit
 * entry, no decryption, no schema validation and no session — as the table owner, so row-level
 * security does not apply either. Our throughput as a fraction of this one's is the figure that
 * holds on a noisy machine.
 *
 * Keep the SQL in step with ClientDirectory.search and DossierService.open.
 */
import type { PGlite } from '@electric-sql/pglite';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Database } from '../src/db/connection';

export type RawQuery = (text: string, params: unknown[]) => Promise<unknown[]>;

/** Runs `work` with one connection as the table owner. */
export type OwnerAccess = {
  run<T>(work: (query: RawQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

const NAME = `vellum_fold(first_name || ' ' || last_name)`;
const SEARCH = `select * from client
  where vellum_fold($1) <% ${NAME} or ${NAME} like '%' || vellum_fold($1) || '%'
     or lower(coalesce(email, '')) like $2
  order by word_similarity(vellum_fold($1), ${NAME}) desc, last_name, first_name
  limit 50`;
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

export function referenceApp(owner: OwnerAccess): FastifyInstance {
  const app = Fastify({ logger: false });
  // Answers once a pool connection is free: the benchmark waits for it between runs.
  app.get('/health', async () => owner.run((query) => query('select 1', [])));
  app.get<{ Querystring: { q: string } }>('/search', async (request) => {
    const q = request.query.q;
    const email = `%${q.toLowerCase().replaceAll(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return owner.run((query) => query(SEARCH, [q, email]));
  });
  app.get<{ Params: { clientId: string } }>('/dossier/:clientId', async (request) =>
    owner.run(async (query) => {
      const parts: unknown[][] = [];
      for (const statement of DOSSIER) parts.push(await query(statement, [request.params.clientId]));
      const [client, treatments, analyses, homeProducts, emails] = parts;
      return { client: client?.[0], treatments, analyses, homeProducts, emails };
    }),
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
      close: () => pool.end(),
    };
  }
  const pglite = (database.db as unknown as { $client: PGlite }).$client;
  return {
    run: (work) =>
      pglite.transaction(async (tx) => {
        await tx.query('set local role none');
        return work(async (text, params) => (await tx.query(text, params)).rows);
      }),
    close: async () => {},
  };
}
