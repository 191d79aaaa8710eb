import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type BuildOptions, buildApp } from '../../src/app';
import { type Config, loadConfig } from '../../src/config';
import { createTestDatabase, type TestDatabase } from './database';

/**
 * Settings for a test: everything a test may write — data, keys, backups, anchors — under a fresh
 * temporary folder (never the repository's ./data), unless the test names its own.
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(tmpdir(), 'vellum-test-'));
  return { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', VELLUM_DATA_DIR: dataDir }), ...overrides };
}

export type TestApp = { app: FastifyInstance; database: TestDatabase; close(): Promise<void> };

/** The real app on a fresh database, for `app.inject()`; close it in afterAll. */
export async function aTestApp(options: Partial<Omit<BuildOptions, 'database'>> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await buildApp({ logger: false, ...options, config: options.config ?? testConfig(), database });
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}
