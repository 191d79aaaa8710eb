import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

async function one<T>(query: ReturnType<typeof sql>): Promise<T> {
  const result = await database.db.execute(query);
  return (result as unknown as { rows: T[] }).rows[0] as T;
}

describe('the database connection', () => {
  it('names the kind of database it is', () => {
    expect(database.kind).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('runs application queries as vellum_app, which owns nothing and cannot bypass row-level security', async () => {
    const role = await one<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean }>(
      sql`select current_user, r.rolsuper, r.rolbypassrls from pg_roles r where r.rolname = current_user`,
    );
    expect(role).toEqual({ current_user: 'vellum_app', rolsuper: false, rolbypassrls: false });
    const owned = await one<{ count: number }>(
      sql`select count(*)::int as count from pg_tables where schemaname = 'public' and tableowner = current_user`,
    );
    expect(owned.count).toBe(0);
  });

  it('lets the app role read and write the tables but not change the schema', async () => {
    await database.db.execute(
      sql`insert into clinic (id, name, created_at) values (gen_random_uuid(), 'Huidkliniek Noord', now())`,
    );
    const clinic = await one<{ name: string; time_zone: string }>(sql`select name, time_zone from clinic`);
    expect(clinic).toEqual({ name: 'Huidkliniek Noord', time_zone: 'Europe/Amsterdam' });
    await expect(database.db.execute(sql`create table intruder (id int)`)).rejects.toThrow();
    await expect(database.db.execute(sql`drop table clinic`)).rejects.toThrow();
  });

  it('records the applied migrations', async () => {
    const applied = await one<{ count: number }>(
      sql`select count(*)::int as count from pg_tables where schemaname = 'public' and tablename = 'clinic'`,
    );
    expect(applied.count).toBe(1);
  });
});
