/**
 * The raw PostgreSQL limit beside our figures: `pgbench -S` (primary-key selects only) for a fixed
 * time against a scratch database on the same server, when pgbench is installed.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { type ScratchDatabase, scratchDatabase } from './scratch-database';

const run = promisify(execFile);

export type PgbenchResult = { tps: number; clients: number; seconds: number; scale: number };

export function findPgbench(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const binary = `${root}/${version}/bin/pgbench`;
    if (existsSync(binary)) return binary;
  }
  return undefined;
}

export async function runPgbench(
  serverUrl: string,
  options: { seconds: number; clients: number; threads: number; scale: number },
): Promise<PgbenchResult | undefined> {
  const binary = findPgbench();
  if (!binary) return undefined;
  const database: ScratchDatabase = await scratchDatabase(serverUrl, 'vellum_pgbench');
  try {
    await run(binary, ['-i', '-q', '-s', String(options.scale), database.url]);
    const { stdout } = await run(binary, [
      '-S',
      '-n',
      '-T',
      String(options.seconds),
      '-c',
      String(options.clients),
      '-j',
      String(options.threads),
      database.url,
    ]);
    const tps = /tps = ([\d.]+)/.exec(stdout)?.[1];
    if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
    return {
      tps: Math.round(Number(tps)),
      clients: options.clients,
      seconds: options.seconds,
      scale: options.scale,
    };
  } finally {
    await database.drop();
  }
}
