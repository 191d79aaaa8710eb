import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from '../../src/platform/s3-storage';
import type { TestClinic } from './clinic';

/**
 * A local S3-compatible server for the photo tests: Python moto's `moto_server`, started on a free
 * 127.0.0.1 port, never a mock of the client library. Each test file starts its own and stops it in
 * afterAll; each clinic gets a bucket of its own.
 */
export type Moto = {
  endpoint: string;
  /** Settings for a new, empty bucket on this server. */
  aBucket(): Promise<S3Settings>;
  /** The keys in a bucket, read past the store under test. */
  keys(bucket: string): Promise<string[]>;
  /** An object's bytes as the bucket holds them. */
  object(bucket: string, key: string): Promise<Buffer>;
  /** Stops the server (a fault test stops it early to see the store fail). */
  stop(): Promise<void>;
};

let installed: boolean | undefined;

/** Is `moto_server` on this machine? (It is on CI; a developer without it runs the folder-store half.) */
export function motoInstalled(): boolean {
  installed ??= spawnSync('moto_server', ['--help'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
  return installed;
}

/** The photo stores the photo tests run against: both, or the folder alone (with a warning) without moto. */
export function photoStoreKinds(): ('folder' | 's3')[] {
  if (motoInstalled()) return ['folder', 's3'];
  console.warn(
    'moto_server is not installed: the photo tests run on the folder store only (pip install "moto[server]" to run them on S3 too)',
  );
  return ['folder'];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let buckets = 0;

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('moto_server', ['-p', String(port), '-H', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server stopped at start:\n${output}`);
    const up = await fetch(`${endpoint}/moto-api/`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`moto_server did not answer on ${endpoint} within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const credentials = { accessKeyId: 'vellum-test', secretAccessKey: 'vellum-test-secret' };
  const client = new S3Client({ endpoint, region: 'eu-west-1', forcePathStyle: true, credentials });
  return {
    endpoint,
    async aBucket() {
      const bucket = `vellum-photos-${process.pid}-${++buckets}`;
      await client.send(
        new CreateBucketCommand({
          Bucket: bucket,
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      );
      return { endpoint, bucket, region: 'eu-west-1', forcePathStyle: true, ...credentials };
    },
    async keys(bucket) {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
    },
    async object(bucket, key) {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from((await response.Body?.transformToByteArray()) ?? []);
    },
    async stop() {
      client.destroy();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** The bytes a clinic's photo store holds for a key, read past the store: from its folder or bucket. */
export async function storedBytes(clinic: TestClinic, moto: Moto | undefined, key: string): Promise<Buffer> {
  const s3 = clinic.context.config.s3;
  if (s3 && moto) return moto.object(s3.bucket, key);
  return readFileSync(path.join(clinic.context.config.dataDir, 'photos', key));
}

/** The keys a clinic's photo store holds, read past the store. */
export async function storedKeys(clinic: TestClinic, moto: Moto | undefined): Promise<string[]> {
  const s3 = clinic.context.config.s3;
  if (s3 && moto) return moto.keys(s3.bucket);
  const { readdirSync, existsSync } = await import('node:fs');
  const folder = path.join(clinic.context.config.dataDir, 'photos');
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}
