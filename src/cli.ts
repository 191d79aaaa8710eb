import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, version } from './config';
import { openConfiguredDatabase } from './db/open';
import { startServer } from './server';

const usage = `Vellum ${version} — practice software for skin and beauty clinics

Usage: vellum <command> [options]

Commands:
  start      start the server (the same as \`npm start\`)
  migrate    apply pending database migrations and exit
  help       show this text

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
};

async function printUsage(): Promise<number> {
  process.stdout.write(usage);
  return 0;
}

/** Runs one command; the exit code, or -1 when the command keeps running (the server). */
export async function runCli(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
    allowPositionals: true,
    strict: false,
  });
  if (values.version) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const [name = 'help', ...rest] = positionals;
  if (values.help) return printUsage();
  const command = commands[name];
  if (!command) {
    process.stderr.write(`vellum: unknown command "${name}"\n\n${usage}`);
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
