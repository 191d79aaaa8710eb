import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aJpeg, uploadPhotos } from '../../../test/support/photos';

let clinic: TestClinic;
let anouk: StaffMember;
let client: string;
let model: string; // photo set with marketing consent
let privateSet: string; // photo set without

async function aSetWithPhotos(bodyArea: string): Promise<string> {
  const set = (await anouk.call('POST', `/api/clients/${client}/photo-sets`, { bodyArea })).json()
    .id as string;
  await uploadPhotos(clinic, anouk, client, set, [
    { field: 'before', name: 'voor.jpg', bytes: await aJpeg('#b07060') },
    { field: 'after', name: 'na.jpg', bytes: await aJpeg('#e0b0a0') },
  ]);
  return set;
}

const exportedSets = async (owner: StaffMember) => {
  const zip = await owner.call('GET', '/api/marketing/export.zip');
  expect(zip.headers['content-type']).toBe('application/zip');
  return [...new Set(Object.keys(unzipSync(new Uint8Array(zip.rawPayload))).map((f) => f.split('/')[0]))];
};

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Marketing');
  client = await clinic.aClient(anouk, { firstName: 'Model', lastName: 'Marketing' });
  model = await aSetWithPhotos('gezicht');
  privateSet = await aSetWithPhotos('decolleté');
});
afterAll(() => clinic.close());

describe('marketing photos', () => {
  it('[P8.3] exports only photo sets with a live consent for that set, with its reason and channels', async () => {
    const incomplete = await anouk.call(
      'POST',
      `/api/clients/${client}/photo-sets/${model}/marketing-consent`,
      {
        decision: 'granted',
        language: 'nl',
        channel: 'desk',
      },
    );
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().errors.map((e: { field: string }) => e.field)).toEqual(['reason', 'channels']);

    const granted = await anouk.call('POST', `/api/clients/${client}/photo-sets/${model}/marketing-consent`, {
      decision: 'granted',
      reason: 'reduced_price',
      reasonNote: 'Behandeling voor de halve prijs',
      channels: ['website'],
      language: 'nl',
      channel: 'desk',
    });
    expect(granted.statusCode, granted.body).toBe(201);

    const owner = await clinic.freshOwner();
    expect((await owner.call('GET', '/api/marketing/photo-sets')).json()).toEqual([
      {
        photoSetId: model,
        reason: 'reduced_price',
        reasonNote: 'Behandeling voor de halve prijs',
        channels: ['website'],
        photoCount: 2,
      },
    ]);
    expect(await exportedSets(owner)).toEqual([model]);
    expect((await anouk.call('GET', '/api/marketing/photo-sets')).statusCode).toBe(403);

    // Published only where the consent allows, and only a set with consent.
    const social = await owner.call('POST', '/api/marketing/publications', {
      photoSetId: model,
      channel: 'social_media',
      location: 'Instagram @huidkliniek',
    });
    expect(social.statusCode).toBe(400);
    const other = await owner.call('POST', '/api/marketing/publications', {
      photoSetId: privateSet,
      channel: 'website',
      location: 'https://huidkliniek-noord.nl/resultaten',
    });
    expect(other.statusCode).toBe(409);
    const site = await owner.call('POST', '/api/marketing/publications', {
      photoSetId: model,
      channel: 'website',
      location: 'https://huidkliniek-noord.nl/resultaten',
    });
    expect(site.statusCode).toBe(201);
    expect((await owner.call('GET', '/api/marketing/takedowns')).json()).toEqual([]);
  });

  it('[P8.3] takes a withdrawn set out of every later export and lists where it was published', async () => {
    const withdrawn = await anouk.call(
      'POST',
      `/api/clients/${client}/photo-sets/${model}/marketing-consent`,
      {
        decision: 'withdrawn',
        language: 'nl',
        channel: 'email',
        reference: 'E-mail van de cliënt van 25 november',
      },
    );
    expect(withdrawn.statusCode).toBe(201);
    const owner = await clinic.freshOwner();
    expect(await exportedSets(owner)).toEqual([]);
    expect((await owner.call('GET', '/api/marketing/photo-sets')).json()).toEqual([]);
    const takedowns = (await owner.call('GET', '/api/marketing/takedowns')).json();
    expect(takedowns).toEqual([
      expect.objectContaining({
        photoSetId: model,
        channel: 'website',
        location: 'https://huidkliniek-noord.nl/resultaten',
      }),
    ]);
    expect(
      (await owner.call('POST', `/api/marketing/publications/${takedowns[0].id}/taken-down`)).statusCode,
    ).toBe(204);
    expect((await owner.call('GET', '/api/marketing/takedowns')).json()).toEqual([]);
    // The export was logged per set on the basis of the consent.
    const logged = await clinic.database.asOwner(
      `select count(*)::int as n from audit_event where action = 'export' and basis = 'consent' and object_id = '${model}'`,
    );
    expect(logged[0]?.n).toBeGreaterThan(0);
  });
});
