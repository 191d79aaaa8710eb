import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aSignature, aTreatmentType, formOf, harmlessAnswers } from '../../../test/support/intake';
import { aJpeg, uploadPhotos } from '../../../test/support/photos';
import { expectStatus } from '../../../test/support/status';

let clinic: TestClinic;
let anouk: StaffMember; // practitioner treating both records of Eva
let bram: StaffMember; // practitioner treating neither
let rosa: StaffMember; // reception
let peel: string;

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Merge');
  bram = await clinic.hire('practitioner', 'Bram Merge');
  rosa = await clinic.hire('reception', 'Rosa Merge');
  peel = await aTreatmentType(clinic, {
    name: 'Peeling',
    intakeTemplateKey: 'chemical_peel',
    priceCents: 9500,
  });
});
afterAll(() => clinic.close());

const photoFolder = () => path.join(clinic.context.config.dataDir, 'photos');
const storedFiles = () => readdirSync(photoFolder()).sort();

async function rows(statement: string) {
  return clinic.database.asOwner(statement);
}

/** A duplicate with a full dossier: treatment, analysis, e-mail, signed intake, a set with two photos. */
async function aDuplicateWithDossier(by: StaffMember, lastName: string) {
  const id = await clinic.aClient(by, { firstName: 'Eva', lastName, birthDate: '1988-02-02' });
  const treatment = await by.call('POST', `/api/clients/${id}/treatments`, {
    kind: 'consult',
    done: 'Intakegesprek over pigmentvlekken',
    discussed: 'Zonbescherming SPF 50 dagelijks',
  });
  expect(treatment.statusCode).toBe(201);
  expect(
    (
      await by.call('POST', `/api/clients/${id}/skin-analyses`, {
        fitzpatrick: 3,
        conditions: ['hyperpigmentatie'],
        findings: 'Melasma op de wangen',
      })
    ).statusCode,
  ).toBe(201);
  expect(
    (
      await by.call('POST', `/api/clients/${id}/emails`, {
        from: 'eva@example.nl',
        subject: 'Vraag over de peeling',
        text: 'Mag ik na de peeling sporten?',
        eml: null,
      })
    ).statusCode,
  ).toBe(201);
  const form = await formOf(by, peel);
  const intake = await by.call('POST', `/api/clients/${id}/intakes`, {
    treatmentTypeId: peel,
    answers: harmlessAnswers(form.template.questions),
    signature: aSignature(),
  });
  expect(intake.statusCode).toBe(201);
  const set = (
    await expectStatus(
      by.call('POST', `/api/clients/${id}/photo-sets`, {
        bodyArea: 'wangen',
        treatmentId: treatment.json().id,
      }),
      201,
    )
  ).json().id as string;
  const uploaded = await uploadPhotos(clinic, by, id, set, [
    { field: 'before', name: 'voor.jpg', bytes: await aJpeg('#c08070') },
    { field: 'after', name: 'na.jpg', bytes: await aJpeg('#d0a090') },
  ]);
  expect(uploaded.statusCode).toBe(201);
  return { id, intakeId: intake.json().id as string, treatmentId: treatment.json().id as string };
}

