import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aPng, aSignature, aTreatmentType, formOf, harmlessAnswers } from '../../../test/support/intake';
import { pdfImageCount, pdfText } from '../../../test/support/pdf-text';

let clinic: TestClinic;
let anouk: StaffMember; // practitioner treating Anna
let bram: StaffMember; // practitioner who does not
let rosa: StaffMember; // reception
let anna: string;
let peel: string; // treatment type using the chemical peel form
let facial: string; // treatment type using the facial form

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Intake');
  bram = await clinic.hire('practitioner', 'Bram Intake');
  rosa = await clinic.hire('reception', 'Rosa Intake');
  anna = await clinic.aClient(anouk, { firstName: 'Anna', lastName: 'Peeters', birthDate: '1990-03-14' });
  peel = await aTreatmentType(clinic, {
    name: 'Glycolzuurpeeling',
    intakeTemplateKey: 'chemical_peel',
    priceCents: 9500,
  });
  facial = await aTreatmentType(clinic, {
    name: 'Klassieke gezichtsbehandeling',
    intakeTemplateKey: 'facial',
  });
});
afterAll(() => clinic.close());

const ALLERGY_TEXT = 'Allergisch voor pleisters en lanoline';

async function signPeel(
  member: StaffMember,
  clientId: string,
  overrides: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  const form = await formOf(member, peel);
  return member.call('POST', `/api/clients/${clientId}/intakes`, {
    treatmentTypeId: peel,
    answers: { ...harmlessAnswers(form.template.questions), ...overrides },
    signature: aSignature(),
    ...extra,
  });
}

async function rawIntakes(clientId: string) {
  return clinic.database.asOwner(`select * from intake where client_id = '${clientId}'`);
}

describe('signing an intake at the clinic', () => {
  it('[P3.3] stores the content hash, the treatment and price agreed to, and the template version', async () => {
    const signed = await signPeel(anouk, anna, { has_allergies: true, allergy_details: ALLERGY_TEXT });
    expect(signed.statusCode, signed.body).toBe(201);
    const { id, contentHash, version } = signed.json();
    expect(contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(version).toBe(1);

    const detail = (await anouk.call('GET', `/api/clients/${anna}/intakes/${id}`)).json();
    expect(detail).toMatchObject({
      status: 'signed',
      treatmentName: 'Glycolzuurpeeling',
      priceCents: 9500,
      template: { key: 'chemical_peel', version: 1 },
      contentHash,
      hashVerified: true,
    });
    expect(detail.answers.allergy_details).toBe(ALLERGY_TEXT);
    expect(detail.signature).toMatch(/^data:image\/png;base64,/);

    const [row] = (await rawIntakes(anna)).filter((r) => r.id === id);
    expect(row).toMatchObject({ status: 'signed', price_cents: 9500, content_hash: contentHash });
    expect(row?.signed_at).toBeTruthy();
  });

  it('[P3.3] refuses to change a signed intake, in the API and in the database, also as raw SQL', async () => {
    const { id } = (await signPeel(anouk, anna)).json();
    // The app role, with row-level security satisfied, still may not touch it.
    const asApp = clinic.database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('vellum.actor_role', 'system', true)`);
      await tx.execute(sql`update intake set price_cents = 1 where id = ${id}`);
    });
    const refused = await asApp.then(
      () => 'updated',
      (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
    );
    expect(refused).toMatch(/signed intake cannot be changed/);
    await expect(
      clinic.database.asOwner(`update intake set answers = 'x' where id = '${id}'`),
    ).rejects.toThrow(/signed intake cannot be changed/);
    const [row] = (await rawIntakes(anna)).filter((r) => r.id === id);
    expect(row?.price_cents).toBe(9500);
  });

  it('[P3.3] records a correction as a new version linked to the old one, which stays as it was', async () => {
    const first = (await signPeel(anouk, anna)).json();
    clinic.clock.advance(60_000);
    const correction = await signPeel(
      anouk,
      anna,
      { uses_medication: true, medication_details: 'Levothyroxine' },
      {
        supersedesId: first.id,
      },
    );
    expect(correction.statusCode, correction.body).toBe(201);
    expect(correction.json().version).toBe(2);

    const list = (await anouk.call('GET', `/api/clients/${anna}/intakes`)).json() as {
      id: string;
      supersedesId: string | null;
      supersededById: string | null;
    }[];
    expect(list[0]?.id).toBe(correction.json().id);
    expect(list.find((i) => i.id === first.id)?.supersededById).toBe(correction.json().id);
    const old = (await anouk.call('GET', `/api/clients/${anna}/intakes/${first.id}`)).json();
    expect(old.answers.uses_medication).toBe(false);
    expect(old.contentHash).toBe(first.contentHash);
    expect(old.hashVerified).toBe(true);

    // A version is corrected once; the chain does not fork.
    const again = await signPeel(anouk, anna, {}, { supersedesId: first.id });
    expect(again.statusCode).toBe(409);
  });

  it('[P3.3] prints the signed intake as a PDF with the answers, the signature and the hash', async () => {
    const { id, contentHash } = (
      await signPeel(anouk, anna, {
        has_allergies: true,
        allergy_details: ALLERGY_TEXT,
        pregnant_or_breastfeeding: true,
      })
    ).json();
    const response = await anouk.call('GET', `/api/clients/${anna}/intakes/${id}/pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/pdf');
    expect(response.headers['cache-control']).toContain('no-store');
    const text = await pdfText(response.rawPayload);
    const flat = text.replaceAll(/\s+/g, ' ');
    expect(flat).toContain('Huidkliniek Noord');
    expect(flat).toContain('Anna Peeters');
    expect(flat).toContain('14 maart 1990');
    expect(flat).toContain('Glycolzuurpeeling');
    expect(flat).toMatch(/€ ?95,00/);
    expect(flat).toContain('Intake chemische peeling (versie 1)');
    expect(flat).toContain('Ben je allergisch of overgevoelig voor iets');
    expect(flat).toContain(ALLERGY_TEXT);
    expect(flat).toContain('Sluit behandeling uit (pregnant_or_breastfeeding)');
    expect(flat).toContain('Handtekening cliënt');
    expect(flat).toContain('25 november 2026 10:0'); // 09:0x UTC is 10:0x in Amsterdam
    expect(flat).toContain(contentHash);
    // The signature itself is in the PDF as an image.
    expect(await pdfImageCount(response.rawPayload)).toBe(1);

    const owner = await clinic.freshOwner();
    const audit = (await owner.call('GET', `/api/audit?clientId=${anna}&limit=500`)).json() as {
      action: string;
      objectId: string;
      actorId: string;
    }[];
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'print', objectId: id, actorId: anouk.id }),
    );
  });

  it('[P10.1] keeps answers and the signature sealed in the database', async () => {
    await signPeel(anouk, anna, { has_allergies: true, allergy_details: ALLERGY_TEXT });
    const raw = JSON.stringify(await rawIntakes(anna));
    expect(raw).not.toContain('lanoline');
    expect(raw).not.toContain('allergy_details');
    expect(raw).not.toContain('has_allergies');
    expect(raw).not.toContain(aPng().toString('base64').slice(0, 40));
    expect(raw).not.toContain('iVBORw0KGgo'); // any PNG in base64
  });

  it('[P8.1] shows intakes only to those who treat the client', async () => {
    expect((await bram.call('GET', `/api/clients/${anna}/intakes`)).statusCode).toBe(404);
    expect((await rosa.call('GET', `/api/clients/${anna}/intakes`)).statusCode).toBe(403);
    expect((await signPeel(bram, anna)).statusCode).toBe(404);
  });
});

