import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aSignature, aTreatmentType, formOf, harmlessAnswers } from '../../../test/support/intake';

// Wednesday 25 November 2026, 10:00 in Amsterdam.
let clinic: TestClinic;
let anouk: StaffMember; // practitioner
let bram: StaffMember; // practitioner
let rosa: StaffMember; // reception
let peel: string; // asks for the chemical-peel intake
let anna: string; // booked with Anouk at 13:00, no intake, no consent
let dirk: string; // booked with Anouk at 15:00, signed intake that rules the peel out
let benno: string; // booked with Bram
let annaAt: string;

const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  startMinutes: 8 * 60,
  endMinutes: 18 * 60,
}));

async function book(clientId: string, practitionerId: string, startsAt: string): Promise<string> {
  const booked = await rosa.call('POST', `/api/clients/${clientId}/appointments`, {
    treatmentTypeId: peel,
    practitionerId,
    startsAt,
  });
  expect(booked.statusCode, booked.body).toBe(201);
  return booked.json().appointmentId as string;
}

async function auditCount(where: string): Promise<number> {
  const [row] = await clinic.database.asOwner(`select count(*)::int as n from audit_event where ${where}`);
  return Number(row?.n);
}

/**
 * How many times entries matching `where` name a client (or `clientId`): an entry about one client
 * by its client_id, a result set by each row of its list (decision 0027).
 */
async function clientsNamed(where: string, clientId?: string): Promise<number> {
  const about = clientId ? `client_id = '${clientId}'` : 'client_id is not null';
  const listed = clientId ? `s.client_id = '${clientId}'` : 'true';
  const [row] = await clinic.database.asOwner(
    `select (select count(*) from audit_event where ${where} and ${about})
          + (select count(*) from audit_event_shown s
             join audit_event e on e.stripe = s.stripe and e.stripe_n = s.stripe_n
             where ${where} and ${listed}) as n`,
  );
  return Number(row?.n);
}

beforeAll(async () => {
  clinic = await aClinic('2026-11-25T09:00:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Start');
  bram = await clinic.hire('practitioner', 'Bram Start');
  rosa = await clinic.hire('reception', 'Rosa Start');
  peel = await aTreatmentType(clinic, { name: 'Glycolzuurpeeling', intakeTemplateKey: 'chemical_peel' });
  await clinic.database.asOwner(
    `insert into treatment_type_practitioner (treatment_type_id, staff_id) values ('${peel}', '${anouk.id}'), ('${peel}', '${bram.id}')`,
  );
  await clinic.owner.call('PUT', '/api/schedule/opening-hours', { hours: allWeek });
  for (const member of [anouk, bram]) {
    await clinic.owner.call('PUT', `/api/staff/${member.id}/working-hours`, { hours: allWeek });
  }
  anna = await clinic.aClient(rosa, { firstName: 'Anna', lastName: 'Start' });
  dirk = await clinic.aClient(rosa, { firstName: 'Dirk', lastName: 'Start' });
  benno = await clinic.aClient(rosa, { firstName: 'Benno', lastName: 'Start' });
  annaAt = await book(anna, anouk.id, '2026-11-25T12:00:00.000Z');
  await book(dirk, anouk.id, '2026-11-25T14:00:00.000Z');
  await book(benno, bram.id, '2026-11-25T12:00:00.000Z');
  // Dirk signs his intake with Anouk (who treats him now): isotretinoin rules the peel out.
  const form = await formOf(anouk, peel);
  const signed = await anouk.call('POST', `/api/clients/${dirk}/intakes`, {
    treatmentTypeId: peel,
    answers: { ...harmlessAnswers(form.template.questions), isotretinoin_6_months: true },
    signature: aSignature(),
  });
  expect(signed.statusCode, signed.body).toBe(201);
});
afterAll(() => clinic.close());

