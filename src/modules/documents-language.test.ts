import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../test/support/clinic';
import { aTreatmentType } from '../../test/support/intake';
import { pdfText } from '../../test/support/pdf-text';
import { type ClinicFeatures, defaultFeatures } from './access/clinic-features';
import { renderStatement } from './privacy/statement';

const switches = vi.hoisted(() => ({ current: null as ClinicFeatures | null }));
vi.mock('./access/clinic-features', async (original) => {
  const actual = await original<typeof import('./access/clinic-features')>();
  return {
    ...actual,
    clinicFeatures: async () => switches.current ?? actual.defaultFeatures,
  };
});

let clinic: TestClinic;
let anouk: StaffMember;
let rosa: StaffMember;
let peel: string;
let facial: string;
let sanne: string; // Dutch
let emma: string; // English

/** English, ISO dates, "EUR" and the formal "u": none of it belongs in a Dutch document. */
const NOT_DUTCH = [
  /\b(the|and|your|you|with|Dear|Invoice|Treatments?|Exported|Received|Destroyed|Kept|Why|Until|None|Name|Address|Phone|Purpose)\b/,
  /\b\d{4}-\d{2}-\d{2}\b/,
  /\bEUR\b/,
  /\b[Uu]w?\b/,
];
const NOT_ENGLISH = [
  /\b(de|het|een|van|je|jouw|Naam|Adres|Behandelingen|Ontvangen)\b/,
  /\b\d{4}-\d{2}-\d{2}\b/,
  /\bEUR\b/,
];

function expectNone(text: string, patterns: RegExp[]) {
  // Links carry tokens and ids, not words.
  const words = text.replaceAll(/https?:\/\/\S+/g, '');
  for (const pattern of patterns) expect(words, `${pattern} in:\n${words}`).not.toMatch(pattern);
}

async function flatPdfText(bytes: Buffer): Promise<string> {
  return (await pdfText(bytes)).replaceAll(/\s+/g, ' ');
}

const portal = (route: string, body: Record<string, unknown>) =>
  clinic.app.inject({ method: 'POST', url: `/api/public/privacy-portal/${route}`, payload: body });

/** The newest unsent e-mail of a kind to an address, links whole. */
async function mailTo(recipient: string, kind: string) {
  const [row] = await clinic.database.asOwner(
    `select subject, body from outbox_email where recipient = '${recipient}' and kind = '${kind}' order by created_at desc limit 1`,
  );
  expect(row, `${kind} to ${recipient}`).toBeDefined();
  return { subject: String(row?.subject), body: String(row?.body) };
}

async function portalPdf(email: string, language: 'nl' | 'en'): Promise<string> {
  expect((await portal('link', { email, language })).statusCode).toBe(202);
  const { body } = await mailTo(email, 'privacy_portal');
  const token = /privacy-portal#token=([A-Za-z0-9_-]+)/.exec(body)?.[1] ?? '';
  const pdf = await portal('export.pdf', { token });
  expect(pdf.statusCode, pdf.body).toBe(200);
  return flatPdfText(pdf.rawPayload);
}