describe('bad input', () => {
  async function expectNothingWritten(response: { statusCode: number; json(): unknown }, field: string) {
    expect(response.statusCode).toBe(400);
    const problem = response.json() as { errors?: { field: string }[]; detail?: string };
    expect(problem.errors?.map((e) => e.field)).toContain(field);
  }

  it('refuses an unknown question, a missing or wrong answer, and names it; nothing is written', async () => {
    const bea = await clinic.aClient(anouk, { firstName: 'Bea', lastName: 'Fout' });
    await expectNothingWritten(
      await signPeel(anouk, bea, { favourite_colour: 'blauw' }),
      'answers.favourite_colour',
    );
    await expectNothingWritten(
      await signPeel(anouk, bea, { pregnant_or_breastfeeding: undefined }),
      'answers.pregnant_or_breastfeeding',
    );
    await expectNothingWritten(
      await signPeel(anouk, bea, { keloid_tendency: 'misschien' }),
      'answers.keloid_tendency',
    );
    await expectNothingWritten(
      await signPeel(anouk, bea, { medication_details: 42 }),
      'answers.medication_details',
    );
    const unknownType = await anouk.call('POST', `/api/clients/${bea}/intakes`, {
      treatmentTypeId: facial.replace(/.$/, (last) => (last === '0' ? '1' : '0')), // an id that is not a treatment type
      answers: {},
      signature: aSignature(),
    });
    await expectNothingWritten(unknownType, 'treatmentTypeId');
    expect(await rawIntakes(bea)).toEqual([]);
  });

  it('refuses a missing, non-PNG or oversize signature; nothing is written', async () => {
    const cas = await clinic.aClient(anouk, { firstName: 'Cas', lastName: 'Handtekening' });
    await expectNothingWritten(await signPeel(anouk, cas, {}, { signature: undefined }), 'signature');
    const jpeg = `data:image/png;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.alloc(64)]).toString('base64')}`;
    await expectNothingWritten(await signPeel(anouk, cas, {}, { signature: jpeg }), 'signature');
    const truncated = `data:image/png;base64,${aPng().subarray(0, 60).toString('base64')}`;
    await expectNothingWritten(await signPeel(anouk, cas, {}, { signature: truncated }), 'signature');
    await expectNothingWritten(
      await signPeel(anouk, cas, {}, { signature: 'data:text/html;base64,PGgxPg==' }),
      'signature',
    );
    const big = aSignature({ width: 300, height: 300, noise: true });
    expect(big.length).toBeGreaterThan(200 * 1024 * 1.33);
    const oversize = await signPeel(anouk, cas, {}, { signature: big });
    await expectNothingWritten(oversize, 'signature');
    expect((oversize.json() as { detail: string }).detail).toMatch(/200 kB/);
    expect(await rawIntakes(cas)).toEqual([]);
  });
});

