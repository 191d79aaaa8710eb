import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../../src/config';
import { testConfig } from './app';

/**
 * Several Vellum instances on one PostgreSQL database, behind one address (issue 17): real server
 * processes (`src/main.ts`, as `npm start` runs it) — each with its own pool, its own timers and its
 * own memory, which in-process apps would share — started at the same moment, so they also race to
 * migrate. They share what a chain's instances share: the database, the keys folder (master key,
 * erasure register) and the data folder (the folder photo store and the audit anchors stand in for
 * object storage and a shared volume). In front, a round-robin proxy that adds the caller's address
 * to X-Forwarded-For as a load balancer does; the instances run with VELLUM_TRUST_PROXY=1.
 */
export type Instance = { id: string; url: string; child: ChildProcess; output(): string };

export type Instances = {
  instances: Instance[];
  /** The one address in front of them. */
  proxyUrl: string;
  /** The instances' settings, for an in-process app or job on the same database and folders. */
  config: Config;
  stop(): Promise<void>;
};

const READY_TIMEOUT_MS = 120_000;
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export async function startInstances(options: {
  count: number;
  databaseUrl: string;
  env?: Record<string, string>;
}): Promise<Instances> {
  const shared = mkdtempSync(path.join(tmpdir(), 'vellum-instances-'));
  const dataDir = path.join(shared, 'data');
  const keysDir = path.join(shared, 'keys');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const config = testConfig({
    dataDir,
    databaseUrl: options.databaseUrl,
    masterKeyFile: path.join(keysDir, 'master.key'),
    backupDir: path.join(shared, 'backups'),
    auditAnchorFile: path.join(dataDir, 'audit-anchors.jsonl'),
    trustedProxyHops: 1,
  });
  const ports = await Promise.all(Array.from({ length: options.count }, () => freePort()));
  const instances = ports.map((port, i) =>
    startProcess(`instance-${String.fromCharCode(97 + i)}`, port, {
      ...options.env,
      DATABASE_URL: options.databaseUrl,
      DATABASE_POOL_SIZE: '4',
      VELLUM_DATA_DIR: dataDir,
      VELLUM_MASTER_KEY_FILE: config.masterKeyFile,
      VELLUM_BACKUP_DIR: config.backupDir,
      VELLUM_AUDIT_ANCHOR_FILE: config.auditAnchorFile,
      VELLUM_TRUST_PROXY: '1',
    }),
  );
  const proxy = await startRoundRobinProxy(instances.map((instance) => instance.url));
  const stop = async () => {
    await proxy.close();
    await Promise.all(instances.map(stopProcess));
  };
  try {
    await Promise.all(instances.map(waitUntilReady));
  } catch (error) {
    await stop();
    throw error;
  }
  return { instances, proxyUrl: proxy.url, config, stop };
}

function startProcess(id: string, port: number, env: Record<string, string>): Instance {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      VELLUM_INSTANCE_ID: id,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { id, url: `http://127.0.0.1:${port}`, child, output: () => output };
}

async function waitUntilReady(instance: Instance): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (instance.child.exitCode !== null) {
      throw new Error(
        `${instance.id} exited (${instance.child.exitCode}) before it was ready:\n${instance.output()}`,
      );
    }
    try {
      if ((await fetch(`${instance.url}/api/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${instance.id} was not ready within ${READY_TIMEOUT_MS} ms:\n${instance.output()}`);
}

async function stopProcess(instance: Instance): Promise<void> {
  const { child } = instance;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/**
 * A load balancer in miniature (node:http): each request to the next target in turn, the body
 * streamed both ways, the caller's address appended to X-Forwarded-For (so an instance that trusts
 * one proxy sees the caller, not the proxy). An unreachable target answers 502.
 */
export async function startRoundRobinProxy(
  targets: string[],
): Promise<{ url: string; close(): Promise<void>; served: number[] }> {
  const served = targets.map(() => 0);
  let next = 0;
  const server = http.createServer((request, response) => {
    const index = next;
    next = (next + 1) % targets.length;
    served[index] = (served[index] ?? 0) + 1;
    const target = new URL(request.url ?? '/', targets[index]);
    const forwarded = [request.headers['x-forwarded-for'], request.socket.remoteAddress]
      .filter(Boolean)
      .join(', ');
    const upstream = http.request(
      target,
      {
        method: request.method,
        headers: {
          ...request.headers,
          host: target.host,
          'x-forwarded-for': forwarded,
          'x-forwarded-proto': 'http',
          'x-forwarded-host': request.headers.host ?? '',
        },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  // Longer than a client idles between steps (Fastify's own default is 72 s): a client that reuses a
  // kept-alive connection just as the proxy closes it gets ECONNRESET, and Playwright's request
  // context does not retry. At 1 s the chain e2e spec failed that way on an API call made after a
  // few seconds of browser steps. close() ends every connection anyway.
  server.keepAliveTimeout = 75_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function freePort(): Promise<number> {
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