describe('the start page per role', () => {
  it("shows a practitioner their own day with warnings: no signed intake, a contra-indication; not a colleague's client", async () => {
    const response = await anouk.call('GET', '/api/dashboard');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const page = response.json();
    expect(page.role).toBe('practitioner');
    expect(page.date).toBe('2026-11-25');
    expect(page.today.map((a: { client: { name: string } }) => a.client?.name)).toEqual([
      'Anna Start',
      'Dirk Start',
    ]);
    const [first, second] = page.today;
    expect(first.warnings).toEqual(['no_signed_intake']);
    expect(second.warnings).toEqual([]);
    expect(second.contraIndications).toEqual([
      expect.objectContaining({ questionKey: 'isotretinoin_6_months', effect: 'rules_out' }),
    ]);
    expect(JSON.stringify(page)).not.toContain('Benno');
    expect(page.intakesToSign).toEqual([
      expect.objectContaining({
        appointmentId: annaAt,
        client: { id: anna, name: 'Anna Start' },
        state: 'missing',
      }),
    ]);
    expect(page.reportsMissing).toEqual([]);
  });

  it('[P1.3] shows reception every arrival, the counts and whom to ask for consent, and no medical warning', async () => {
    const page = (await rosa.call('GET', '/api/dashboard')).json();
    expect(page.role).toBe('reception');
    expect(page.today.map((a: { client: { name: string } }) => a.client.name).sort()).toEqual([
      'Anna Start',
      'Benno Start',
      'Dirk Start',
    ]);
    expect(page.counts).toEqual({ expected: 3, arrived: 0, toCome: 3, noShow: 0 });
    // Dirk consented to keep his health data when he signed the intake; Anna and Benno did not yet.
    expect(page.askForConsent.map((c: { name: string }) => c.name).sort()).toEqual([
      'Anna Start',
      'Benno Start',
    ]);
    const text = JSON.stringify(page);
    for (const medical of [
      'warnings',
      'contraIndications',
      'isotretinoin',
      'intakesToSign',
      'reportsMissing',
    ]) {
      expect(text).not.toContain(medical);
    }

    const checkIn = await rosa.call('POST', `/api/appointments/${annaAt}/status`, { status: 'checked_in' });
    expect(checkIn.json()).toMatchObject({ status: 'checked_in', askForConsent: true });
    expect((await rosa.call('GET', '/api/dashboard')).json().counts).toEqual({
      expected: 3,
      arrived: 1,
      toCome: 2,
      noShow: 0,
    });
  });

  it('logs each client name it shows, like the agenda list', async () => {
    const before = await clientsNamed(`actor_id = '${rosa.id}' and action = 'read'`, benno);
    await rosa.call('GET', '/api/dashboard');
    expect(await clientsNamed(`actor_id = '${rosa.id}' and action = 'read'`, benno)).toBe(before + 1);
    expect(await auditCount(`actor_id = '${rosa.id}' and object_type = 'dashboard'`)).toBeGreaterThan(0);
  });

  it("shows the owner's tasks with deadlines and the first-run checklist", async () => {
    expect((await rosa.call('POST', `/api/clients/${benno}/erasure-requests`)).statusCode).toBe(201);
    expect(
      (await rosa.call('POST', '/api/incidents', { description: 'Een laptop bleef onbeheerd aan de balie.' }))
        .statusCode,
    ).toBe(201);
    const page = (await clinic.owner.call('GET', '/api/dashboard')).json();
    expect(page.role).toBe('owner');
    expect(page.tasks.erasureRequests).toEqual([
      expect.objectContaining({ clientName: 'Benno Start', daysLeft: 14 }),
    ]);
    expect(page.tasks.incidents).toEqual([expect.objectContaining({ hoursLeft: 72, assessed: false })]);
    expect(page.tasks.breakGlassToReview).toEqual({ count: 0, oldestAt: null });
    expect(page.tasks.retentionDue).toEqual({ count: 0, firstDueAt: null });
    expect(page.tasks.backup).toMatchObject({ result: 'none', stale: true });
    expect(page.tasks.mail.waiting).toBeGreaterThan(0); // the booking confirmations, no mail server
    expect(page.checklist).toEqual({
      address: false,
      openingHours: true,
      catalogue: true,
      team: true,
      mailServer: false,
    });
    expect(page.todayCount).toBe(3);
  });

  it('lists a done appointment without a report until the practitioner writes it', async () => {
    expect(
      (await anouk.call('POST', `/api/appointments/${annaAt}/status`, { status: 'completed' })).statusCode,
    ).toBe(200);
    clinic.clock.advance(4 * 3600 * 1000); // 13:00 UTC, Anna's hour is over
    for (const member of [anouk, bram]) Object.assign(member, await clinic.signIn(member));
    const missing = (await anouk.call('GET', '/api/dashboard')).json().reportsMissing;
    expect(missing).toEqual([expect.objectContaining({ appointmentId: annaAt })]);
    const report = await anouk.call('POST', `/api/clients/${anna}/treatments`, {
      kind: 'consult',
      done: 'Huid bekeken, peeling uitgesteld.',
    });
    expect(report.statusCode, report.body).toBe(201);
    expect((await anouk.call('GET', '/api/dashboard')).json().reportsMissing).toEqual([]);
    expect((await bram.call('GET', '/api/dashboard')).json().reportsMissing).toEqual([]);
  });

  it('counts the dossiers that retention deletes within 30 days, without reading their names', async () => {
    // Two years after registration (and Anna's consult) less two weeks: all three dossiers are due soon.
    clinic.clock.advance((2 * 365 - 14) * 24 * 3600 * 1000);
    const owner = await clinic.freshOwner();
    const before = await clientsNamed(`actor_id = '${owner.id}'`);
    const page = (await owner.call('GET', '/api/dashboard')).json();
    expect(page.tasks.retentionDue).toEqual({ count: 3, firstDueAt: expect.stringMatching(/^2028-11-2/) });
    // Only the names of erasure requests are read (and logged); none of the dossiers due.
    expect(await clientsNamed(`actor_id = '${owner.id}'`)).toBe(before + page.tasks.erasureRequests.length);
  });
});
