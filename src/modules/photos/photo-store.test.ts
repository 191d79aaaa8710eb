import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { type Moto, motoInstalled, startMoto } from '../../../test/support/object-store';
import { aJpeg, uploadPhotos } from '../../../test/support/photos';
import { expectStatus } from '../../../test/support/status';
import { Unavailable } from '../../platform/errors';
import { S3BlobStore, type S3Settings } from '../../platform/s3-storage';
import type { BlobStore } from '../../platform/storage';
import { createBackup } from '../backup/backup.service';

/** A client with one photo set; returns the client and the set. */
async function aClientWithASet(clinic: TestClinic, member: StaffMember, lastName: string) {
  const clientId = await clinic.aClient(member, { firstName: 'Sanne', lastName });
  const setId = (
    await expectStatus(member.call('POST', `/api/clients/${clientId}/photo-sets`, { bodyArea: 'kin' }), 201)
  ).json().id as string;
  return { clientId, setId };
}

async function photoIdsOf(member: StaffMember, clientId: string): Promise<string[]> {
  const sets = (await member.call('GET', `/api/clients/${clientId}/photo-sets`)).json() as {
    photos: { id: string }[];
  }[];
  return sets.flatMap((set) => set.photos.map((p) => p.id));
}

const keysOf = (ids: string[]) => ids.flatMap((id) => [`${id}.display`, `${id}.thumb`]).sort();

