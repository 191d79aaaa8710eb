import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aTreatmentType } from '../../../test/support/intake';
import { aJpeg, uploadPhotos } from '../../../test/support/photos';
import { expectStatus } from '../../../test/support/status';

let clinic: TestClinic;
let anouk: StaffMember;
let filler: string; // a medical act under the WGBO
const ids: Record<'lastVisit' | 'neverVisited' | 'onHold' | 'medicalAct', string> = {
  lastVisit: '',
  neverVisited: '',
  onHold: '',
  medicalAct: '',
};

const at = (day: string) => new Date(`${day}T00:00:00Z`);
const run = (day: string, dryRun = false) => clinic.context.retention.run({ asOf: at(day), dryRun });
const exists = async (clientId: string) =>
  (await clinic.database.asOwner(`select 1 from client where id = '${clientId}'`)).length === 1;
const keyExists = async (clientId: string) =>
  (await clinic.database.asOwner(`select 1 from client_key where client_id = '${clientId}'`)).length === 1;

beforeAll(async () => {
  clinic = await aClinic('2026-11-25T09:00:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Retention');
  filler = await aTreatmentType(clinic, { name: 'Filler (arts)', intakeTemplateKey: null });
  await clinic.database.asOwner(`update treatment_type set medical_act = true where id = '${filler}'`);

  ids.lastVisit = await clinic.aClient(anouk, { firstName: 'Laatste', lastName: 'Bezoek' });
  await expectStatus(
    anouk.call('POST', `/api/clients/${ids.lastVisit}/treatments`, {
      kind: 'consult',
      done: 'Consult',
      performedAt: '2025-01-10T10:00:00.000Z',
    }),
    201,
  );
  const set = (
    await expectStatus(
      anouk.call('POST', `/api/clients/${ids.lastVisit}/photo-sets`, { bodyArea: 'hals' }),
      201,
    )
  ).json().id;
  await uploadPhotos(clinic, anouk, ids.lastVisit, set, [
    { field: 'before', name: 'voor.jpg', bytes: await aJpeg() },
  ]);

  ids.neverVisited = await clinic.aClient(anouk, { firstName: 'Nooit', lastName: 'Geweest' });

  ids.onHold = await clinic.aClient(anouk, { firstName: 'Juridisch', lastName: 'Vastgehouden' });
  await expectStatus(
    anouk.call('POST', `/api/clients/${ids.onHold}/treatments`, {
      kind: 'consult',
      done: 'Consult',
      performedAt: '2025-01-10T10:00:00.000Z',
    }),
    201,
  );
  const hold = await clinic.owner.call('PUT', `/api/clients/${ids.onHold}/legal-hold`, {
    reason: 'Klacht in behandeling bij de geschillencommissie',
  });
  expect(hold.statusCode, hold.body).toBe(204);

  ids.medicalAct = await clinic.aClient(anouk, { firstName: 'Medische', lastName: 'Handeling' });
  const treated = await anouk.call('POST', `/api/clients/${ids.medicalAct}/treatments`, {
    kind: 'treatment',
    treatmentTypeId: filler,
    done: 'Filler in de nasolabiale plooi',
    performedAt: '2025-01-10T10:00:00.000Z',
  });
  expect(treated.statusCode, treated.body).toBe(201);
});
afterAll(() => clinic.close());

