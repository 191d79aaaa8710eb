/**
 * Runs bench-server.ts as a child process (the load generator must not share the server's event
 * loop) and hands back its two base URLs, a way to wait until it is idle, and a way to stop it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const repoRoot = path.resolve(import.meta.dirname, '..');

export type BenchServer = { app: string; reference: string; settle(): Promise<void>; stop(): Promise<void> };

export async function startServer(env: NodeJS.ProcessEnv): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bench-server.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = await Promise.race([
    firstLine(child),
    exited.then(() => {
      throw new Error('the benchmark server exited before it listened');
    }),
  ]);
  const urls = JSON.parse(first) as { app: string; reference: string };
  return {
    ...urls,
    settle: () => waitUntilQuiet([`${urls.app}/api/health`, `${urls.reference}/health`]),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  return new Promise((resolve) => lines.once('line', resolve));
}

const QUIET_MS = 100;
const QUIET_ROUNDS = 5;
const SETTLE_LIMIT_MS = 300_000;

/**
 * Waits until the servers are idle: their health checks (each runs a query) answer within 100 ms
 * five times in a row. A run ends with requests still being worked on — the client gave up, the
 * server did not — and on PGlite, where everything queues for one connection, that backlog would
 * otherwise be served before the next run's first request. (A check can slip in between two steps of
 * one leftover request, so one quick answer proves little; five in a row, over a second, do.)
 */
async function waitUntilQuiet(urls: string[]): Promise<void> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  for (let quiet = 0; quiet < QUIET_ROUNDS; ) {
    if (Date.now() > deadline) throw new Error('the benchmark server did not become idle');
    const started = performance.now();
    for (const url of urls) await fetch(url, { signal: AbortSignal.timeout(SETTLE_LIMIT_MS) });
    quiet = performance.now() - started < QUIET_MS ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
