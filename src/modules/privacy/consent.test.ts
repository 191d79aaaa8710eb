import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aSignature, aTreatmentType, formOf, harmlessAnswers } from '../../../test/support/intake';
import { expectStatus } from '../../../test/support/status';
import { sha256Hex } from '../../platform/crypto';

let clinic: TestClinic;
let anouk: StaffMember; // practitioner
let rosa: StaffMember; // reception
let peel: string;

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Consent');
  rosa = await clinic.hire('reception', 'Rosa Consent');
  peel = await aTreatmentType(clinic, { name: 'Peeling', intakeTemplateKey: 'chemical_peel' });
});
afterAll(() => clinic.close());

const consentsOf = async (member: StaffMember, clientId: string) =>
  (await member.call('GET', `/api/clients/${clientId}/consents`)).json();

async function signIntake(clientId: string, language: 'nl' | 'en' = 'nl') {
  const form = await formOf(anouk, peel);
  const signed = await anouk.call('POST', `/api/clients/${clientId}/intakes`, {
    treatmentTypeId: peel,
    language,
    answers: harmlessAnswers(form.template.questions),
    signature: aSignature(),
    statementVersion: (form as unknown as { consent: { statementVersion: number } }).consent.statementVersion,
  });
  expect(signed.statusCode, signed.body).toBe(201);
  return {
    intakeId: signed.json().id as string,
    form: form as unknown as { consent: { statementVersion: number; text: { nl: string; en: string } } },
  };
}