describe('warnings before a treatment', () => {
  it('[P3.2] warns for the linked treatment type when an answer rules it out, and not for an unrelated one', async () => {
    const dirk = await clinic.aClient(anouk, { firstName: 'Dirk', lastName: 'Roaccutane' });
    const unrelated = await aTreatmentType(clinic, { name: 'Manicure', intakeTemplateKey: null });
    expect(
      (await anouk.call('GET', `/api/clients/${dirk}/contra-indications?treatmentTypeId=${peel}`)).json(),
    ).toEqual([]);
    expect((await signPeel(anouk, dirk, { isotretinoin_6_months: true })).statusCode).toBe(201);

    const forPeel = (
      await anouk.call('GET', `/api/clients/${dirk}/contra-indications?treatmentTypeId=${peel}`)
    ).json();
    expect(forPeel).toEqual([
      expect.objectContaining({
        questionKey: 'isotretinoin_6_months',
        effect: 'rules_out',
        warning: {
          nl: expect.stringContaining('Isotretinoïne'),
          en: expect.stringContaining('Isotretinoin'),
        },
      }),
    ]);
    expect(
      (
        await anouk.call('GET', `/api/clients/${dirk}/contra-indications?treatmentTypeId=${unrelated}`)
      ).json(),
    ).toEqual([]);
    expect(
      (await anouk.call('GET', `/api/clients/${dirk}/contra-indications?treatmentTypeId=${facial}`)).json(),
    ).toEqual([]);

    // What treatments call before they start, in their own action.
    const asAnouk = { kind: 'staff' as const, id: anouk.id, role: 'practitioner' as const };
    const viaContext = await clinic.context.gate.act(asAnouk, 'test', (scope) =>
      clinic.context.contraIndications(scope, dirk, peel),
    );
    expect(viaContext.map((c) => c.questionKey)).toEqual(['isotretinoin_6_months']);
    const forUnrelated = await clinic.context.gate.act(asAnouk, 'test', (scope) =>
      clinic.context.contraIndications(scope, dirk, unrelated),
    );
    expect(forUnrelated).toEqual([]);
  });

  it('[P3.2] makes starting a treatment that the intake rules out wait for an explicit confirmation', async () => {
    const fenna = await clinic.aClient(anouk, { firstName: 'Fenna', lastName: 'Zwanger' });
    expect((await signPeel(anouk, fenna, { pregnant_or_breastfeeding: true })).statusCode).toBe(201);
    const treatment = { kind: 'treatment', treatmentTypeId: peel, done: 'Glycolzuur 30%, 3 minuten' };
    const unconfirmed = await anouk.call('POST', `/api/clients/${fenna}/treatments`, treatment);
    expect(unconfirmed.statusCode).toBe(409);
    expect(unconfirmed.json().detail).toContain('pregnant_or_breastfeeding');
    const confirmed = await anouk.call('POST', `/api/clients/${fenna}/treatments`, {
      ...treatment,
      confirmedWarnings: ['pregnant_or_breastfeeding'],
      ruledOutReason: 'Borstvoeding gestopt, huisarts akkoord gegeven',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
  });

  it('[P3.2] takes the latest signed intake: a correction that answers no clears the warning', async () => {
    const eva = await clinic.aClient(anouk, { firstName: 'Eva', lastName: 'Correctie' });
    const first = (await signPeel(anouk, eva, { pregnant_or_breastfeeding: true })).json();
    expect(
      (await anouk.call('GET', `/api/clients/${eva}/contra-indications?treatmentTypeId=${peel}`)).json(),
    ).toHaveLength(1);
    clinic.clock.advance(60_000);
    expect((await signPeel(anouk, eva, {}, { supersedesId: first.id })).statusCode).toBe(201);
    expect(
      (await anouk.call('GET', `/api/clients/${eva}/contra-indications?treatmentTypeId=${peel}`)).json(),
    ).toEqual([]);
  });
});
