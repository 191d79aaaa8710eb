/**
 * The benchmark's server process: the real Vellum app (buildApp, as src/server.ts builds it, with
 * request logging on but written nowhere) and the reference app, both on the configured database
 * (VELLUM_DATA_DIR / DATABASE_URL). One process, because embedded PGlite can only be opened once.
 * Prints `{"app": url, "reference": url}` on its first line when both listen; stops on SIGTERM.
 */
import { buildApp, buildContext } from '../src/app';
import { loadConfig } from '../src/config';
import { openConfiguredDatabase } from '../src/db/open';
import { ownerAccess, referenceApp } from './reference-app';

const config = loadConfig();
const { database, lock } = await openConfiguredDatabase(config);
const context = buildContext({ config, database });
const app = await buildApp({
  config,
  database,
  context,
  logger: { level: config.logLevel, stream: { write: () => {} } },
});
const owner = ownerAccess(database, config.databaseUrl, config.databasePoolSize);
const reference = referenceApp(owner);
const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const referenceUrl = await reference.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ app: appUrl, reference: referenceUrl })}\n`);

process.once('SIGTERM', async () => {
  await app.close();
  await reference.close();
  await owner.close();
  await database.close();
  lock?.release();
  process.exit(0);
});
