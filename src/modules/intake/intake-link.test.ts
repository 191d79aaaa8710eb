import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aSignature, aTreatmentType, harmlessAnswers } from '../../../test/support/intake';

let clinic: TestClinic;
let anouk: StaffMember;
let laser: string;

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Link');
  laser = await aTreatmentType(clinic, {
    name: 'IPL ontharing oksels',
    intakeTemplateKey: 'ipl_laser_hair_removal',
    priceCents: 6900,
  });
});
afterAll(() => clinic.close());

/** Sends a link to a new client and returns the token from the e-mail in the outbox. */
async function sendLink(email: string) {
  const client = await clinic.aClient(anouk, { firstName: 'Lotte', lastName: 'Thuis', email });
  const sent = await anouk.call('POST', `/api/clients/${client}/intake-links`, { treatmentTypeId: laser });
  expect(sent.statusCode, sent.body).toBe(201);
  // The link whole, as the mailer sends it (the owner's list masks it).
  const mails = (await clinic.database.asOwner(
    'select recipient, body, kind from outbox_email where sent_at is null order by created_at desc',
  )) as { recipient: string; body: string; kind: string }[];
  const mail = mails.find((m) => m.recipient === email && m.kind === 'intake_link');
  expect(mail).toBeDefined();
  const link = /(http\S+\/intake#token=[A-Za-z0-9_-]+)/.exec(mail?.body ?? '')?.[1] ?? '';
  return {
    client,
    intakeId: sent.json().intakeId as string,
    link,
    token: new URL(link).hash.slice('#token='.length),
    mail,
  };
}

const anonymous = (url: string, payload: unknown) =>
  clinic.app.inject({ method: 'POST', url, payload: payload as object });

describe('the one-time intake link', () => {
  it('[P5.1] e-mails a single-use link through the outbox; the client fills in and signs, and it lands in the dossier', async () => {
    const { client, intakeId, link, token, mail } = await sendLink('lotte.thuis@example.nl');
    expect(link.startsWith(`${clinic.context.config.publicUrl}/intake#token=`)).toBe(true);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(mail?.body).not.toContain('IPL'); // the e-mail names no treatment
    expect(JSON.stringify(await clinic.database.asOwner('select token_hash from intake_link'))).not.toContain(
      token,
    );

    const form = await anonymous('/api/intake-link/form', { token });
    expect(form.statusCode, form.body).toBe(200);
    expect(Object.keys(form.json()).sort()).toEqual(['consent', 'priceCents', 'template', 'treatmentName']);
    expect(form.json().consent.text.nl).toMatch(/toestemming/);
    expect(form.json()).toMatchObject({ treatmentName: 'IPL ontharing oksels', priceCents: 6900 });
    expect(form.body).not.toContain('Lotte');
    expect(form.body).not.toContain('lotte.thuis');

    const draft = (await anouk.call('GET', `/api/clients/${client}/intakes`)).json();
    expect(draft).toEqual([expect.objectContaining({ id: intakeId, status: 'draft', channel: 'link' })]);

    const answers = { ...harmlessAnswers(form.json().template.questions), recent_tan: true };
    const signed = await anonymous('/api/intake-link/sign', { token, answers, signature: aSignature() });
    expect(signed.statusCode, signed.body).toBe(200);

    const intake = (await anouk.call('GET', `/api/clients/${client}/intakes/${intakeId}`)).json();
    expect(intake).toMatchObject({ status: 'signed', channel: 'link', priceCents: 6900, hashVerified: true });
    expect(intake.answers.recent_tan).toBe(true);
    // [P1.2] signing from home is a consent on the intake channel, with the signature as evidence.
    const consents = (await anouk.call('GET', `/api/clients/${client}/consents`)).json();
    expect(consents.history).toEqual([
      expect.objectContaining({
        scope: 'health_data',
        decision: 'granted',
        channel: 'intake',
        statementVersion: form.json().consent.statementVersion,
        evidence: { kind: 'signature', intakeId },
      }),
    ]);
    const warnings = (
      await anouk.call('GET', `/api/clients/${client}/contra-indications?treatmentTypeId=${laser}`)
    ).json();
    expect(warnings.map((w: { questionKey: string }) => w.questionKey)).toEqual(['recent_tan']);

    // Used once: now it answers as if it never existed.
    const again = await anonymous('/api/intake-link/sign', { token, answers, signature: aSignature() });
    const reopened = await anonymous('/api/intake-link/form', { token });
    const wrong = await anonymous('/api/intake-link/form', { token: `${token.slice(0, -4)}AAAA` });
    expect(again.statusCode).toBe(404);
    expect(reopened.statusCode).toBe(404);
    expect(wrong.statusCode).toBe(404);
    expect(again.json()).toEqual(wrong.json());
    expect(reopened.json()).toEqual(wrong.json());
    expect(wrong.body).not.toContain('IPL');
  });

  it('[P5.1] expires after 14 days and then answers like a wrong token', async () => {
    const { token } = await sendLink('sanne.later@example.nl');
    clinic.clock.advance(13 * 24 * 3600_000);
    expect((await anonymous('/api/intake-link/form', { token })).statusCode).toBe(200);
    clinic.clock.advance(24 * 3600_000 + 1000);
    const expired = await anonymous('/api/intake-link/form', { token });
    const wrong = await anonymous('/api/intake-link/form', { token: 'bestaat-niet' });
    expect(expired.statusCode).toBe(404);
    expect(expired.json()).toEqual(wrong.json());
    Object.assign(anouk, await clinic.signIn(anouk));
  });

  it('[P5.1] checks the answers and the signature sent through the link, and keeps the link usable', async () => {
    const { token } = await sendLink('noor.fout@example.nl');
    const form = (await anonymous('/api/intake-link/form', { token })).json();
    const answers = harmlessAnswers(form.template.questions);
    const unsigned = await anonymous('/api/intake-link/sign', { token, answers });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json().errors[0].field).toBe('signature');
    const unknown = await anonymous('/api/intake-link/sign', {
      token,
      answers: { ...answers, shoe_size: '39' },
      signature: aSignature(),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('answers.shoe_size');
    expect(
      (await anonymous('/api/intake-link/sign', { token, answers, signature: aSignature() })).statusCode,
    ).toBe(200);
  });
});
