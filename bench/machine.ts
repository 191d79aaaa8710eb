/** What the figures were measured on, for the results file and docs/performance.md. */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/connection';

export type Machine = {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  database: string;
};

export async function describeMachine(database: Database): Promise<Machine> {
  const result = await database.db.execute(sql`select version() as version`);
  const [row] = (result as unknown as { rows: { version: string }[] }).rows;
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    database: `${database.kind}: ${row?.version.split(' on ')[0] ?? 'unknown'}`,
  };
}
