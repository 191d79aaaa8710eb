import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';

/**
 * Decision 0014: every table that holds a client id, a reference to one, or text a client wrote has
 * FORCEd row-level security and a policy for the app role. This reads the catalogue after all
 * migrations, so a table added later cannot forget.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

/** Tables without a client id column that still hold what a client wrote or who they are. */
const CLIENT_TEXT_TABLES = ['client', 'contact_request', 'incident'];
/**
 * The one exception, and why: a staff session's `client_mode_client_id` restricts what the session
 * may reach (the tablet handed to one client); it holds nothing of the client, and sessions are read
 * before anyone is known to act. Adding a table here needs the same kind of reason.
 */
const NOT_CLIENT_DATA = ['staff_session'];

describe('row-level security in the catalogue', () => {
  it('[P8.1] is forced, with a policy for the app role, on every table linked to a client', async () => {
    const linked = await database.asOwner(`
      select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             exists (select 1 from pg_policy p
                     where p.polrelid = c.oid
                       and (select oid from pg_roles where rolname = 'vellum_app') = any (p.polroles)) as policy
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and (c.relname = any (array[${CLIENT_TEXT_TABLES.map((t) => `'${t}'`).join(', ')}])
             or exists (select 1 from pg_attribute a
                        where a.attrelid = c.oid and not a.attisdropped and a.attnum > 0
                          and (a.attname like '%client_id' or a.attname = 'client_ref')))
      order by 1`);
    // The check itself must see the tables it is about (a catalogue query that finds nothing passes).
    const names = linked.map((t) => t.name);
    for (const table of [
      'client',
      'appointment',
      'outbox_email',
      'care_relationship',
      'audit_event',
      'photo',
    ]) {
      expect(names).toContain(table);
    }
    const unprotected = linked
      .filter((t) => !(t.enabled && t.forced && t.policy) && !NOT_CLIENT_DATA.includes(String(t.name)))
      .map((t) => t.name);
    expect(unprotected).toEqual([]);
  });
});