describe('merging duplicate clients', () => {
  it('moves the whole dossier to the survivor, re-sealed, and removes the duplicate and its key', async () => {
    const survivor = await clinic.aClient(anouk, { firstName: 'Eva', lastName: 'de Vries', birthDate: null });
    const duplicate = await aDuplicateWithDossier(anouk, 'de Vries');
    const filesBefore = storedFiles();
    const oldSets = (await anouk.call('GET', `/api/clients/${duplicate.id}/photo-sets`)).json();
    const oldPhotoIds = oldSets[0].photos.map((p: { id: string }) => p.id) as string[];

    const merged = await anouk.call('POST', `/api/clients/${survivor}/merge`, { duplicateId: duplicate.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toEqual({
      id: survivor,
      moved: {
        treatments: 1,
        analyses: 1,
        homeProducts: 0,
        emails: 1,
        intakes: 1,
        photoSets: 1,
        photos: 2,
        consents: 1,
      },
    });

    // The duplicate is gone, with its key; the survivor took the date of birth it lacked.
    expect((await anouk.call('GET', `/api/clients/${duplicate.id}`)).statusCode).toBe(404);
    expect(await rows(`select 1 from client_key where client_id = '${duplicate.id}'`)).toEqual([]);
    expect((await anouk.call('GET', `/api/clients/${survivor}`)).json().birthDate).toBe('1988-02-02');

    // Everything opens with the survivor's key.
    const dossier = (await anouk.call('GET', `/api/clients/${survivor}/dossier`)).json();
    expect(dossier.treatments[0].report.discussed).toBe('Zonbescherming SPF 50 dagelijks');
    expect(dossier.analyses[0].findings.findings).toBe('Melasma op de wangen');
    expect(dossier.emails[0].content.subject).toBe('Vraag over de peeling');
    const intake = (await anouk.call('GET', `/api/clients/${survivor}/intakes/${duplicate.intakeId}`)).json();
    expect(intake.hashVerified).toBe(true);
    const sets = (await anouk.call('GET', `/api/clients/${survivor}/photo-sets`)).json();
    expect(sets[0]).toMatchObject({ bodyArea: 'wangen', treatmentId: duplicate.treatmentId });
    for (const { id } of sets[0].photos) {
      const image = await anouk.call('GET', `/api/clients/${survivor}/photos/${id}/thumb`);
      expect(image.statusCode).toBe(200);
      expect(image.rawPayload.subarray(0, 2).toString('hex')).toBe('ffd8');
    }

    // The photos were re-sealed into new files; the old files are removed.
    const filesAfter = storedFiles();
    expect(filesAfter).toHaveLength(filesBefore.length);
    for (const id of oldPhotoIds) expect(filesAfter.filter((f) => f.startsWith(id))).toEqual([]);
    for (const { id } of sets[0].photos)
      expect(filesAfter).toEqual(expect.arrayContaining([`${id}.display`, `${id}.thumb`]));

    // Audited on both ids; the duplicate's old id is kept for its history.
    const audit = await rows(
      `select object_id, client_id from audit_event where action = 'merge' and outcome = 'allowed' order by seq`,
    );
    expect(audit).toEqual([
      { object_id: duplicate.id, client_id: survivor },
      { object_id: survivor, client_id: duplicate.id },
    ]);
    expect(
      await rows(`select into_client_id from client_merge where from_client_id = '${duplicate.id}'`),
    ).toEqual([{ into_client_id: survivor }]);
  });

  it('lets reception merge a duplicate without medical records, and keeps the survivor own details', async () => {
    const survivor = await clinic.aClient(rosa, {
      firstName: 'Noor',
      lastName: 'Bakker',
      email: 'noor@example.nl',
    });
    const duplicate = await clinic.aClient(rosa, {
      firstName: 'Noor',
      lastName: 'Bakker',
      email: 'n.bakker@example.nl',
      phone: '06 12345678',
    });
    const merged = await rosa.call('POST', `/api/clients/${survivor}/merge`, { duplicateId: duplicate });
    expect(merged.statusCode).toBe(200);
    const kept = (await rosa.call('GET', `/api/clients/${survivor}`)).json();
    expect(kept).toMatchObject({ email: 'noor@example.nl', phone: '06 12345678' });
    expect((await rosa.call('GET', `/api/clients/${duplicate}`)).statusCode).toBe(404);
  });

  it('refuses a duplicate with medical records to anyone who may not read both dossiers, and changes nothing', async () => {
    const survivor = await clinic.aClient(rosa, { firstName: 'Sara', lastName: 'Jansen' });
    const duplicate = await aDuplicateWithDossier(anouk, 'Jansen');
    const owner = await clinic.freshOwner();
    for (const member of [rosa, owner]) {
      const refused = await member.call('POST', `/api/clients/${survivor}/merge`, {
        duplicateId: duplicate.id,
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().detail).toMatch(/medical records/);
    }
    // Anouk treats the duplicate but not the survivor: she does not even see the survivor.
    expect(
      (await anouk.call('POST', `/api/clients/${survivor}/merge`, { duplicateId: duplicate.id })).statusCode,
    ).toBe(404);
    expect(
      (await bram.call('POST', `/api/clients/${survivor}/merge`, { duplicateId: duplicate.id })).statusCode,
    ).toBe(404);
    expect((await anouk.call('GET', `/api/clients/${duplicate.id}/dossier`)).json().treatments).toHaveLength(
      1,
    );
    expect(await rows(`select 1 from client_merge where from_client_id = '${duplicate.id}'`)).toEqual([]);
  });

  it('refuses merging a client into itself, naming the field', async () => {
    const id = await clinic.aClient(rosa, { firstName: 'Iris', lastName: 'Smit' });
    const response = await rosa.call('POST', `/api/clients/${id}/merge`, { duplicateId: id });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: 'duplicateId', message: 'is the client itself' }]);
  });

  it('leaves both records whole when a photo cannot be moved half-way, and no new file behind', async () => {
    const survivor = await clinic.aClient(anouk, { firstName: 'Lisa', lastName: 'Visser' });
    const duplicate = await aDuplicateWithDossier(anouk, 'Visser');
    const sets = (await anouk.call('GET', `/api/clients/${duplicate.id}/photo-sets`)).json();
    const [first, second] = sets[0].photos as { id: string }[];
    if (!first || !second) throw new Error('expected two photos');
    // The second photo's display file is lost: the merge fails after the first photo was re-sealed.
    rmSync(path.join(photoFolder(), `${second.id}.display`));
    const filesBefore = storedFiles();

    const failed = await anouk.call('POST', `/api/clients/${survivor}/merge`, { duplicateId: duplicate.id });
    expect(failed.statusCode).toBe(500);
    expect(storedFiles()).toEqual(filesBefore);
    const dossier = (await anouk.call('GET', `/api/clients/${duplicate.id}/dossier`)).json();
    expect(dossier.treatments).toHaveLength(1);
    expect(
      (await anouk.call('GET', `/api/clients/${duplicate.id}/photos/${first.id}/thumb`)).statusCode,
    ).toBe(200);
    expect((await anouk.call('GET', `/api/clients/${survivor}/dossier`)).json().treatments).toHaveLength(0);
  });

  it('a signed intake accepts no change but the move of a merge, even from the table owner', async () => {
    const owner = clinic.database.asOwner;
    const [signed] = await owner(`select id, client_id from intake where status = 'signed' limit 1`);
    if (!signed) throw new Error('expected a signed intake');
    const other = await clinic.aClient(rosa, { firstName: 'Tess', lastName: 'Meijer' });
    await expect(
      owner(`update intake set client_id = '${other}', price_cents = 1 where id = '${signed.id}'`),
    ).rejects.toThrow(/signed intake cannot be changed/);
    await expect(
      owner(
        `update intake set client_id = '${other}', signed_client_id = '${other}' where id = '${signed.id}'`,
      ),
    ).rejects.toThrow(/signed intake cannot be changed/);
  });
});
