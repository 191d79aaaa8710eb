import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aJpeg, uploadPhotos } from '../../../test/support/photos';
import { expectStatus } from '../../../test/support/status';
import type { BlobStore } from '../../platform/storage';
import { Retention } from './retention.service';
import { RetentionProgress } from './retention-progress';

/**
 * Issue 14: the owner's retention screen shows a run going on (on any instance: the state is in the
 * database), how far it is, and the result when it ends; a run that died is not "running" forever.
 */
let clinic: TestClinic;
let anouk: StaffMember;
const clients: string[] = [];

type RunState = {
  running: { step: string; done: number; total: number } | null;
  last: { outcome: string; summary: Record<string, unknown> | null } | null;
};
const state = async (): Promise<RunState> =>
  (await expectStatus((await clinic.freshOwner()).call('GET', '/api/retention/run'), 200)).json();

beforeAll(async () => {
  clinic = await aClinic('2026-11-25T09:00:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Voortgang');
  // Two clients who never came (due two years after registration), each with a photo.
  for (const lastName of ['Een', 'Twee']) {
    const id = await clinic.aClient(anouk, { firstName: 'Nooit', lastName });
    const set = (
      await expectStatus(anouk.call('POST', `/api/clients/${id}/photo-sets`, { bodyArea: 'hals' }), 201)
    ).json().id;
    await uploadPhotos(clinic, anouk, id, set, [{ field: 'before', name: 'voor.jpg', bytes: await aJpeg() }]);
    clients.push(id);
  }
});
afterAll(() => clinic.close());

describe('retention run progress', () => {
  it('shows the owner the run going on (dossiers done of due, the step) and its counts when it ends', async () => {
    expect(await state()).toEqual({ running: null, last: null });
    const context = clinic.context;
    const seen: RunState['running'][] = [];
    let lastPhotoBatch = '';
    // Between the batches the run removes the destroyed clients' photo files: the moment to look, as
    // the owner's page would, through the route.
    const store: BlobStore = {
      ...context.photoStore,
      delete: async (key) => {
        const photoId = key.split('.')[0] ?? '';
        if (photoId !== lastPhotoBatch) {
          lastPhotoBatch = photoId;
          seen.push((await state()).running);
        }
        return context.photoStore.delete(key);
      },
    };
    const retention = new Retention(
      context.gate,
      context.erasedClients,
      store,
      context.contactRequests,
      context.invoices,
      async () => {
        seen.push((await state()).running);
      },
    );
    const summary = await retention.run({ asOf: new Date('2029-01-01T00:00:00Z'), dryRun: false, batch: 1 });
    expect(summary).toMatchObject({ due: 2, destroyed: 2 });
    expect(seen).toMatchObject([
      { step: 'dossiers', done: 0, total: 2 },
      { step: 'dossiers', done: 1, total: 2 },
      { step: 'cleanup', done: 0, total: 1 },
    ]);
    const after = await state();
    expect(after.running).toBeNull();
    expect(after.last).toMatchObject({
      outcome: 'ok',
      summary: { due: 2, destroyed: 2, contactRequestsDestroyed: 0, financialRecordsDestroyed: 0 },
    });
    // Counts and steps only: nothing in the record names a client.
    const rows = await clinic.database.asOwner('select * from retention_progress');
    for (const id of clients) expect(JSON.stringify(rows)).not.toContain(id);
  });

  it('a dry run records nothing', async () => {
    const before = await state();
    await clinic.context.retention.run({ asOf: new Date('2029-01-01T00:00:00Z'), dryRun: true });
    expect(await state()).toEqual(before);
  });

  it('a run that stopped without ending (a crash) is shown as interrupted after two minutes, and the next run takes over', async () => {
    const crashed = new RetentionProgress(clinic.context.gate);
    await crashed.start();
    await crashed.report({ step: 'dossiers', done: 500, total: 2000 });
    expect((await state()).running).toMatchObject({ step: 'dossiers', done: 500, total: 2000 });

    // Another instance starting meanwhile does not take over a live run's record.
    const second = new RetentionProgress(clinic.context.gate);
    await second.start();
    await second.report({ step: 'dossiers', done: 1, total: 1 });
    await second.finish('ok', null);
    expect((await state()).running).toMatchObject({ done: 500, total: 2000 });

    clinic.clock.advance(121_000);
    const stale = await state();
    expect(stale.running).toBeNull();
    expect(stale.last).toMatchObject({ outcome: 'interrupted', summary: null });

    await clinic.context.retention.run({ asOf: new Date('2029-01-02T00:00:00Z'), dryRun: false });
    expect(await state()).toMatchObject({ running: null, last: { outcome: 'ok', summary: { due: 0 } } });
  });

  it('only the owner sees it', async () => {
    const rosa = await clinic.hire('reception', 'Rosa Voortgang');
    expect((await rosa.call('GET', '/api/retention/run')).statusCode).toBe(403);
    expect((await anouk.call('GET', '/api/retention/run')).statusCode).toBe(403);
  });
});
