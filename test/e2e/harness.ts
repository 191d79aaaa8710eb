import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { databaseUrl } from '../support/database';
import { type FakeMollie, startFakeMollie } from '../support/fake-mollie';
import { startRoundRobinProxy } from '../support/instances';
import { type Moto, startMoto } from '../support/object-store';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const HEALTH_TIMEOUT_MS = 60_000;

export interface PageProblems {
  consoleErrors: string[];
  cspViolations: string[];
  pageErrors: string[];
}

export interface VellumPage {
  page: Page;
  context: BrowserContext;
  problems: PageProblems;
}

export interface Vellum {
  baseUrl: string;
  browser: Browser;
  /** The one-time setup link the server printed on stdout (while no clinic exists). */
  setupLink(): Promise<string>;
  /** Everything the server wrote to stdout and stderr (the last 20,000 characters). */
  output(): string;
  /** The fake Mollie the server pays through, when started with `mollie: true`. */
  mollie: FakeMollie | undefined;
  /** The keys in the object store's bucket (with `objectStore: true`), read past the server. */
  objectKeys(): Promise<string[]>;
  /** Requests the proxy passed to each instance, in start order (one entry when there is no proxy). */
  served(): number[];
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<VellumPage>;
  stop(): Promise<void>;
}

/**
 * Builds web/dist with Vite when it is missing or older than a source file in web/ (the server reads
 * index.html at start-up, so a stale build would test yesterday's app).
 */
export async function ensureWebBuild(): Promise<void> {
  // The same check `npm start` uses, so the two can never disagree about staleness.
  await run(process.execPath, [path.join(repoRoot, 'scripts', 'build-web-if-needed.mjs')]);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${stderr}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface ServerProcess {
  child: ChildProcess;
  port: number;
  output: () => string;
  /** Resolves with the first `…/app/setup#code=…` link the server prints. */
  setupLink: Promise<string>;
  exited: Promise<number | null>;
}

const SETUP_LINK = /https?:\/\/\S+\/app\/setup#code=[A-Za-z0-9_-]+/;

function startServer(
  port: number,
  dataDir: string,
  databaseUrl: string | undefined,
  extraEnv: Record<string, string> = {},
): ServerProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extraEnv,
    PORT: String(port),
    HOST: '127.0.0.1',
    VELLUM_DATA_DIR: dataDir,
    NODE_ENV: 'production',
  };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  let foundSetupLink: (link: string) => void = () => {};
  const setupLink = new Promise<string>((resolve) => {
    foundSetupLink = resolve;
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    keep(chunk);
    stdout = (stdout + chunk.toString()).slice(-4_000);
    const link = SETUP_LINK.exec(stdout)?.[0];
    if (link) foundSetupLink(link);
  });
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, port, output: () => output, setupLink, exited };
}

async function waitForHealth(baseUrl: string, server: ServerProcess): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let died = false;
  void server.exited.then(() => {
    died = true;
  });
  while (Date.now() < deadline) {
    if (died)
      throw new Error(
        `the Vellum server exited (code ${server.child.exitCode}) before it was healthy:\n${server.output()}`,
      );
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `the Vellum server did not answer /api/health within ${HEALTH_TIMEOUT_MS} ms:\n${server.output()}`,
  );
}

async function stopServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000));
  if ((await Promise.race([server.exited, timeout])) === 'timeout') {
    server.child.kill('SIGKILL');
    await server.exited;
  }
}

function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = { consoleErrors: [], cspViolations: [], pageErrors: [] };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url;
    const text = url ? `${message.text()} [${url}]` : message.text();
    if (/Content[- ]Security[- ]Policy/i.test(text)) problems.cspViolations.push(text);
    else problems.consoleErrors.push(text);
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  return problems;
}

/**
 * With E2E_DATABASE_URL (a PostgreSQL server), each run gets a database of its own, dropped in
 * stop(); without it the server uses embedded PGlite in the fresh data folder.
 */