describe.skipIf(!motoInstalled())('photos in an S3 bucket (moto_server)', () => {
  let moto: Moto;
  let bucket: S3Settings;
  let clinic: TestClinic;
  let anouk: StaffMember;
  let rosa: StaffMember;

  beforeAll(async () => {
    moto = await startMoto();
    bucket = await moto.aBucket();
    clinic = await aClinic('2026-11-25T09:00:00Z', { s3: bucket });
    anouk = await clinic.hire('practitioner', 'Anouk Bucket');
    rosa = await clinic.hire('reception', 'Rosa Bucket');
  });
  afterAll(async () => {
    await clinic?.close();
    await moto?.stop();
  });

  it('health names the store and says it answers; the instance is ready', async () => {
    const health = await clinic.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toMatchObject({ status: 'ok', photoStore: 's3', photoStoreAnswers: true });
    const ready = await clinic.app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  it('[P9.2] an erasure deletes the client’s objects from the bucket, and no one else’s', async () => {
    const kept = await aClientWithASet(clinic, anouk, 'Blijft');
    await uploadPhotos(clinic, anouk, kept.clientId, kept.setId, [
      { field: 'before', name: 'voor.jpg', bytes: await aJpeg('#aa8877') },
    ]);
    const erased = await aClientWithASet(clinic, anouk, 'Weg');
    await uploadPhotos(clinic, anouk, erased.clientId, erased.setId, [
      { field: 'before', name: 'voor.jpg', bytes: await aJpeg() },
      { field: 'after', name: 'na.jpg', bytes: await aJpeg('#8899aa') },
    ]);
    const keptKeys = keysOf(await photoIdsOf(anouk, kept.clientId));
    const erasedKeys = keysOf(await photoIdsOf(anouk, erased.clientId));
    expect(erasedKeys).toHaveLength(4);
    expect(await moto.keys(bucket.bucket)).toEqual(expect.arrayContaining([...keptKeys, ...erasedKeys]));

    const request = await expectStatus(
      rosa.call('POST', `/api/clients/${erased.clientId}/erasure-requests`),
      201,
    );
    const owner = await clinic.freshOwner();
    await expectStatus(owner.call('POST', `/api/erasure-requests/${request.json().id}/execute`), 200);

    const left = await moto.keys(bucket.bucket);
    expect(left.filter((key) => erasedKeys.includes(key))).toEqual([]);
    expect(left).toEqual(expect.arrayContaining(keptKeys));
  });

  it('[P9.1] retention deletes the objects of a dossier it destroys', async () => {
    const old = await aClientWithASet(clinic, anouk, 'Verlopen');
    await expectStatus(
      anouk.call('POST', `/api/clients/${old.clientId}/treatments`, {
        kind: 'consult',
        done: 'Consult',
        performedAt: '2025-01-10T10:00:00.000Z',
      }),
      201,
    );
    await uploadPhotos(clinic, anouk, old.clientId, old.setId, [
      { field: 'before', name: 'voor.jpg', bytes: await aJpeg() },
    ]);
    const oldKeys = keysOf(await photoIdsOf(anouk, old.clientId));
    expect(await moto.keys(bucket.bucket)).toEqual(expect.arrayContaining(oldKeys));
    const summary = await clinic.context.retention.run({
      asOf: new Date('2027-01-11T00:00:00Z'),
      dryRun: false,
    });
    expect(summary.destroyed).toBe(1);
    expect(await clinic.database.asOwner(`select 1 from client where id = '${old.clientId}'`)).toEqual([]);
    expect((await moto.keys(bucket.bucket)).filter((key) => oldKeys.includes(key))).toEqual([]);
  });

  it('a backup holds none of the bucket’s photos and says where they are', async () => {
    const { clientId, setId } = await aClientWithASet(clinic, anouk, 'Backup');
    await uploadPhotos(clinic, anouk, clientId, setId, [
      { field: 'before', name: 'voor.jpg', bytes: await aJpeg() },
    ]);
    const photos = Number((await clinic.database.asOwner('select count(*)::int as n from photo'))[0]?.n ?? 0);
    const dir = mkdtempSync(path.join(tmpdir(), 'vellum-s3-backup-'));
    const backup = await createBackup(clinic.context.config, clinic.database, { dir });
    expect(backup.manifest.photos).toEqual({
      files: 0,
      bytes: 0,
      missing: [],
      inObjectStore: { bucket: bucket.bucket, files: 2 * photos },
    });
    expect(Object.keys(backup.manifest.entries).filter((name) => name.startsWith('photos/'))).toEqual([]);
  });

  it('lists the bucket page by page (ListObjectsV2), leaving out objects that are not photos', async () => {
    const own = await moto.aBucket();
    const store = new S3BlobStore(own, { pageSize: 2 });
    try {
      const keys = ['a1.display', 'a2.display', 'a3.display', 'a4.thumb', 'a5.thumb'];
      for (const key of keys) await store.put(key, Buffer.from(key));
      const listed = await store.list();
      expect(listed.map((e) => e.key).sort()).toEqual(keys);
      for (const entry of listed) expect(Date.now() - entry.modifiedAt.getTime()).toBeLessThan(120_000);
      await expect(store.put('../escape', Buffer.from('x'))).rejects.toThrow(/not a storage key/);
    } finally {
      store.close();
    }
  });

  it('removes the objects already written when a later write fails: no object without its row', async () => {
    const failing: BlobStore = Object.assign(Object.create(clinic.context.photoStore) as BlobStore, {
      put: async (key: string, bytes: Buffer) => {
        if (key.endsWith('.thumb')) throw new Unavailable('the photo store does not answer (test)');
        return clinic.context.photoStore.put(key, bytes);
      },
    });
    const flaky = await aClinic('2026-11-25T09:00:00Z', { s3: bucket, photoStore: failing });
    try {
      const member = await flaky.hire('practitioner', 'Anouk Flaky');
      const { clientId, setId } = await aClientWithASet(flaky, member, 'Half');
      const before = await moto.keys(bucket.bucket);
      const response = await uploadPhotos(flaky, member, clientId, setId, [
        { field: 'before', name: 'voor.jpg', bytes: await aJpeg() },
      ]);
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(await photoIdsOf(member, clientId)).toEqual([]);
      expect(await moto.keys(bucket.bucket)).toEqual(before);
    } finally {
      await flaky.close();
    }
  });
});

describe.skipIf(!motoInstalled())('a photo store that is down or slow', () => {
  let moto: Moto;
  let clinic: TestClinic;
  let anouk: StaffMember;
  let blackHole: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    moto = await startMoto();
    // Short timeouts, so the test need not wait the 10 s a server waits.
    const settings = await moto.aBucket();
    clinic = await aClinic('2026-11-25T09:00:00Z', {
      s3: settings,
      photoStore: new S3BlobStore(settings, { requestMs: 1_500, connectMs: 1_000, attempts: 1 }),
    });
    anouk = await clinic.hire('practitioner', 'Anouk Storing');
    blackHole = createServer((socket) => sockets.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    blackHole?.close();
    await clinic?.close();
    await moto?.stop();
  });

  it('answers 503, writes no row and shows no broken image while the store is down', async () => {
    const { clientId, setId } = await aClientWithASet(clinic, anouk, 'Storing');
    const uploaded = await uploadPhotos(clinic, anouk, clientId, setId, [
      { field: 'before', name: 'voor.jpg', bytes: await aJpeg() },
    ]);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const [photoId] = uploaded.json().ids as string[];

    await moto.stop();
    const refused = await uploadPhotos(clinic, anouk, clientId, setId, [
      { field: 'after', name: 'na.jpg', bytes: await aJpeg('#223344') },
    ]);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().detail).toMatch(/photo store .* does not answer: nothing was saved/);
    expect(await photoIdsOf(anouk, clientId)).toEqual([photoId]);

    const image = await anouk.call('GET', `/api/clients/${clientId}/photos/${photoId}/display`);
    expect(image.statusCode).toBe(503);
    expect(image.headers['content-type']).toContain('application/problem+json');

    const health = await clinic.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ photoStore: 's3', photoStoreAnswers: false });
    const ready = await clinic.app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().detail).toMatch(/photo store \(s3\) does not answer/);
  });

  it('answers 503 within its timeout when the store accepts but never answers', async () => {
    const address = blackHole.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const slow = new S3BlobStore(
      { ...(clinic.context.config.s3 as S3Settings), endpoint: `http://127.0.0.1:${port}` },
      { requestMs: 1_000, connectMs: 1_000, attempts: 1 },
    );
    const hanging = await aClinic('2026-11-25T09:00:00Z', { photoStore: slow });
    try {
      const member = await hanging.hire('practitioner', 'Anouk Traag');
      const { clientId, setId } = await aClientWithASet(hanging, member, 'Traag');
      const started = Date.now();
      const response = await uploadPhotos(hanging, member, clientId, setId, [
        { field: 'before', name: 'voor.jpg', bytes: await aJpeg() },
      ]);
      expect(response.statusCode).toBe(503);
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(await photoIdsOf(member, clientId)).toEqual([]);
    } finally {
      await hanging.close();
    }
  });
});
