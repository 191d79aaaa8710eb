import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import {
  type Moto,
  photoStoreKinds,
  startMoto,
  storedBytes,
  storedKeys,
} from '../../../test/support/object-store';
import { type UploadFile, uploadPhotos } from '../../../test/support/photos';

/** A camera-like JPEG: 1200x800, rotated by its EXIF orientation, with a GPS position and a camera name. */
async function cameraJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: '#d9a38f' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'VellumCam', Model: 'Secret Model 9' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '52/1 22/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '4/1 53/1 0/1',
      },
    })
    .toBuffer();
}

// The same tests on the data folder and on an S3-compatible bucket (moto_server, started here).
describe.each(photoStoreKinds())('before/after photos on the %s store', (kind) => {
  let moto: Moto | undefined;
  let clinic: TestClinic;
  let anouk: StaffMember;
  let rosa: StaffMember;
  let client: string;
  let setId: string;

  function upload(member: StaffMember, files: UploadFile[], target = setId) {
    return uploadPhotos(clinic, member, client, target, files);
  }

  beforeAll(async () => {
    moto = kind === 's3' ? await startMoto() : undefined;
    clinic = await aClinic(undefined, { s3: await moto?.aBucket() });
    anouk = await clinic.hire('practitioner', 'Anouk Foto');
    rosa = await clinic.hire('reception', 'Rosa Foto');
    client = await clinic.aClient(anouk, { firstName: 'Lotte', lastName: 'Foto' });
    setId = (await anouk.call('POST', `/api/clients/${client}/photo-sets`, { bodyArea: 'linkerwang' })).json()
      .id;
  });
  afterAll(async () => {
    await clinic.close();
    await moto?.stop();
  });

  it('[P2.2] stores before and after photos, upright, without EXIF or GPS, with a thumbnail', async () => {
    const jpeg = await cameraJpeg();
    expect(jpeg.toString('latin1')).toContain('Secret Model 9');
    const response = await upload(anouk, [
      { field: 'before', name: 'voor.jpg', bytes: jpeg },
      { field: 'after', name: 'na.jpg', bytes: jpeg },
    ]);
    expect(response.statusCode).toBe(201);
    const [before] = response.json().ids as string[];
    const display = await anouk.call('GET', `/api/clients/${client}/photos/${before}/display`);
    expect(display.statusCode).toBe(200);
    expect(display.headers['content-type']).toBe('image/jpeg');
    expect(display.headers['cache-control']).toBe('no-store');
    const meta = await sharp(display.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([800, 1200]); // orientation 6 applied: portrait
    expect(meta.exif).toBeUndefined();
    expect(display.rawPayload.toString('latin1')).not.toContain('Secret Model 9');
    const thumb = await anouk.call('GET', `/api/clients/${client}/photos/${before}/thumb`);
    expect(Math.max((await sharp(thumb.rawPayload).metadata()).width ?? 0, 0)).toBeLessThanOrEqual(400);
    const sets = (await anouk.call('GET', `/api/clients/${client}/photo-sets`)).json();
    expect(sets[0]).toMatchObject({ bodyArea: 'linkerwang' });
    expect(sets[0].photos.map((p: { moment: string }) => p.moment)).toEqual(['before', 'after']);
  });

  it('[P10.1] keeps photos encrypted at rest and out of reach without a session or a care relationship', async () => {
    const [id] = (await upload(anouk, [{ field: 'after', name: 'na.jpg', bytes: await cameraJpeg() }])).json()
      .ids;
    expect(clinic.context.photoStore.kind).toBe(kind);
    // Read past the store, from the folder or the bucket: only ciphertext is there.
    const stored = await storedBytes(clinic, moto, `${id}.display`);
    expect(stored.length).toBeGreaterThan(100);
    expect(stored.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    expect(stored.toString('latin1')).toMatch(/^v1\./);
    const anonymous = await clinic.app.inject({
      method: 'GET',
      url: `/api/clients/${client}/photos/${id}/display`,
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await rosa.call('GET', `/api/clients/${client}/photos/${id}/display`)).statusCode).toBe(403);
    const bram = await clinic.hire('practitioner', 'Bram Foto');
    expect((await bram.call('GET', `/api/clients/${client}/photos/${id}/display`)).statusCode).toBe(404);
    const [bodyArea] = await clinic.database.asOwner('select body_area from photo_set');
    expect(JSON.stringify(bodyArea)).not.toContain('linkerwang');
  });

  it('refuses a file that is not an image, a truncated JPEG, a HEIC photo and a 100 MB upload, storing nothing', async () => {
    const filesBefore = (await storedKeys(clinic, moto)).length;
    const rowsBefore = (await anouk.call('GET', `/api/clients/${client}/photo-sets`)).json()[0].photos.length;
    const jpeg = await cameraJpeg();
    const notImage = await upload(anouk, [
      { field: 'before', name: 'x.jpg', bytes: Buffer.from('%PDF-1.7 not a photo') },
    ]);
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json().errors[0]).toEqual({ field: 'before', message: 'is not a JPEG or PNG image' });
    const truncated = await upload(anouk, [
      { field: 'before', name: 'ok.jpg', bytes: jpeg },
      { field: 'after', name: 'half.jpg', bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)) },
    ]);
    expect(truncated.statusCode).toBe(400);
    expect(truncated.json().errors[0]).toEqual({ field: 'after', message: 'is damaged or incomplete' });
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(64)]);
    expect(
      (await upload(anouk, [{ field: 'before', name: 'IMG_0001.HEIC', bytes: heic }])).json().detail,
    ).toMatch(/HEIC/);
    const huge = await upload(anouk, [
      { field: 'before', name: 'huge.jpg', bytes: Buffer.alloc(100 * 1024 * 1024, 1) },
    ]);
    expect(huge.statusCode).toBe(413);
    expect((await storedKeys(clinic, moto)).length).toBe(filesBefore);
    expect((await anouk.call('GET', `/api/clients/${client}/photo-sets`)).json()[0].photos.length).toBe(
      rowsBefore,
    );
  });

  it('removes stored files that no photo row points at, once they are an hour old', async () => {
    const orphan = '01234567-89ab-7def-8123-456789abcdef.display';
    // Left by a crash between the object write and the commit: no row points at it.
    await clinic.context.photoStore.put(orphan, Buffer.from('left by a crash'));
    const kept = await storedKeys(clinic, moto);
    expect(kept).toContain(orphan);
    // Younger than an hour it may be an upload in flight: kept.
    expect(await clinic.context.photos.sweepOrphans(new Date())).toBe(0);
    const removed = await clinic.context.photos.sweepOrphans(new Date(Date.now() + 2 * 3600_000));
    expect(removed).toBe(1);
    expect(await storedKeys(clinic, moto)).toEqual(kept.filter((key) => key !== orphan));
  });
});