describe('retention', () => {
  it('[P9.1] destroys a dossier, its photos and key two years after the last visit, not a day before', async () => {
    const photoFolder = path.join(clinic.context.config.dataDir, 'photos');
    expect(readdirSync(photoFolder)).toHaveLength(2);

    const dayBefore = await run('2027-01-09');
    expect(dayBefore).toMatchObject({ due: 0, destroyed: 0, upcoming30Days: 1, onLegalHold: 1 });
    expect(await exists(ids.lastVisit)).toBe(true);

    const upcoming = (await clinic.owner.call('GET', '/api/retention/upcoming?days=30')).json();
    expect(upcoming).toEqual([]); // the clinic's clock is still at 2026-11-25

    const dryRun = await run('2027-01-11', true);
    expect(dryRun).toMatchObject({ dryRun: true, due: 1, destroyed: 0 });
    expect(await exists(ids.lastVisit)).toBe(true);

    const twoYearsAndADay = await run('2027-01-11');
    expect(twoYearsAndADay).toMatchObject({ due: 1, destroyed: 1 });
    expect(await exists(ids.lastVisit)).toBe(false);
    expect(await keyExists(ids.lastVisit)).toBe(false);
    expect(
      await clinic.database.asOwner(`select 1 from treatment where client_id = '${ids.lastVisit}'`),
    ).toEqual([]);
    expect(readdirSync(photoFolder)).toEqual([]);
    for (const other of [ids.neverVisited, ids.onHold, ids.medicalAct])
      expect(await exists(other)).toBe(true);
    const audit = await clinic.database.asOwner(
      `select actor_role, origin from audit_event where action = 'delete' and client_id = '${ids.lastVisit}'`,
    );
    expect(audit).toEqual([{ actor_role: 'job:retention', origin: 'job:retention' }]);
  });

  it('[P9.1] destroys a dossier created by a booking that never led to a visit two years after it was made', async () => {
    expect((await run('2028-11-25')).destroyed).toBe(0);
    const result = await run('2028-11-26');
    expect(result.destroyed).toBe(1);
    expect(await exists(ids.neverVisited)).toBe(false);
  });

  it('[P9.1] keeps a dossier on legal hold, and destroys it once the hold is lifted', async () => {
    await run('2030-01-01');
    expect(await exists(ids.onHold)).toBe(true);
    const owner = await clinic.freshOwner();
    expect((await owner.call('DELETE', `/api/clients/${ids.onHold}/legal-hold`)).statusCode).toBe(204);
    expect((await run('2030-01-01')).destroyed).toBe(1);
    expect(await exists(ids.onHold)).toBe(false);
  });

  it('[P9.1] keeps a dossier with a medical act under the WGBO for twenty years', async () => {
    expect((await run('2045-01-09')).destroyed).toBe(0);
    expect(await exists(ids.medicalAct)).toBe(true);
    expect((await run('2045-01-11')).destroyed).toBe(1);
    expect(await exists(ids.medicalAct)).toBe(false);
  });

  it('[P9.1] shows the owner what will be destroyed in the next 30 days; only the owner places holds', async () => {
    const rosa = await clinic.hire('reception', 'Rosa Retention');
    expect((await rosa.call('GET', '/api/retention/upcoming')).statusCode).toBe(403);
    const client = await clinic.aClient(rosa, { firstName: 'Kort', lastName: 'Termijn' });
    expect(
      (await rosa.call('PUT', `/api/clients/${client}/legal-hold`, { reason: 'Zomaar een reden' }))
        .statusCode,
    ).toBe(403);
    // A consult of 2024-12-01 falls due on 2026-12-01: within 30 days of the clinic's today.
    const soon = await clinic.aClient(anouk, { firstName: 'Bijna', lastName: 'Verlopen' });
    const consult = await anouk.call('POST', `/api/clients/${soon}/treatments`, {
      kind: 'consult',
      done: 'Consult',
      performedAt: '2024-12-01T10:00:00.000Z',
    });
    expect(consult.statusCode, consult.body).toBe(201);
    const owner = await clinic.freshOwner();
    const upcoming = (await owner.call('GET', '/api/retention/upcoming?days=30')).json();
    expect(upcoming).toEqual([
      {
        clientId: soon,
        firstName: 'Bijna',
        lastName: 'Verlopen',
        dueAt: '2026-12-01T10:00:00.000Z',
        basis: 'last_visit',
      },
    ]);
  });
});