describe('the consent ledger', () => {
  it('[P1.1] signing an intake records the health-data consent with the exact text version, channel and evidence', async () => {
    const client = await clinic.aClient(anouk, { firstName: 'Mila', lastName: 'Consent' });
    const { intakeId, form } = await signIntake(client, 'en');
    expect(form.consent.text.en).toMatch(/I consent to Huidkliniek Noord/);

    const { current, history } = await consentsOf(rosa, client);
    expect(history).toEqual([
      expect.objectContaining({
        scope: 'health_data',
        subject: '',
        decision: 'granted',
        channel: 'intake',
        language: 'en',
        statementVersion: form.consent.statementVersion,
        textHash: sha256Hex(form.consent.text.en),
        evidence: { kind: 'signature', intakeId },
        recordedByName: 'Anouk Consent',
      }),
    ]);
    expect(current).toEqual([
      expect.objectContaining({ scope: 'health_data', decision: 'granted', channel: 'intake' }),
    ]);
    // The version it points at is published and its hash covers that sentence.
    const statement = (
      await clinic.app.inject({
        method: 'GET',
        url: `/api/public/privacy-statement?version=${form.consent.statementVersion}`,
      })
    ).json();
    expect(statement.consentTexts.health_data.en).toBe(form.consent.text.en);
  });

  it('[P1.1] a withdrawal is a new record that holds at once; nothing is overwritten', async () => {
    const client = await clinic.aClient(rosa, { firstName: 'Noa', lastName: 'Consent' });
    const grant = await rosa.call('POST', `/api/clients/${client}/consents`, {
      scope: 'newsletter',
      decision: 'granted',
      channel: 'desk',
      language: 'nl',
      note: 'Aan de balie gevraagd',
    });
    expect(grant.statusCode, grant.body).toBe(201);
    const holds = () =>
      clinic.context.gate.act({ kind: 'system', name: 'test' }, 'test', (scope) =>
        clinic.context.consents.holds(scope.tx, client, 'newsletter'),
      );
    expect(await holds()).toBe(true);
    clinic.clock.advance(60_000);
    const withdraw = await rosa.call('POST', `/api/clients/${client}/consents`, {
      scope: 'newsletter',
      decision: 'withdrawn',
      channel: 'desk',
      language: 'nl',
    });
    expect(withdraw.statusCode).toBe(201);
    expect(await holds()).toBe(false);
    const { current, history } = await consentsOf(rosa, client);
    expect(history.map((r: { decision: string }) => r.decision)).toEqual(['granted', 'withdrawn']);
    expect(history[0].evidence).toMatchObject({ kind: 'staff', note: 'Aan de balie gevraagd' });
    expect(current).toEqual([expect.objectContaining({ scope: 'newsletter', decision: 'withdrawn' })]);
  });

  it('[P1.1] the ledger and the published statements are append-only, even for the database role', async () => {
    const [record] = await clinic.database.asOwner('select id from consent_record limit 1');
    const asApp = async (statement: string) =>
      clinic.database.asOwner(`set role vellum_app;\n${statement};\nreset role`);
    await expect(
      asApp(`update consent_record set decision = 'withdrawn' where id = '${record?.id}'`),
    ).rejects.toThrow(/permission denied/);
    await expect(asApp(`delete from consent_record where id = '${record?.id}'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      clinic.database.asOwner(`update consent_record set decision = 'withdrawn' where id = '${record?.id}'`),
    ).rejects.toThrow(/cannot be changed/);
    await expect(clinic.database.asOwner(`update privacy_statement_version set hash = 'x'`)).rejects.toThrow(
      /cannot be changed/,
    );
  });

  it('[P1.2] records a consent given by e-mail, with the recorded e-mail or a reference to it', async () => {
    const client = await clinic.aClient(anouk, { firstName: 'Lieke', lastName: 'Consent' });
    const email = await anouk.call('POST', `/api/clients/${client}/emails`, {
      from: 'lieke@example.nl',
      subject: 'Toestemming foto’s',
      text: 'Jullie mogen voor- en nafoto’s maken.',
      eml: null,
    });
    const byPractitioner = await anouk.call('POST', `/api/clients/${client}/consents`, {
      scope: 'treatment_photos',
      decision: 'granted',
      channel: 'email',
      language: 'nl',
      dossierEmailId: email.json().id,
    });
    expect(byPractitioner.statusCode, byPractitioner.body).toBe(201);
    // Reception cannot point at a dossier e-mail (medical-level) but can reference one.
    expect(
      (
        await rosa.call('POST', `/api/clients/${client}/consents`, {
          scope: 'newsletter',
          decision: 'granted',
          channel: 'email',
          language: 'nl',
          dossierEmailId: email.json().id,
        })
      ).statusCode,
    ).toBe(403);
    const missingReference = await rosa.call('POST', `/api/clients/${client}/consents`, {
      scope: 'newsletter',
      decision: 'granted',
      channel: 'email',
      language: 'nl',
    });
    expect(missingReference.statusCode).toBe(400);
    expect(missingReference.json().errors[0].field).toBe('reference');
    const byReception = await rosa.call('POST', `/api/clients/${client}/consents`, {
      scope: 'newsletter',
      decision: 'granted',
      channel: 'email',
      language: 'nl',
      reference: 'E-mail van 24 november, onderwerp "nieuwsbrief"',
    });
    expect(byReception.statusCode).toBe(201);
    const { history } = await consentsOf(anouk, client);
    expect(history.map((r: { channel: string; evidence: unknown }) => [r.channel, r.evidence])).toEqual([
      ['email', { kind: 'email', dossierEmailId: email.json().id, reference: null }],
      [
        'email',
        { kind: 'email', dossierEmailId: null, reference: 'E-mail van 24 november, onderwerp "nieuwsbrief"' },
      ],
    ]);
  });

  it('[P1.1] a form shown before a withdrawal cannot grant the consent again', async () => {
    const client = await clinic.aClient(rosa, { firstName: 'Fenna', lastName: 'Consent' });
    const shownAt = clinic.clock.now();
    clinic.clock.advance(1000);
    await expectStatus(
      rosa.call('POST', `/api/clients/${client}/consents`, {
        scope: 'treatment_photos',
        decision: 'withdrawn',
        channel: 'desk',
        language: 'nl',
      }),
      201,
    );
    clinic.clock.advance(1000);
    const stale = clinic.context.gate.act({ kind: 'system', name: 'booking' }, 'test', (scope) =>
      clinic.context.consents.append(scope, {
        clientId: client,
        scope: 'treatment_photos',
        decision: 'granted',
        channel: 'online_booking',
        language: 'nl',
        evidence: {
          kind: 'checkbox',
          requestId: 'req-1',
          userAgent: null,
          formShownAt: shownAt.toISOString(),
        },
        shownAt,
      }),
    );
    await expect(stale).rejects.toThrow(/withdrawn after the form was shown/);
    expect((await consentsOf(rosa, client)).current).toEqual([
      expect.objectContaining({ scope: 'treatment_photos', decision: 'withdrawn' }),
    ]);
  });

  it('[P1.3] [P11.1] lists clients without a health-data consent until one is recorded', async () => {
    const client = await clinic.aClient(rosa, { firstName: 'Zara', lastName: 'Zonder' });
    const missing = async () =>
      ((await rosa.call('GET', '/api/consents/missing')).json() as { id: string; withdrawn: boolean }[]).find(
        (c) => c.id === client,
      );
    expect(await missing()).toEqual({ id: client, firstName: 'Zara', lastName: 'Zonder', withdrawn: false });
    const owner = await clinic.freshOwner();
    await expectStatus(
      owner.call('POST', `/api/clients/${client}/care-assignments`, { staffId: anouk.id }),
      204,
    );
    await signIntake(client);
    expect(await missing()).toBeUndefined();
    clinic.clock.advance(1000);
    await expectStatus(
      rosa.call('POST', `/api/clients/${client}/consents`, {
        scope: 'health_data',
        decision: 'withdrawn',
        channel: 'desk',
        language: 'nl',
      }),
      201,
    );
    expect(await missing()).toMatchObject({ id: client, withdrawn: true });
  });

  it('publishes a new statement version when a setting changes the text; earlier consents keep theirs', async () => {
    const before = (await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })).json();
    await clinic.database.asOwner(`update clinic set privacy_email = 'privacy@nieuw-adres.nl'`);
    const after = (await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })).json();
    expect(after.version).toBe(before.version + 1);
    expect(after.hash).not.toBe(before.hash);
    expect(JSON.stringify(after.texts.nl)).toContain('privacy@nieuw-adres.nl');
    const old = (
      await clinic.app.inject({
        method: 'GET',
        url: `/api/public/privacy-statement?version=${before.version}`,
      })
    ).json();
    expect(old.hash).toBe(before.hash);
    // Asking again without a change publishes nothing.
    expect(
      (await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })).json().version,
    ).toBe(after.version);
  });
});