async function freshServerDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const serverUrl = process.env.E2E_DATABASE_URL;
  if (!serverUrl) return undefined;
  const name = `vellum_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  return {
    url: databaseUrl(serverUrl, name),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export interface StartOptions {
  /** More environment for the server (e.g. VELLUM_SMTP_URL). */
  env?: Record<string, string>;
  /**
   * Starts the fake Mollie (test/support/fake-mollie.ts) and points the server at it with
   * VELLUM_MOLLIE_API_KEY and VELLUM_MOLLIE_API_URL; its checkout page is HTTPS with a self-signed
   * certificate, which the server and the browser are told to accept (the fake, only in tests).
   */
  mollie?: boolean;
  /**
   * On PostgreSQL (E2E_DATABASE_URL), this many server processes on the one database, data folder and
   * keys, behind a round-robin proxy that is the browser's only address (issue 17: a chain's
   * instances behind a load balancer); every request may land on another instance. On PGlite, one.
   * The first-run setup goes to the first instance directly: its one-time code lives in its memory.
   */
  instances?: number;
  /**
   * Photos and scans in object storage: starts a local S3-compatible server (moto_server) and points
   * every instance at a fresh bucket of it (VELLUM_S3_*). `vellum.objectKeys()` lists the bucket.
   */
  objectStore?: boolean;
}

/** Starts the real Vellum server (fresh data folder and database) and a headless Chromium. */
export async function startVellum(options: StartOptions = {}): Promise<Vellum> {
  await ensureWebBuild();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'vellum-e2e-'));
  const database = await freshServerDatabase();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const mollie = options.mollie ? await startFakeMollie() : undefined;
  const env: Record<string, string> = {
    ...options.env,
    ...(mollie
      ? {
          VELLUM_MOLLIE_API_KEY: mollie.apiKey,
          VELLUM_MOLLIE_API_URL: mollie.apiUrl,
          NODE_TLS_REJECT_UNAUTHORIZED: '0',
        }
      : {}),
  };
  let moto: Moto | undefined;
  let bucket: string | undefined;
  if (options.objectStore) {
    moto = await startMoto();
    const s3 = await moto.aBucket();
    bucket = s3.bucket;
    Object.assign(env, {
      VELLUM_S3_ENDPOINT: s3.endpoint,
      VELLUM_S3_BUCKET: s3.bucket,
      VELLUM_S3_REGION: s3.region,
      VELLUM_S3_ACCESS_KEY_ID: s3.accessKeyId,
      VELLUM_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      VELLUM_S3_FORCE_PATH_STYLE: String(s3.forcePathStyle),
    });
  }
  const count = database ? Math.max(1, options.instances ?? 1) : 1;
  if (count > 1) Object.assign(env, { VELLUM_TRUST_PROXY: '1', VELLUM_INSTANCE_ID: 'instance-a' });
  const server = startServer(port, dataDir, database?.url, env);
  const others: ServerProcess[] = [];
  let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>> | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  const stop = async () => {
    await Promise.allSettled(contexts.map((context) => context.close()));
    await browser?.close().catch(() => {});
    await proxy?.close();
    await Promise.all(others.map(stopServer));
    await stopServer(server);
    await mollie?.close();
    await moto?.stop();
    await database?.drop();
    // The keys folder and the backups live beside the data folder (decision 0017).
    for (const dir of [dataDir, `${dataDir}.keys`, `${dataDir}.backups`])
      await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, server);
    // The others start once the first has migrated the database and made the keys.
    for (let i = 1; i < count; i++) {
      const otherPort = await freePort();
      const other = startServer(otherPort, dataDir, database?.url, {
        ...env,
        VELLUM_INSTANCE_ID: `instance-${String.fromCharCode(97 + i)}`,
      });
      others.push(other);
      await waitForHealth(`http://127.0.0.1:${otherPort}`, other);
    }
    if (count > 1) {
      proxy = await startRoundRobinProxy([
        baseUrl,
        ...others.map((other) => `http://127.0.0.1:${other.port}`),
      ]);
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const launched = browser;
  const publicUrl = proxy?.url ?? baseUrl;

  return {
    baseUrl: publicUrl,
    browser: launched,
    output: () => [server, ...others].map((one) => one.output()).join('\n---- the next instance ----\n'),
    mollie,
    objectKeys: async () => (moto && bucket ? moto.keys(bucket) : []),
    served: () => (proxy ? [...proxy.served] : [Number.NaN]),
    setupLink: () =>
      Promise.race([
        server.setupLink,
        new Promise<string>((_, reject) =>
          setTimeout(() => reject(new Error(`no setup link on stdout:\n${server.output()}`)), 5_000),
        ),
      ]),
    async newPage(options = {}) {
      const context = await launched.newContext({
        baseURL: publicUrl,
        viewport: options.viewport ?? VIEWPORTS.desktop,
        // The fake Mollie's checkout page has a self-signed certificate.
        ignoreHTTPSErrors: Boolean(mollie),
      });
      contexts.push(context);
      // Fail a step within the test's time budget with a message naming what was awaited.
      context.setDefaultTimeout(10_000);
      // Violations reported to the page, also those Chromium does not log (e.g. blocked style attributes).
      await context.addInitScript({
        content: `document.addEventListener('securitypolicyviolation', (e) => {
          console.error('Content-Security-Policy violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' (' + (e.sourceFile || '') + ':' + e.lineNumber + ')');
        });`,
      });
      const page = await context.newPage();
      return { page, context, problems: watchProblems(page) };
    },
    stop,
  };
}

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  tablet: { width: 820, height: 1180 },
  desktop: { width: 1280, height: 800 },
} as const;
