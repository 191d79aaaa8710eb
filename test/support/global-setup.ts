import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { pgliteExtensions } from '../../src/db/connection';
import { migrateDatabase } from '../../src/db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * Migrates one PGlite database per test run and saves its data folder; each test file starts from
 * a copy (about a second) instead of initialising and migrating a new one (several seconds).
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgliteTemplate', '');
    return;
  }
  const client = await PGlite.create('memory://', { extensions: pgliteExtensions });
  await migrateDatabase({ kind: 'pglite', client });
  const dump = await client.dumpDataDir('none');
  await client.close();
  const file = path.join(tmpdir(), `vellum-test-template-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => rmSync(file, { force: true });
}
