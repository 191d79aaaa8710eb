import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aSignature, aTreatmentType, formOf, harmlessAnswers } from '../../../test/support/intake';
import { pdfText } from '../../../test/support/pdf-text';
import { aJpeg, uploadPhotos } from '../../../test/support/photos';

let clinic: TestClinic;
let anouk: StaffMember;
let client: string;
let token: string;

const portal = (route: string, body: Record<string, unknown>) =>
  clinic.app.inject({ method: 'POST', url: `/api/public/privacy-portal/${route}`, payload: body });

/** Unsent e-mails with their links whole (the owner's list masks them). */
async function outbox() {
  return (await clinic.database.asOwner(
    'select recipient, kind, body from outbox_email where sent_at is null order by created_at desc',
  )) as { recipient: string; kind: string; body: string }[];
}

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Portaal');
  client = await clinic.aClient(anouk, {
    firstName: 'Sanne',
    lastName: 'Portaal',
    email: 'sanne.portaal@example.nl',
    birthDate: '1991-05-06',
  });
  const peel = await aTreatmentType(clinic, { name: 'Peeling', intakeTemplateKey: 'chemical_peel' });
  const invoiced = await anouk.call('POST', `/api/clients/${client}/invoices`, {
    lines: [{ description: 'Huidconsult', quantity: 1, unitPriceCents: 4_500, vatRatePercent: 21 }],
  });
  expect(invoiced.statusCode, invoiced.body).toBe(201);
  const form = await formOf(anouk, peel);
  await anouk.call('POST', `/api/clients/${client}/intakes`, {
    treatmentTypeId: peel,
    answers: harmlessAnswers(form.template.questions),
    signature: aSignature(),
  });
  await anouk.call('POST', `/api/clients/${client}/treatments`, {
    kind: 'consult',
    done: 'Huidadvies bij acne',
    discussed: 'Niet zelf aan puistjes zitten',
  });
  const set = (
    await anouk.call('POST', `/api/clients/${client}/photo-sets`, { bodyArea: 'voorhoofd' })
  ).json().id;
  await uploadPhotos(clinic, anouk, client, set, [
    { field: 'before', name: 'voor.jpg', bytes: await aJpeg() },
  ]);
});
afterAll(() => clinic.close());

describe('the client privacy portal', () => {
  it('answers the same whether or not it knows the address, and e-mails a link only to a client', async () => {
    const unknown = await portal('link', { email: 'niemand@example.nl', language: 'nl' });
    const known = await portal('link', { email: 'Sanne.Portaal@example.nl', language: 'nl' });
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    const mails = (await outbox()).filter((m) => m.kind === 'privacy_portal');
    expect(mails.map((m) => m.recipient)).toEqual(['Sanne.Portaal@example.nl']);
    token = /privacy-portal#token=([A-Za-z0-9_-]+)/.exec(mails[0]?.body ?? '')?.[1] ?? '';
    expect(token.length).toBeGreaterThan(30);
    expect(
      JSON.stringify(await clinic.database.asOwner('select token_hash from portal_token')),
    ).not.toContain(token);
  });

  it('[P1.1] shows what is held, the consents and who looked, by role and date but never by name', async () => {
    const overview = await portal('overview', { token });
    expect(overview.statusCode, overview.body).toBe(200);
    const body = overview.json();
    expect(body.client).toMatchObject({ firstName: 'Sanne', birthDate: '1991-05-06' });
    expect(body.held).toMatchObject({ treatments: 1, intakes: 1, photos: 1 });
    expect(body.consents.current).toEqual([
      expect.objectContaining({ scope: 'health_data', decision: 'granted', channel: 'intake' }),
    ]);
    expect(body.access.length).toBeGreaterThan(0);
    expect(body.access.map((a: { role: string }) => a.role)).toContain('practitioner');
    expect(overview.body).not.toContain('Anouk');
    expect((await portal('overview', { token: 'x'.repeat(43) })).statusCode).toBe(404);
  });

  it('exports everything as a zip with data.json, photos and signature, and as a readable PDF', async () => {
    const zip = await portal('export.zip', { token });
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(zip.rawPayload));
    const data = JSON.parse(strFromU8(files['data.json'] ?? new Uint8Array()));
    expect(data.client.lastName).toBe('Portaal');
    expect(data.treatments[0].report.discussed).toBe('Niet zelf aan puistjes zitten');
    expect(data.intakes[0].answers).toBeTruthy();
    const photoFile = data.photoSets[0].photos[0].file as string;
    expect(
      Buffer.from(files[photoFile] ?? [])
        .subarray(0, 2)
        .toString('hex'),
    ).toBe('ffd8');
    expect(data.invoices).toEqual([
      expect.objectContaining({
        totalCents: 4_500,
        lines: [expect.objectContaining({ description: 'Huidconsult' })],
      }),
    ]);
    const signature = files[data.intakes[0].signatureFile] ?? new Uint8Array();
    expect(Buffer.from(signature).subarray(1, 4).toString('latin1')).toBe('PNG');

    const pdf = await portal('export.pdf', { token });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.rawPayload)).replaceAll(/\s+/g, ' ');
    expect(text).toContain('Sanne Portaal');
    expect(text).toContain('Huidadvies bij acne');
    expect(text).toContain('Medische gegevens: gegeven (intake');
    expect(text).toContain('Huidconsult');
  });

  it('[P1.1] withdraws a consent from the portal at once, as a new record', async () => {
    expect(
      (await portal('consents', { token, scope: 'health_data', decision: 'withdrawn' })).statusCode,
    ).toBe(204);
    const consents = (await anouk.call('GET', `/api/clients/${client}/consents`)).json();
    expect(consents.current).toEqual([
      expect.objectContaining({ scope: 'health_data', decision: 'withdrawn', channel: 'privacy_portal' }),
    ]);
    expect(consents.history).toHaveLength(2);
  });

  it('[P8.2] takes a written request to send the data to a third party, signed with the link', async () => {
    const asked = await portal('disclosure-request', {
      token,
      recipient: 'Huisarts Van Dijk',
      purpose: 'Mijn huidproblemen bespreken',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const listed = (await anouk.call('GET', `/api/clients/${client}/disclosures`)).json();
    expect(listed).toEqual([
      expect.objectContaining({ recipient: 'Huisarts Van Dijk', requestKind: 'portal', disclosedAt: null }),
    ]);
    const consents = (await anouk.call('GET', `/api/clients/${client}/consents`)).json();
    expect(consents.current).toContainEqual(
      expect.objectContaining({
        scope: 'third_party',
        subject: 'Huisarts Van Dijk',
        channel: 'privacy_portal',
      }),
    );
  });

  it('[P9.2] registers an erasure request from the portal with its two-week deadline', async () => {
    const asked = await portal('erasure', { token });
    expect(asked.statusCode).toBe(201);
    expect(new Date(asked.json().deadlineAt).getTime() - clinic.clock.now().getTime()).toBe(
      14 * 24 * 3600 * 1000,
    );
    const owner = await clinic.freshOwner();
    const requests = (await owner.call('GET', '/api/erasure-requests')).json();
    expect(requests).toEqual([
      expect.objectContaining({ clientId: client, channel: 'portal', executedAt: null }),
    ]);
    expect((await portal('overview', { token })).json().erasureRequest.deadlineAt).toBe(
      asked.json().deadlineAt,
    );
  });

  it('stops working an hour after the e-mail', async () => {
    clinic.clock.advance(61 * 60 * 1000);
    expect((await portal('overview', { token })).statusCode).toBe(404);
  });
});
