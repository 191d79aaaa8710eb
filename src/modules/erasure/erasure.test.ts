import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aSignature, aTreatmentType, formOf, harmlessAnswers } from '../../../test/support/intake';
import { pdfText } from '../../../test/support/pdf-text';
import { aJpeg, uploadPhotos } from '../../../test/support/photos';
import { expectStatus } from '../../../test/support/status';

let clinic: TestClinic;
let anouk: StaffMember; // practitioner
let rosa: StaffMember; // reception
let peel: string;

const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Erasure');
  rosa = await clinic.hire('reception', 'Rosa Erasure');
  peel = await aTreatmentType(clinic, { name: 'Peeling', intakeTemplateKey: 'chemical_peel' });
});
afterAll(() => clinic.close());

const person = (lastName: string) => ({
  firstName: 'Wilhelmina',
  lastName,
  birthDate: '1979-07-19',
  email: `${lastName.toLowerCase()}@example.nl`,
  phone: '06 98765432',
});

/** A client with everything a dossier can hold: intake, treatment, analysis, e-mail, photos, an e-mail link. */
async function aFullDossier(lastName: string): Promise<string> {
  const id = await clinic.aClient(anouk, person(lastName));
  const form = await formOf(anouk, peel);
  await expectStatus(
    anouk.call('POST', `/api/clients/${id}/intakes`, {
      treatmentTypeId: peel,
      answers: harmlessAnswers(form.template.questions),
      signature: aSignature(),
    }),
    201,
  );
  await expectStatus(
    anouk.call('POST', `/api/clients/${id}/treatments`, { kind: 'consult', done: `Consult ${lastName}` }),
    201,
  );
  await expectStatus(
    anouk.call('POST', `/api/clients/${id}/skin-analyses`, {
      fitzpatrick: 2,
      conditions: ['rosacea'],
      findings: `Bevindingen ${lastName}`,
    }),
    201,
  );
  await expectStatus(
    anouk.call('POST', `/api/clients/${id}/emails`, {
      from: `${lastName.toLowerCase()}@example.nl`,
      subject: `Vraag van ${lastName}`,
      text: 'Tekst',
      eml: null,
    }),
    201,
  );
  await expectStatus(anouk.call('POST', `/api/clients/${id}/intake-links`, { treatmentTypeId: peel }), 201);
  const set = (
    await expectStatus(anouk.call('POST', `/api/clients/${id}/photo-sets`, { bodyArea: 'kin' }), 201)
  ).json().id;
  await uploadPhotos(clinic, anouk, id, set, [{ field: 'before', name: 'voor.jpg', bytes: await aJpeg() }]);
  return id;
}

async function register(clientId: string) {
  const response = await rosa.call('POST', `/api/clients/${clientId}/erasure-requests`);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; deadlineAt: string };
}

/** Every row of every table as text, as a plain database dump would show it. */
async function dumpText(except: string[] = []): Promise<string> {
  const tables = (
    await clinic.database.asOwner(
      `select tablename from pg_tables where schemaname = 'public' order by tablename`,
    )
  ).filter((t) => !except.includes(String(t.tablename)));
  const parts: string[] = [];
  for (const { tablename } of tables) {
    const rows = await clinic.database.asOwner(`select t::text as row from "${tablename}" t`);
    parts.push(...rows.map((r) => String(r.row)));
  }
  return parts.join('\n');
}

