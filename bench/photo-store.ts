/**
 * Photo upload to the folder store and to an S3 bucket (issue 17): `npm run bench:photo-store`
 * (`-- --quick` for a short run). For each store, in one process on the embedded database: the
 * whole upload of a 12-megapixel photo through the API (checked, re-encoded, sealed, stored as two
 * objects, one transaction), one after the other; and the store alone, writing and reading the
 * sealed display and thumbnail sizes. The bucket is Python moto's `moto_server` on 127.0.0.1 (an
 * in-memory stand-in for a real store: the figures show the cost of the S3 protocol and the
 * client, not of a store across a network). Prints a table and the load average; asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { openPglite } from '../src/db/connection';
import { processPhoto } from '../src/modules/photos/image';
import type { BlobStore } from '../src/platform/storage';
import { aClinic, type TestClinic } from '../test/support/clinic';
import type { TestDatabase } from '../test/support/database';
import { motoInstalled, startMoto } from '../test/support/object-store';
import { uploadPhotos } from '../test/support/photos';
import { twelveMegapixelJpeg } from './large-photo';

const quick = process.argv.includes('--quick');
const UPLOADS = quick ? 4 : 20;
const STORE_ROUNDS = quick ? 40 : 200;

type Row = { store: string; what: string; n: number; medianMs: number; meanMs: number };

function summary(store: string, what: string, times: number[]): Row {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
  return { store, what, n: times.length, medianMs: round(median), meanMs: round(mean) };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

async function uploads(clinic: TestClinic, jpeg: Buffer): Promise<number[]> {
  const member = await clinic.hire('practitioner', 'Bench Foto');
  const clientId = await clinic.aClient(member, { firstName: 'Bench', lastName: 'Foto' });
  const set = (await member.call('POST', `/api/clients/${clientId}/photo-sets`, { bodyArea: 'kin' })).json()
    .id as string;
  const times: number[] = [];
  for (let i = 0; i < UPLOADS + 1; i++) {
    const started = performance.now();
    const response = await uploadPhotos(clinic, member, clientId, set, [
      { field: 'before', name: 'IMG_0001.jpg', bytes: jpeg },
    ]);
    if (response.statusCode !== 201) throw new Error(`upload: ${response.statusCode} ${response.body}`);
    if (i > 0) times.push(performance.now() - started); // the first warms up
  }
  return times;
}

async function storeAlone(store: BlobStore, sizes: { display: number; thumb: number }): Promise<number[]> {
  const display = randomBytes(sizes.display);
  const thumb = randomBytes(sizes.thumb);
  const times: number[] = [];
  for (let i = 0; i < STORE_ROUNDS; i++) {
    const id = `bench-${i}`;
    const started = performance.now();
    await store.put(`${id}.display`, display);
    await store.put(`${id}.thumb`, thumb);
    await store.get(`${id}.display`);
    times.push(performance.now() - started);
    await store.delete(`${id}.display`);
    await store.delete(`${id}.thumb`);
  }
  return times;
}

/** A fresh embedded database in memory (the test support's own needs the vitest runner). */
async function aDatabase(): Promise<TestDatabase> {
  const database = await openPglite('memory://');
  return {
    ...database,
    url: undefined,
    asOwner: () => Promise.reject(new Error('not in the benchmark')),
    destroy: () => database.close(),
  };
}

async function main() {
  const jpeg = await twelveMegapixelJpeg();
  const processed = await processPhoto(jpeg, 'before');
  // Sealing adds a small header and tag; the sizes are the encoded ones, near enough.
  const sizes = { display: processed.display.length + 64, thumb: processed.thumb.length + 64 };
  const rows: Row[] = [];
  const folder = await aClinic(undefined, { database: await aDatabase() });
  try {
    rows.push(summary('folder', '12 MP upload via API', await uploads(folder, jpeg)));
    rows.push(
      summary('folder', 'put display+thumb, get display', await storeAlone(folder.context.photoStore, sizes)),
    );
  } finally {
    await folder.close();
  }
  if (!motoInstalled()) {
    console.log('moto_server is not installed: the S3 rows are left out');
  } else {
    const moto = await startMoto();
    const s3 = await aClinic(undefined, { database: await aDatabase(), s3: await moto.aBucket() });
    try {
      rows.push(summary('s3 (moto)', '12 MP upload via API', await uploads(s3, jpeg)));
      rows.push(
        summary(
          's3 (moto)',
          'put display+thumb, get display',
          await storeAlone(s3.context.photoStore, sizes),
        ),
      );
    } finally {
      await s3.close();
      await moto.stop();
    }
  }
  console.log(
    `photo: ${(jpeg.length / 1024 / 1024).toFixed(1)} MB JPEG; sealed display ${Math.round(sizes.display / 1024)} KB, thumbnail ${Math.round(sizes.thumb / 1024)} KB`,
  );
  console.table(rows);
  console.log(
    `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}${quick ? ' (quick run)' : ''}`,
  );
}

await main();
