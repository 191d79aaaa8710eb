import { randomUUID } from 'node:crypto';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aJpeg, uploadPhotos } from '../../../test/support/photos';
import { expectStatus } from '../../../test/support/status';
import { exportProgressWriter } from './export-progress';
import { portalActor } from './privacy-portal.service';

/**
 * Issue 14: a big export takes seconds; the page that asked sees how far it is (photos packed of
 * total) through a random id it sent with the request. Only the one who asked can read it; the
 * export's gate checks and audit entries stay as they were.
 */
let clinic: TestClinic;
let anouk: StaffMember;
let client: string;
let other: string;
let set: string;
const tokens: Record<string, string> = {};
const PHOTOS = 3;

const portal = (route: string, body: Record<string, unknown>) =>
  clinic.app.inject({ method: 'POST', url: `/api/public/privacy-portal/${route}`, payload: body });

async function portalToken(email: string): Promise<string> {
  await expectStatus(portal('link', { email, language: 'nl' }), 202);
  const [mail] = (await clinic.database.asOwner(
    `select body from outbox_email where kind = 'privacy_portal' and recipient = '${email}'`,
  )) as { body: string }[];
  return /privacy-portal#token=([A-Za-z0-9_-]+)/.exec(mail?.body ?? '')?.[1] ?? '';
}

const auditCount = async () =>
  Number((await clinic.database.asOwner('select count(*)::int as n from audit_event'))[0]?.n);

type Seen = { step: string; done: number; total: number } | null;

/**
 * Looks, as the page does, before each photo the export reads: the moment the export is half-way.
 * Waits a little past the progress throttle (four writes a second) so that each photo's count lands.
 */
function watchPhotos(look: () => Promise<Seen>): { seen: Seen[]; stop(): void } {
  const photos = clinic.context.photos;
  const image = photos.image;
  const seen: Seen[] = [];
  photos.image = async (...args) => {
    await new Promise((resolve) => setTimeout(resolve, 260));
    seen.push(await look());
    return image.apply(photos, args);
  };
  return {
    seen,
    stop: () => {
      photos.image = image;
    },
  };
}

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Export');
  client = await clinic.aClient(anouk, { firstName: 'Sanne', lastName: 'Export', email: 'sanne@example.nl' });
  other = await clinic.aClient(anouk, { firstName: 'Bram', lastName: 'Ander', email: 'bram@example.nl' });
  set = (
    await expectStatus(anouk.call('POST', `/api/clients/${client}/photo-sets`, { bodyArea: 'wang' }), 201)
  ).json().id;
  for (let i = 0; i < PHOTOS; i += 1)
    await uploadPhotos(clinic, anouk, client, set, [
      { field: i === 0 ? 'before' : 'after', name: `foto-${i}.jpg`, bytes: await aJpeg() },
    ]);
  tokens.sanne = await portalToken('sanne@example.nl');
  tokens.bram = await portalToken('bram@example.nl');
});
afterAll(() => clinic.close());

describe('the progress of a data export', () => {
  it('shows the client photos packed of total while the portal export is made, and nothing once it is done', async () => {
    const progressId = randomUUID();
    const poll = async (token = tokens.sanne) =>
      (await expectStatus(portal('export-progress', { token, progressId }), 200)).json() as Seen;
    const strangers: Seen[] = [];
    const watch = watchPhotos(async () => {
      // Someone else's link, or a staff member, with the same id: nothing.
      strangers.push(await poll(tokens.bram));
      strangers.push(
        (await expectStatus(anouk.call('GET', `/api/export-progress/${progressId}`), 200)).json(),
      );
      return poll();
    });
    try {
      const zip = await expectStatus(portal('export.zip', { token: tokens.sanne, progressId }), 200);
      const files = Object.keys(unzipSync(new Uint8Array(zip.rawPayload)));
      expect(files.filter((f) => f.startsWith('photos/'))).toHaveLength(PHOTOS);
    } finally {
      watch.stop();
    }
    expect(watch.seen).toEqual(
      Array.from({ length: PHOTOS }, (_, done) =>
        expect.objectContaining({ step: 'photos', done, total: PHOTOS }),
      ),
    );
    expect(strangers).toEqual(Array(2 * PHOTOS).fill(null));
    expect(await poll()).toBeNull();
    expect(await clinic.database.asOwner('select * from export_progress')).toEqual([]);
  });

  it('leaves the export and its audit entries as they were; asking how far writes none', async () => {
    const before = await auditCount();
    await expectStatus(portal('export.pdf', { token: tokens.sanne }), 200);
    const plain = (await auditCount()) - before;
    const middle = await auditCount();
    await expectStatus(portal('export.pdf', { token: tokens.sanne, progressId: randomUUID() }), 200);
    expect((await auditCount()) - middle).toBe(plain);
    const polled = await auditCount();
    await expectStatus(portal('export-progress', { token: tokens.sanne, progressId: randomUUID() }), 200);
    await expectStatus(anouk.call('GET', `/api/export-progress/${randomUUID()}`), 200);
    expect(await auditCount()).toBe(polled);
    // A stranger without a valid link learns nothing, not even whether the id exists.
    expect(
      (await portal('export-progress', { token: 'x'.repeat(43), progressId: randomUUID() })).statusCode,
    ).toBe(404);
  });

  it('shows the staff member who makes a disclosure package how far it is, and no one else', async () => {
    const created = await expectStatus(
      anouk.call('POST', `/api/clients/${client}/disclosures`, {
        recipient: 'Dr. de Vries, huisarts',
        purpose: 'Beoordeling',
        includesDossier: true,
        photoSetIds: [set],
        language: 'nl',
        request: {
          fileName: 'verzoek.pdf',
          contentBase64: Buffer.from('%PDF-1.4 verzoek').toString('base64'),
        },
      }),
      201,
    );
    const progressId = randomUUID();
    const owner = await clinic.freshOwner();
    const others: Seen[] = [];
    const watch = watchPhotos(async () => {
      others.push((await expectStatus(owner.call('GET', `/api/export-progress/${progressId}`), 200)).json());
      others.push(
        (await expectStatus(portal('export-progress', { token: tokens.sanne, progressId }), 200)).json(),
      );
      return (await expectStatus(anouk.call('GET', `/api/export-progress/${progressId}`), 200)).json();
    });
    try {
      await expectStatus(
        anouk.call(
          'GET',
          `/api/clients/${client}/disclosures/${created.json().id}/package.zip?progress=${progressId}`,
        ),
        200,
      );
    } finally {
      watch.stop();
    }
    expect(watch.seen).toEqual(
      Array.from({ length: PHOTOS }, (_, done) =>
        expect.objectContaining({ step: 'photos', done, total: PHOTOS }),
      ),
    );
    expect(others).toEqual(Array(2 * PHOTOS).fill(null));
    expect((await anouk.call('GET', `/api/export-progress/${progressId}`)).json()).toBeNull();
  });

  it('an export that stopped without ending (a crash) is not shown as being made after two minutes', async () => {
    const progressId = randomUUID();
    const crashed = exportProgressWriter(clinic.context.gate, portalActor(other), progressId, 'test');
    await crashed.report({ step: 'photos', done: 40, total: 100 });
    const poll = async () =>
      (await expectStatus(portal('export-progress', { token: tokens.bram, progressId }), 200)).json() as Seen;
    expect(await poll()).toMatchObject({ step: 'photos', done: 40, total: 100 });
    clinic.clock.advance(121_000);
    expect(await poll()).toBeNull();
  });
});