describe('erasure on request', () => {
  it('[P9.2] is due within two weeks, shown to the owner, and carried out with a certificate of what was destroyed and kept', async () => {
    const client = await aFullDossier('Vergeetmij');
    const first = await register(client);
    expect(new Date(first.deadlineAt).getTime() - clinic.clock.now().getTime()).toBe(14 * DAY);
    expect((await register(client)).id).toBe(first.id); // a second request keeps the first deadline

    const owner = await clinic.freshOwner();
    const list = (await owner.call('GET', '/api/erasure-requests')).json();
    expect(list[0]).toMatchObject({ id: first.id, clientName: 'Wilhelmina Vergeetmij', executedAt: null });
    expect((await rosa.call('GET', '/api/erasure-requests')).statusCode).toBe(403);
    expect((await rosa.call('POST', `/api/erasure-requests/${first.id}/execute`)).statusCode).toBe(403);

    const owner2 = await clinic.freshOwner();
    const executed = await owner2.call('POST', `/api/erasure-requests/${first.id}/execute`);
    expect(executed.statusCode, executed.body).toBe(200);
    const certificate = executed.json();
    expect(certificate.destroyed).toMatchObject({
      clients: 1,
      treatments: 1,
      skinAnalyses: 1,
      emails: 1,
      intakes: 2, // the signed one and the draft behind the e-mailed link
      photos: 1,
      photoFiles: 2,
      consents: 1,
      outboxEmails: 1,
    });
    expect(certificate.keyDestroyed).toBe(true);
    expect(certificate.kept.map((k: { what: string }) => k.what)).toContain(
      'financial records (invoices, payments)',
    );

    expect((await owner2.call('GET', `/api/clients/${client}`)).statusCode).toBe(404);
    expect((await anouk.call('GET', `/api/clients/${client}/dossier`)).statusCode).toBe(404);
    // Executing again changes nothing and answers the same certificate.
    expect((await owner2.call('POST', `/api/erasure-requests/${first.id}/execute`)).json()).toEqual(
      certificate,
    );

    const pdf = await owner2.call('GET', `/api/erasure-requests/${first.id}/certificate.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.rawPayload)).replaceAll(/\s+/g, ' ');
    // In the client's language (Dutch here); the English wording is in documents-language.test.ts.
    expect(text).toContain('verklaring van vernietiging');
    expect(text).toContain('Behandelingen en consulten met hun verslagen: 1');
    expect(text).toContain('versleutelingssleutel van de cliënt is vernietigd');
    expect(text).toContain('Regels in het logboek');
    expect(text).not.toContain('Vergeetmij');
  });

  it('[P9.4] leaves no name, e-mail or date of birth in a dump of the database or in the photo folder', async () => {
    const client = await aFullDossier('Spoorloos');
    const invoiced = await rosa.call('POST', `/api/clients/${client}/invoices`, {
      lines: [{ description: 'Peeling', quantity: 1, unitPriceCents: 9_500, vatRatePercent: 21 }],
    });
    expect(invoiced.statusCode, invoiced.body).toBe(201);
    const photoFiles = () => readdirSync(path.join(clinic.context.config.dataDir, 'photos'));
    const before = photoFiles();
    expect(await dumpText()).toContain('Spoorloos');
    const request = await register(client);
    const owner = await clinic.freshOwner();
    const certificate = (await owner.call('POST', `/api/erasure-requests/${request.id}/execute`)).json();
    expect(certificate.kept).toContainEqual(
      expect.objectContaining({ what: 'financial records (invoices, payments)', count: 1 }),
    );

    // The kept invoice holds the name the law needs on it (P9.3); nothing else does.
    expect(await dumpText()).toContain('Spoorloos');
    const invoiceRows = await clinic.database.asOwner(
      `select t::text as row from invoice t where client_id = '${client}'`,
    );
    expect(invoiceRows.map((r) => String(r.row)).join()).toContain('Spoorloos');
    const dump = await dumpText(['invoice']);
    expect(dump).not.toContain('Spoorloos');
    expect(dump).not.toContain('spoorloos@example.nl');
    expect(dump).not.toContain('1979-07-19');
    const after = photoFiles();
    expect(after.length).toBe(before.length - 2);
    for (const name of after) {
      expect(
        readFileSync(path.join(clinic.context.config.dataDir, 'photos', name)).toString('latin1'),
      ).not.toContain('Spoorloos');
    }
  });

  it('[P9.4] a backup taken before the erasure cannot bring the data back into use', async () => {
    const client = await aFullDossier('Teruggezet');
    // The backup: the client's rows, its key, a treatment and the relationship, as a dump holds them.
    const backup: Record<string, Record<string, unknown>[]> = {};
    for (const table of ['client', 'client_key', 'treatment', 'care_relationship']) {
      const column = table === 'client' ? 'id' : 'client_id';
      backup[table] = await clinic.database.asOwner(
        `select row_to_json(t)::text as row from ${table} t where ${column} = '${client}'`,
      );
    }
    const request = await register(client);
    await (await clinic.freshOwner()).call('POST', `/api/erasure-requests/${request.id}/execute`);

    // Restore the backup's rows into the live database.
    for (const [table, rows] of Object.entries(backup)) {
      for (const { row } of rows) {
        await clinic.database.asOwner(
          `insert into ${table} select * from json_populate_record(null::${table}, '${String(row).replaceAll("'", "''")}')`,
        );
      }
    }
    expect(
      await clinic.database.asOwner(`select 1 from client_key where client_id = '${client}'`),
    ).toHaveLength(1);
    // The key is there again, but Vellum will not open it ...
    expect((await anouk.call('GET', `/api/clients/${client}/dossier`)).statusCode).toBe(404);
    // ... and at the next start it erases the client again.
    expect(await clinic.context.erasure.reapply()).toBe(1);
    expect(await clinic.database.asOwner(`select 1 from client where id = '${client}'`)).toEqual([]);
    expect(await clinic.context.erasure.reapply()).toBe(0);
  });
});
