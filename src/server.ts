import closeWithGrace from 'close-with-grace';
import { buildApp, buildContext } from './app';
import type { Config } from './config';
import { openConfiguredDatabase } from './db/open';
import { scheduleAuditAnchors } from './modules/audit/anchor-job';
import { scheduleAuditSealer } from './modules/audit/seal';
import { scheduleBackups } from './modules/backup/backup-job';
import { type ErasureSettlement, settleErasures } from './modules/erasure/restored-copies';
import { scheduleMailer } from './modules/outbox/mailer-job';
import { scheduleRetention } from './modules/retention/retention-job';
import { runShopJob } from './modules/shop/shop-job';
import { SetupCode } from './modules/staff/setup-code';
import { setInstanceId } from './platform/instance';
import { scheduleWithSlot } from './platform/job-lock';
import { settleKeysFolder } from './platform/keys-folder';

/** config → database (migrated) → app → listen; closes everything on SIGINT/SIGTERM. */
export async function startServer(config: Config): Promise<void> {
  const startedAt = performance.now();
  for (const note of settleKeysFolder(config)) process.stdout.write(`vellum: ${note}\n`);
  const { database, lock } = await openConfiguredDatabase(config);
  const setupCode = new SetupCode();
  setInstanceId(config.instanceId);
  const context = buildContext({ config, database, setupCode });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let settled: ErasureSettlement;
  try {
    // Before anything is served: a restored older copy gets its erasures applied again (P9.4).
    settled = await settleErasures(context);
    app = await buildApp({ config, database, setupCode, context });
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

  const setupUrl = await setupInvitation(app, setupCode, config);
  if (setupUrl) {
    process.stdout.write(
      `\nThis Vellum has no clinic yet. Set it up in the browser with this one-time link:\n  ${setupUrl}\n` +
        'or on the command line: npm run vellum -- setup --help\n\n',
    );
  }
  const sealer = scheduleAuditSealer(database, app.log);
  const anchors = scheduleAuditAnchors(database, config, app.log);
  const retention = scheduleRetention(database, context.retention, context.clock, app.log);
  // Every instance sends: the outbox's rows are leased, so no mail goes out twice (outbox.service.ts).
  const mail = scheduleMailer(context.mailer, app.log);
  // Each schedule's slot once across instances (platform/job-lock.ts).
  const reminders = scheduleWithSlot(REMINDER_SCHEDULE, { protect: true }, async (slot) => {
    await context.reminders
      .queueDue({ slot })
      .catch((err) => app.log.error({ err }, 'queueing reminders failed'));
  });
  // The webshop: payments whose webhook never came, and unpaid orders past their window.
  const shop = scheduleWithSlot(SHOP_SCHEDULE, { protect: true }, async (slot) => {
    await runShopJob(context, slot).catch((err) => app.log.error({ err }, 'the shop job failed'));
  });
  if (settled.olderCopy || settled.reapplied > 0) {
    app.log.warn(
      { erased: settled.reapplied },
      'the database is an older copy than the erasure register: erased again the clients it brought back',
    );
  }
  const backups = scheduleBackups(context, app.log);
  // Files left by an upload that crashed before its transaction committed.
  context.photos.sweepOrphans(new Date()).then(
    (removed) => removed > 0 && app.log.info({ removed }, 'removed orphaned photo files'),
    (err) => app.log.error({ err }, 'photo sweep failed'),
  );

  closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
    anchors.stop();
    sealer.stop();
    retention.stop();
    backups.stop();
    mail.stop();
    reminders.stop();
    shop.stop();
    await context.stats.flush().catch(() => {});
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    lock?.release();
  });
}

const REMINDER_SCHEDULE = '*/10 * * * *';
const SHOP_SCHEDULE = '*/2 * * * *';

/** While no clinic exists, the browser setup needs a code only the server's console shows. */
async function setupInvitation(
  app: Awaited<ReturnType<typeof buildApp>>,
  setupCode: SetupCode,
  config: Config,
): Promise<string | undefined> {
  const response = await app.inject({ method: 'GET', url: '/api/setup' });
  if (!response.json<{ needed: boolean }>().needed) return undefined;
  // In the fragment, so the code never reaches a server log or a proxy.
  return `${config.publicUrl}/app/setup#code=${setupCode.issue()}`;
}
