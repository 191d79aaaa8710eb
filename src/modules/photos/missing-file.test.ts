import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aJpeg, uploadPhotos } from '../../../test/support/photos';

let clinic: TestClinic;
let anouk: StaffMember;

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Doctor');
});
afterAll(() => clinic.close());

describe('a photo whose file is missing', () => {
  it('answers 404 with a problem that says so, and the doctor lists it with the stray files', async () => {
    const clientId = await clinic.aClient(anouk, { firstName: 'Fenna', lastName: 'Zonderfoto' });
    const set = (await anouk.call('POST', `/api/clients/${clientId}/photo-sets`, { bodyArea: 'kin' })).json()
      .id;
    await uploadPhotos(clinic, anouk, clientId, set, [
      { field: 'before', name: 'voor.jpg', bytes: await aJpeg() },
    ]);
    const photoId = (await anouk.call('GET', `/api/clients/${clientId}/photo-sets`)).json()[0].photos[0].id;
    const folder = path.join(clinic.context.config.dataDir, 'photos');
    expect((await anouk.call('GET', `/api/clients/${clientId}/photos/${photoId}/display`)).statusCode).toBe(
      200,
    );

    rmSync(path.join(folder, `${photoId}.display`));
    writeFileSync(path.join(folder, 'f0e1d2c3-0000-4000-8000-000000000000.thumb'), 'stray');
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
