import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import type { Config } from './config';
import { openConfiguredDatabase } from './db/open';

/** config → database (migrated) → app → listen; closes everything on SIGINT/SIGTERM. */
export async function startServer(config: Config): Promise<void> {
  const startedAt = performance.now();
  const { database, lock } = await openConfiguredDatabase(config);
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp({ config, database });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await database.close();
    lock?.release();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const milliseconds = Math.round(performance.now() - startedAt);
  app.log.info({ database: database.kind, startupMs: milliseconds }, 'vellum started');
  process.stdout.write(
    `Vellum is running at http://${config.host}:${port} (database: ${database.kind}, ready in ${milliseconds} ms)\n`,
  );

  closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    lock?.release();
  });
}
