import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { expect, inject } from 'vitest';
import { type Config, loadConfig } from '../../src/config';
import { APP_ROLE, openPglite } from '../../src/db/connection';
import { settleErasures } from '../../src/modules/erasure/restored-copies';
import { testConfig } from './app';
import { aClinic, type TestClinic } from './clinic';
import { createTestDatabase, type TestDatabase } from './database';
import { aJpeg, uploadPhotos } from './photos';

/**
 * A clinic as installed: a data folder on disk (PGlite in it, or a database on the test server),
 * the keys folder and the backups beside it — the defaults — for tests of what happens to files.
 * Call `cleanUp` in afterAll.
 */
export const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;
export const onServer = Boolean(process.env.TEST_DATABASE_URL);
const cleanups: (() => Promise<void> | void)[] = [];

export function afterTest(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

export async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

export function aFolder(name: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), `vellum-${name}-`));
  afterTest(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** The settings of a real installation: data folder, keys beside it (the defaults), backups beside it. */
export function installationIn(root: string, databaseUrl?: string): Config {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    VELLUM_DATA_DIR: path.join(root, 'data'),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  return { ...config, webDir: testConfig().webDir };
}

/** PGlite in the data folder on disk (the embedded mode), or a fresh database on the test server. */
export async function databaseFor(config: Config): Promise<TestDatabase> {
  if (onServer) return createTestDatabase();
  mkdirSync(config.dataDir, { recursive: true });
  const template = inject('pgliteTemplate');
  const database = await openPglite(
    path.join(config.dataDir, 'pgdata'),
    template ? { migrate: false, loadDataDir: new Blob([readFileSync(template)]) } : {},
  );
  return {
    ...database,
    url: undefined,
    asOwner: async (statement) => {
      await database.db.execute(sql.raw('RESET ROLE'));
      try {
        return rowsOf(await database.db.execute(sql.raw(statement)));
      } finally {
        await database.db.execute(sql.raw(`SET ROLE ${APP_ROLE}`));
      }
    },
    destroy: () => database.close(),
  };
}

export async function aClinicIn(root: string): Promise<{ clinic: TestClinic; config: Config }> {
  let config = installationIn(root);
  const database = await databaseFor(config);
  if (database.url) config = { ...config, databaseUrl: database.url };
  const clinic = await aClinic('2026-11-25T09:00:00Z', { database, config });
  afterTest(() => clinic.close().catch(() => {}));
  await settleErasures(clinic.context); // what every start does before serving
  return { clinic, config };
}

/** A client with a treatment note and a photo (two files: display and thumbnail). */
export async function aClientWithPhoto(clinic: TestClinic, lastName: string): Promise<string> {
  const anouk = await clinic.hire('practitioner', `Anouk ${lastName}`);
  const id = await clinic.aClient(anouk, {
    firstName: 'Wilhelmina',
    lastName,
    birthDate: '1979-07-19',
    email: `${lastName.toLowerCase()}@example.nl`,
    phone: '06 98765432',
  });
  await anouk.call('POST', `/api/clients/${id}/treatments`, { kind: 'consult', done: `Consult ${lastName}` });
  const set = (await anouk.call('POST', `/api/clients/${id}/photo-sets`, { bodyArea: 'kin' })).json().id;
  const upload = await uploadPhotos(clinic, anouk, id, set, [
    { field: 'before', name: 'voor.jpg', bytes: await aJpeg() },
  ]);
  expect(upload.statusCode, upload.body).toBe(201);
  return id;
}

export async function erase(clinic: TestClinic, clientId: string): Promise<void> {
  const owner = await clinic.freshOwner();
  const request = await owner.call('POST', `/api/clients/${clientId}/erasure-requests`);
  expect(request.statusCode, request.body).toBe(201);
  const executed = await owner.call('POST', `/api/erasure-requests/${request.json().id}/execute`);
  expect(executed.statusCode, executed.body).toBe(200);
}

export async function photoIdsOf(database: TestDatabase, clientId: string): Promise<string[]> {
  return (await database.asOwner(`select id::text as id from photo where client_id = '${clientId}'`)).map(
    (r) => String(r.id),
  );
}
