/**
 * The real Vellum server as a child process (src/main.ts on PORT=0), and a clinic to book in, set up
 * through the `vellum` command: `setup` for the clinic and owner, then `seed --clients 5` for the
 * team, the treatments that can be booked online, everyone's working hours and the privacy statement.
 * Used by the crash test and the PGlite durability benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type BookingBody, bookingBodies, freeTimesToBook } from './booking-load';

const repoRoot = path.resolve(import.meta.dirname, '..');

/** `vellum setup` for the clinic and owner, then `vellum seed` for the team, treatments and hours. */
export async function setUpClinic(env: NodeJS.ProcessEnv, dataDir: string): Promise<void> {
  const passwordFile = path.join(dataDir, 'owner-password');
  writeFileSync(passwordFile, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  const setup = await vellum(env, [
    'setup',
    '--clinic-name',
    'Huidkliniek Crashtest',
    '--owner-name',
    'Olga Eigenaar',
    '--owner-email',
    'eigenaar@crashtest.example',
    '--owner-password-file',
    passwordFile,
  ]);
  if (setup.code !== 0) throw new Error(`vellum setup failed: ${setup.output}`);
  const seed = await vellum(env, ['seed', '--clients', '5', '--seed', '13']);
  if (seed.code !== 0) throw new Error(`vellum seed failed: ${seed.output}`);
}

/** Free 30-minute times over the next 60 days, at most one per practitioner and half hour. */
export async function bookableTimes(url: string, count: number): Promise<BookingBody[]> {
  const treatments = (await getJson(`${url}/api/public/booking/treatments`)) as {
    id: string;
    durationMinutes: number;
  }[];
  const short = treatments.filter((t) => t.durationMinutes === 30).map((t) => t.id);
  if (short.length === 0) throw new Error('no 30-minute treatment can be booked online');
  const { version } = (await getJson(`${url}/api/public/privacy-statement`)) as { version: number };
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const times = await freeTimesToBook(url, short, { from: day(1), to: day(60) }, count);
  return bookingBodies(times, version, `crash${randomBytes(3).toString('hex')}`);
}

export type Server = { url: string; kill(): void; stop(): Promise<void>; exited: Promise<void> };

/** Starts src/main.ts; undefined when it exits or is not healthy within two minutes. */
export async function startServer(env: NodeJS.ProcessEnv): Promise<Server | undefined> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk) => {
    output = (output + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await Promise.race([
    listeningUrl(child),
    exited.then(() => undefined),
    sleep(120_000).then(() => undefined),
  ]);
  const healthy = url !== undefined && (await fetch(`${url}/api/health`).catch(() => undefined))?.ok === true;
  if (!url || !healthy) {
    process.stderr.write(`the server did not start: ${output.trim().slice(-1000)}\n`);
    child.kill('SIGKILL');
    await exited;
    return undefined;
  }
  return {
    url,
    exited,
    kill: () => child.kill('SIGKILL'),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  return new Promise((resolve) => {
    lines.on('line', (line) => {
      const match = /^Vellum is running at (http:\/\/\S+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
  });
}

/** Runs `vellum …` (bin/vellum.mjs) to the end; its exit code and its output. */
export function vellum(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, ['bin/vellum.mjs', ...args], { cwd: repoRoot, env });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code: code ?? 1, output })));
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