async function aClientWithAnInvoice(firstName: string, lastName: string, preferredLanguage: 'nl' | 'en') {
  const id = await clinic.aClient(anouk, {
    firstName,
    lastName,
    email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@example.nl`,
    birthDate: '1990-03-02',
    preferredLanguage,
  });
  const invoiced = await rosa.call('POST', `/api/clients/${id}/invoices`, {
    lines: [{ description: 'Peeling', quantity: 1, unitPriceCents: 11_050, vatRatePercent: 21 }],
  });
  expect(invoiced.statusCode, invoiced.body).toBe(201);
  const treated = await anouk.call('POST', `/api/clients/${id}/treatments`, {
    kind: 'treatment',
    treatmentTypeId: facial,
    done: 'Reiniging en masker',
  });
  expect(treated.statusCode, treated.body).toBe(201);
  return id;
}

beforeAll(async () => {
  // Monday 14 December 2026, 10:00 in Amsterdam.
  clinic = await aClinic('2026-12-14T09:00:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Taal');
  rosa = await clinic.hire('reception', 'Rosa Taal');
  await clinic.database.asOwner(
    `update clinic set street = 'Lindengracht', house_number = '12', postcode = '1015 KK', city = 'Amsterdam'`,
  );
  peel = await aTreatmentType(clinic, { name: 'Peeling', intakeTemplateKey: 'chemical_peel' });
  facial = await aTreatmentType(clinic, { name: 'Gezichtsbehandeling', intakeTemplateKey: null });
  await clinic.database.asOwner(
    `insert into treatment_type_practitioner (treatment_type_id, staff_id) values ('${facial}', '${anouk.id}')`,
  );
  const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinutes: 9 * 60, endMinutes: 17 * 60 }));
  expect((await clinic.owner.call('PUT', '/api/schedule/opening-hours', { hours })).statusCode).toBe(204);
  expect((await clinic.owner.call('PUT', `/api/staff/${anouk.id}/working-hours`, { hours })).statusCode).toBe(
    204,
  );
  sanne = await aClientWithAnInvoice('Sanne', 'Taal', 'nl');
  emma = await aClientWithAnInvoice('Emma', 'Language', 'en');
});
afterAll(() => clinic.close());

describe('documents in the reader’s language', () => {
  it('the client’s PDF export: Dutch dates, local times and amounts, or English for an English client', async () => {
    const nl = await portalPdf('sanne.taal@example.nl', 'nl');
    expect(nl).toContain('de gegevens die wij van je bewaren');
    expect(nl).toMatch(/Gemaakt op 14 december 2026 10:\d\d /); // 09:0x UTC, in Amsterdam
    expect(nl).toContain('Geboortedatum: 2 maart 1990');
    expect(nl).toContain('14 december 2026 — Gezichtsbehandeling');
    expect(nl).toContain('€ 110,50');
    expect(nl).toContain('Factuur 2026-000001');
    expect(nl).toContain('Behandelaar: ingezien');
    expectNone(nl, NOT_DUTCH);

    const en = await portalPdf('emma.language@example.nl', 'en');
    expect(en).toContain('the data we hold about you');
    expect(en).toMatch(/Exported 14 December 2026 10:\d\d /);
    expect(en).toContain('Date of birth: 2 March 1990');
    expect(en).toContain('€110.50');
    expect(en).toContain('Practitioner: viewed');
    expectNone(en, NOT_ENGLISH);
  });

  it('the erasure certificate, in the language of the client it was for', async () => {
    const certificate = async (firstName: string, lastName: string, language: 'nl' | 'en') => {
      const id = await clinic.aClient(anouk, { firstName, lastName, preferredLanguage: language });
      const registered = await rosa.call('POST', `/api/clients/${id}/erasure-requests`);
      expect(registered.statusCode, registered.body).toBe(201);
      const owner = await clinic.freshOwner();
      const requestId = registered.json().id;
      expect((await owner.call('POST', `/api/erasure-requests/${requestId}/execute`)).statusCode).toBe(200);
      const pdf = await owner.call('GET', `/api/erasure-requests/${requestId}/certificate.pdf`);
      expect(pdf.statusCode, pdf.body).toBe(200);
      return flatPdfText(pdf.rawPayload);
    };
    const nl = await certificate('Wim', 'Wissen', 'nl');
    expect(nl).toContain('verklaring van vernietiging');
    expect(nl).toContain('Ontvangen op 14 december 2026, uiterlijk uit te voeren op 28 december 2026');
    expect(nl).toContain('Tot: zolang de praktijk haar logboek bewaart');
    expect(nl).not.toContain('Wissen');
    expectNone(nl, NOT_DUTCH);

    const en = await certificate('Ella', 'Erase', 'en');
    expect(en).toContain('certificate of erasure');
    expect(en).toContain('Received 14 December 2026, due 28 December 2026');
    expectNone(en, NOT_ENGLISH);
  });

  it('the record of processing (PDF and CSV): Dutch content with the clinic’s address; English on request', async () => {
    const owner = await clinic.freshOwner();
    const nl = await flatPdfText((await owner.call('GET', '/api/processing-record.pdf')).rawPayload);
    expect(nl).toContain('Register van verwerkingsactiviteiten');
    expect(nl).toContain('Adres: Lindengracht 12, 1015 KK Amsterdam');
    expect(nl).toMatch(/Opgesteld op 14 december 2026 10:\d\d /);
    expect(nl).toContain('Cliënten behandelen');
    expect(nl).toContain('Doorgifte buiten de EER Geen');
    expect(nl).not.toContain('Mollie'); // no webshop
    expectNone(nl, NOT_DUTCH);
    const json = (await owner.call('GET', '/api/processing-record')).json();
    expect(json.activities.map((a: { purpose: string }) => a.purpose)).toContain('Nieuwsbrief');

    const csv = await owner.call('GET', '/api/processing-record.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('"Doel";"Grondslag";"Betrokkenen"');
    expectNone(csv.body, NOT_DUTCH);

    const en = await flatPdfText(
      (await owner.call('GET', '/api/processing-record.pdf?language=en')).rawPayload,
    );
    expect(en).toContain('Record of processing activities');
    expect(en).toMatch(/Drawn up on 14 December 2026 10:\d\d /);
    expect(en).toContain('Treating clients');
    expect((await owner.call('GET', '/api/processing-record.csv?language=en')).body).toContain('"Purpose"');
  });

  it('the record lists Mollie as processor and the webshop only while the shop is on', async () => {
    switches.current = { ...defaultFeatures, webshop: true };
    try {
      const owner = await clinic.freshOwner();
      const record = (await owner.call('GET', '/api/processing-record')).json();
      expect(record.processors).toContainEqual(
        expect.objectContaining({ name: 'Mollie B.V.', agreementDate: null }),
      );
      expect(record.activities.map((a: { purpose: string }) => a.purpose)).toContain(
        'Bestellingen in de webshop',
      );
      const statement = (
        await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })
      ).json();
      expect(JSON.stringify(statement.texts.nl)).toContain('Mollie B.V.: Online betalingen in de webshop');
    } finally {
      switches.current = null;
    }
  });

  it('the privacy statement says "je", and only what the clinic has switched on', async () => {
    const published = (
      await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })
    ).json();
    const nl = JSON.stringify(published.texts.nl);
    expect(nl).toContain('Hier lees je hoe wij met je gegevens omgaan');
    expect(nl).toContain('Lindengracht 12, 1015 KK Amsterdam');
    expect(nl).not.toMatch(/webshop|Mollie/i);
    expect(nl).toContain('contactformulier');
    expect(nl).toContain('nieuwsbrief');
    expectNone(nl, [/\b[Uu]w?\b/]);

    const settings = {
      clinic: {
        name: 'Huidkliniek',
        privacyEmail: null,
        street: null,
        houseNumber: null,
        postcode: null,
        city: null,
      },
      retention: {
        dossierYears: 2,
        financialYears: 7,
        erasureDays: 14,
        contactRequestMonths: 12,
        backupDays: 30,
      },
      processors: [],
    };
    const shop = renderStatement({
      ...settings,
      features: { webshop: true, contactForm: false, newsletter: false },
    });
    for (const language of ['nl', 'en'] as const) {
      const text = JSON.stringify(shop.texts[language]);
      expect(text).toContain('webshop');
      expect(text).toContain('Mollie B.V.');
      expect(text).not.toMatch(/contactformulier|contact form|nieuwsbrief|newsletter/i);
    }
  });
});

describe('e-mails in the reader’s language, to the person by name', () => {
  it('booking confirmation, reschedule, cancellation and reminder', async () => {
    const statementVersion = (
      await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })
    ).json().version;
    const post = (url: string, payload: Record<string, unknown>, remoteAddress: string) =>
      clinic.app.inject({ method: 'POST', url: `/api/public/bookings${url}`, payload, remoteAddress });
    const flow = async (language: 'nl' | 'en', email: string, startsAt: string, ip: string) => {
      const booked = await post(
        '',
        {
          treatmentTypeId: facial,
          practitionerId: null,
          startsAt,
          firstName: 'Vera',
          lastName: 'Boeking',
          email,
          phone: '06 11122233',
          language,
          statementVersion,
          consent: true,
        },
        ip,
      );
      expect(booked.statusCode, booked.body).toBe(201);
      const confirmation = await mailTo(email, 'booking_confirmation');
      const token = /cancel#token=([A-Za-z0-9_-]+)/.exec(confirmation.body)?.[1] ?? '';
      const moved = await post(
        '/reschedule',
        { token, startsAt: '2026-12-16T13:00:00.000Z', practitionerId: anouk.id },
        ip,
      );
      expect(moved.statusCode, moved.body).toBe(200);
      const reschedule = await mailTo(email, 'booking_reschedule');
      const fresh = /cancel#token=([A-Za-z0-9_-]+)/.exec(reschedule.body)?.[1] ?? '';
      expect((await post('/cancel', { token: fresh }, ip)).statusCode).toBe(200);
      return { confirmation, reschedule, cancellation: await mailTo(email, 'booking_cancellation') };
    };
    const nl = await flow('nl', 'vera.nl@example.nl', '2026-12-15T09:30:00.000Z', '192.0.2.11');
    expect(nl.confirmation.subject).toContain('je afspraak');
    expect(nl.confirmation.body).toContain('dinsdag 15 december 2026 om 10:30');
    expect(nl.reschedule.body).toContain(
      'nu woensdag 16 december 2026 om 14:00 (was dinsdag 15 december 2026 om 10:30)',
    );
    expect(nl.cancellation.body).toContain(
      'Je afspraak (Gezichtsbehandeling, woensdag 16 december 2026 om 14:00)',
    );
    for (const mail of Object.values(nl)) expectNone(`${mail.subject}\n${mail.body}`, NOT_DUTCH);

    const en = await flow('en', 'vera.en@example.nl', '2026-12-15T11:00:00.000Z', '192.0.2.12');
    expect(en.confirmation.body).toContain('Tuesday 15 December 2026 at 12:00');
    expect(en.cancellation.body).toContain('Wednesday 16 December 2026 at 14:00');
    for (const mail of Object.values(en)) expectNone(`${mail.subject}\n${mail.body}`, NOT_ENGLISH);
  });

  it('the intake link, the privacy portal link and the staff invitation', async () => {
    for (const client of [sanne, emma]) {
      const sent = await anouk.call('POST', `/api/clients/${client}/intake-links`, { treatmentTypeId: peel });
      expect(sent.statusCode, sent.body).toBe(201);
    }
    const intakeNl = await mailTo('sanne.taal@example.nl', 'intake_link');
    expect(intakeNl.body).toMatch(/^Beste Sanne,/);
    expect(intakeNl.body).toContain('geldig tot 28 december 2026');
    expect(intakeNl.body).not.toContain('cliënt');
    expectNone(`${intakeNl.subject}\n${intakeNl.body}`, NOT_DUTCH);
    const intakeEn = await mailTo('emma.language@example.nl', 'intake_link');
    expect(intakeEn.body).toMatch(/^Dear Emma,/);
    expect(intakeEn.body).toContain('valid until 28 December 2026');
    expectNone(`${intakeEn.subject}\n${intakeEn.body}`, NOT_ENGLISH);

    const portalNl = await mailTo('sanne.taal@example.nl', 'privacy_portal');
    expect(portalNl.body).toContain('Je vroeg om een link');
    expectNone(`${portalNl.subject}\n${portalNl.body}`, NOT_DUTCH);
    const portalEn = await mailTo('emma.language@example.nl', 'privacy_portal');
    expectNone(`${portalEn.subject}\n${portalEn.body}`, NOT_ENGLISH);

    const owner = await clinic.freshOwner();
    for (const [name, email, language] of [
      ['Noor Nieuw', 'noor@example.nl', 'nl'],
      ['Nora New', 'nora@example.nl', 'en'],
    ] as const) {
      const invited = await owner.call('POST', '/api/staff/invitations', {
        name,
        email,
        role: 'reception',
        language,
      });
      expect(invited.statusCode, invited.body).toBe(201);
    }
    const inviteNl = await mailTo('noor@example.nl', 'staff_invitation');
    expect(inviteNl.subject).toBe('Uitnodiging voor het team van Huidkliniek Noord');
    expect(inviteNl.body).toMatch(/^Beste Noor Nieuw,/);
    expect(inviteNl.body).toContain('geldig tot 21 december 2026');
    expectNone(`${inviteNl.subject}\n${inviteNl.body}`, NOT_DUTCH);
    const inviteEn = await mailTo('nora@example.nl', 'staff_invitation');
    expect(inviteEn.body).toContain('valid until 21 December 2026');
    expectNone(`${inviteEn.subject}\n${inviteEn.body}`, NOT_ENGLISH);
  });

  it('the reminder a day ahead (last: the clock moves on)', async () => {
    // The reminder, a day ahead, to the clients booked at the desk.
    for (const [client, startsAt] of [
      [sanne, '2026-12-17T09:30:00.000Z'],
      [emma, '2026-12-17T13:00:00.000Z'],
    ] as const) {
      const booked = await anouk.call('POST', `/api/clients/${client}/appointments`, {
        treatmentTypeId: facial,
        practitionerId: anouk.id,
        startsAt,
      });
      expect(booked.statusCode, booked.body).toBe(201);
    }
    clinic.clock.set(new Date('2026-12-16T14:00:00Z'));
    expect(await clinic.context.reminders.queueDue()).toBe(2);
    const reminderNl = await mailTo('sanne.taal@example.nl', 'booking_reminder');
    expect(reminderNl.body).toContain('donderdag 17 december 2026 om 10:30');
    expectNone(`${reminderNl.subject}\n${reminderNl.body}`, NOT_DUTCH);
    const reminderEn = await mailTo('emma.language@example.nl', 'booking_reminder');
    expect(reminderEn.body).toContain('Thursday 17 December 2026 at 14:00');
    expectNone(`${reminderEn.subject}\n${reminderEn.body}`, NOT_ENGLISH);
  });
});
