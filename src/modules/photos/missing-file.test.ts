import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { type Moto, photoStoreKinds, startMoto } from '../../../test/support/object-store';
import { aJpeg, uploadPhotos } from '../../../test/support/photos';

describe.each(photoStoreKinds())('a photo whose file is missing from the %s store', (kind) => {
  let moto: Moto | undefined;
  let clinic: TestClinic;
  let anouk: StaffMember;

  beforeAll(async () => {
    moto = kind === 's3' ? await startMoto() : undefined;
    clinic = await aClinic(undefined, { s3: await moto?.aBucket() });
    anouk = await clinic.hire('practitioner', 'Anouk Doctor');
  });
  afterAll(async () => {
    await clinic.close();
    await moto?.stop();
  });

  it('answers 404 with a problem that says so, and the doctor lists it with the stray files', async () => {
    const clientId = await clinic.aClient(anouk, { firstName: 'Fenna', lastName: 'Zonderfoto' });
    const set = (await anouk.call('POST', `/api/clients/${clientId}/photo-sets`, { bodyArea: 'kin' })).json()
      .id;
    await uploadPhotos(clinic, anouk, clientId, set, [
      { field: 'before', name: 'voor.jpg', bytes: await aJpeg() },
    ]);
    const photoId = (await anouk.call('GET', `/api/clients/${clientId}/photo-sets`)).json()[0].photos[0].id;
    expect((await anouk.call('GET', `/api/clients/${clientId}/photos/${photoId}/display`)).statusCode).toBe(
      200,
    );

    // Deleted by hand (a file from the folder, an object from the bucket), and a stray one added.
    await clinic.context.photoStore.delete(`${photoId}.display`);
    await clinic.context.photoStore.put('f0e1d2c3-0000-4000-8000-000000000000.thumb', Buffer.from('stray'));
    const response = await anouk.call('GET', `/api/clients/${clientId}/photos/${photoId}/display`);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().detail).toMatch(/file is missing/);
    // The thumbnail still has its file.
    expect((await anouk.call('GET', `/api/clients/${clientId}/photos/${photoId}/thumb`)).statusCode).toBe(
      200,
    );

    expect(await clinic.context.photos.checkStore()).toEqual({
      rowsWithoutFiles: [`${photoId}.display`],
      filesWithoutRows: ['f0e1d2c3-0000-4000-8000-000000000000.thumb'],
    });
  });
});
