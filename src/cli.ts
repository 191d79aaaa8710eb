import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type AppContext, buildContext } from './app';
import { ConfigError, loadConfig, version } from './config';
import { openConfiguredDatabase } from './db/open';
import { writeAnchor } from './modules/audit/anchor';
import { sealAudit } from './modules/audit/seal';
import { readAnchors } from './modules/audit/verify';
import { settleErasures } from './modules/erasure/restored-copies';
import { settleKeysFolder } from './platform/keys-folder';
import { startServer } from './server';

const usage = `Vellum ${version} — practice software for skin and beauty clinics

Usage: vellum <command> [options]

Commands:
  start          start the server (the same as \`npm start\`)
  migrate        apply pending database migrations and exit
  setup          create the clinic and its owner (first run), print the owner's TOTP enrolment URI
                   --clinic-name NAME --owner-name NAME --owner-email EMAIL
                   --owner-password-file FILE [--privacy-email EMAIL] [--time-zone ZONE]
  audit verify   check the audit trail's hash chain and the anchors; exit 1 naming the first
                 broken entry
  audit anchor   write the chain's head to the anchor file now
  retention run  destroy the dossiers past their retention period now (the server does it nightly);
                 prints a JSON summary   [--dry-run] only count   [--as-of YYYY-MM-DD] as if on that day
  backup create  write an encrypted backup of the database and the photos  [--to DIR]
                   (default VELLUM_BACKUP_DIR); the server also makes one every night
  backup verify  decrypt a backup FILE, check every hash, print its manifest   [--json]
  backup restore restore a backup FILE into an empty data folder or database; erasures done since
                 the backup are applied again and the restore is recorded in the audit trail
  doctor         check the photo store against the database: rows without files, files without rows
  seed           fill the database with a generated clinic, for demos and benchmarks (never a live clinic)
                   --clients N (default 1000) --seed S (default 1) [--photos]
  help           show this text

Options:
  -h, --help     show this text
  -v, --version  print the version

Configuration comes from environment variables; see README.md (PORT, HOST, VELLUM_DATA_DIR,
DATABASE_URL, DATABASE_POOL_SIZE, LOG_LEVEL).
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  start: async () => {
    await startServer(loadConfig());
    return -1;
  },
  migrate: async () => {
    const config = loadConfig();
    const { database, lock } = await openConfiguredDatabase(config, { migrate: true });
    await database.close();
    lock?.release();
    process.stdout.write(`migrations applied (${database.kind})\n`);
    return 0;
  },
  help: printUsage,
  setup: runSetup,
  audit: runAudit,
  retention: runRetention,
  doctor: runDoctor,
  backup: async (args) => (await import('./modules/backup/backup-command')).runBackupCommand(args),
  // Loaded on demand: the generator brings faker's Dutch locale, which no other command needs.
  seed: async (args) => (await import('./seed/seed-command')).runSeedCommand(args),
};

async function withContext<T>(run: (context: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  for (const note of settleKeysFolder(config)) process.stderr.write(`vellum: ${note}\n`);
  const { database, lock } = await openConfiguredDatabase(config);
  try {
    const context = buildContext({ config, database });
    // No command reads data an erasure removed: a restored older copy is settled first (P9.4).
    const settled = await settleErasures(context);
    if (settled.reapplied > 0)
      process.stderr.write(`vellum: erased again ${settled.reapplied} clients an older copy brought back\n`);
    return await run(context);
  } finally {
    await database.close();
    lock?.release();
  }
}

async function runSetup(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'clinic-name': { type: 'string' },
      'owner-name': { type: 'string' },
      'owner-email': { type: 'string' },
      'owner-password-file': { type: 'string' },
      'privacy-email': { type: 'string' },
      'time-zone': { type: 'string' },
    },
  });
  const missing = ['clinic-name', 'owner-name', 'owner-email', 'owner-password-file'].filter(
    (name) => !values[name as keyof typeof values],
  );
  if (missing.length > 0) {
    process.stderr.write(`vellum setup: missing ${missing.map((m) => `--${m}`).join(', ')}\n`);
    return 2;
  }
  const email = String(values['owner-email']);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    process.stderr.write('vellum setup: --owner-email is not an e-mail address\n');
    return 2;
  }
  const password = readFileSync(String(values['owner-password-file']), 'utf8').replace(/\r?\n$/, '');
  return withContext(async (context) => {
    const result = await context.auth.setup(
      {
        clinic: {
          name: String(values['clinic-name']),
          privacyEmail: String(values['privacy-email'] ?? email),
          timeZone: String(values['time-zone'] ?? 'Europe/Amsterdam'),
        },
        owner: { name: String(values['owner-name']), email, password },
      },
      'cli:setup',
    );
    process.stdout.write(
      [
        `The clinic is set up; the owner is ${email}.`,
        `Master key: ${context.config.masterKeyFile} (mode 0600) — back it up separately from the database.`,
        'Add the second factor to an authenticator app with this URI (or scan the QR code at the first sign-in):',
        `  ${result.totpUri}`,
        '',
      ].join('\n'),
    );
    return 0;
  });
}

async function runRetention(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'run') {
    process.stderr.write('vellum: retention needs a subcommand: run [--dry-run] [--as-of YYYY-MM-DD]\n');
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: { 'dry-run': { type: 'boolean' }, 'as-of': { type: 'string' } },
  });
  const asOf = values['as-of'] ? new Date(`${values['as-of']}T00:00:00Z`) : new Date();
  if (Number.isNaN(asOf.getTime())) {
    process.stderr.write('vellum: --as-of is not a date (YYYY-MM-DD)\n');
    return 2;
  }
  return withContext(async (context) => {
    const summary = await context.retention.run({ asOf, dryRun: values['dry-run'] === true });
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  });
}

async function runAudit(args: string[]): Promise<number> {
  const [sub] = args;
  if (sub === 'verify') {
    return withContext(async (context) => {
      const anchors = readAnchors(context.config.auditAnchorFile);
      const result = await context.audit.verify({ kind: 'system', name: 'cli' }, anchors, 'cli:audit-verify');
      const rate = Math.round(result.entries / Math.max(result.seconds, 1e-6));
      if (result.ok) {
        process.stdout.write(
          `audit trail intact: ${result.entries} entries, ${result.anchorsChecked} of ${anchors.length} anchors matched, ` +
            `${result.seconds.toFixed(2)} s (${rate} entries/s)\n`,
        );
        return 0;
      }
      process.stderr.write(`vellum: audit trail broken at entry ${result.brokenAt}: ${result.problem}\n`);
      return 1;
    });
  }
  if (sub === 'anchor') {
    return withContext(async (context) => {
      await sealAudit(context.database.db);
      const anchor = await writeAnchor(context.database.db, context.config.auditAnchorFile, context.clock);
      process.stdout.write(
        anchor
          ? `anchored entry ${anchor.seq} in ${context.config.auditAnchorFile}\n`
          : 'the audit trail is empty\n',
      );
      return 0;
    });
  }
  process.stderr.write('vellum audit: use "audit verify" or "audit anchor"\n');
  return 2;
}

/** Checks the photo store against the database and says what to do about each kind of mismatch. */
async function runDoctor(): Promise<number> {
  return withContext(async (context) => {
    const { rowsWithoutFiles, filesWithoutRows } = await context.photos.checkStore();
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(`photo store: ${context.config.dataDir}/photos`);
    if (rowsWithoutFiles.length === 0 && filesWithoutRows.length === 0) {
      out('every photo has its files, and every file belongs to a photo');
      return 0;
    }
    if (rowsWithoutFiles.length > 0) {
      out(`${rowsWithoutFiles.length} photo files are missing (the photo shows as "not found"):`);
      for (const key of rowsWithoutFiles) out(`  ${key}`);
      out(
        '  What to do: put back the photos folder from the backup the database came from ' +
          '(vellum backup restore restores both together); if the files are lost, the photos stay listed without an image.',
      );
    }
    if (filesWithoutRows.length > 0) {
      out(
        `${filesWithoutRows.length} files belong to no photo (left by an interrupted upload or an old copy):`,
      );
      for (const key of filesWithoutRows) out(`  ${key}`);
      out(
        '  What to do: nothing; they are encrypted and the server removes them at its next start (after an hour).',
      );
    }
    return 1;
  });
}

async function printUsage(): Promise<number> {
  process.stdout.write(usage);
  return 0;
}

/** Runs one command; the exit code, or -1 when the command keeps running (the server). */
export async function runCli(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || rest.includes('--help'))
    return printUsage();
  const command = commands[first];
  if (!command) {
    process.stderr.write(`vellum: unknown command "${first}"\n\n${usage}`);
    return 2;
  }
  return command(rest);
}

/** The last line of defence: one clear line and a non-zero exit, never only a stack trace. */
export function failAndExit(error: unknown): never {
  const message =
    error instanceof ConfigError
      ? error.problems.map((problem) => `vellum: ${problem}`).join('\n')
      : `vellum: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  if (process.env.VELLUM_DEBUG) console.error(error);
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2)).then((code) => {
    if (code >= 0) process.exit(code);
  }, failAndExit);
}
