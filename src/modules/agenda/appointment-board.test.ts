import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aSignature, aTreatmentType, formOf, harmlessAnswers } from '../../../test/support/intake';

let clinic: TestClinic;
let anouk: StaffMember;
let bram: StaffMember;
let rosa: StaffMember;
let facial: string;
let annaAppointment: string;
let bennoAppointment: string;

const allWeek = (days: number[]) =>
  days.map((weekday) => ({ weekday, startMinutes: 8 * 60, endMinutes: 18 * 60 }));

async function bookFor(clientId: string, practitionerId: string, startsAt: string): Promise<string> {
  const booked = await rosa.call('POST', `/api/clients/${clientId}/appointments`, {
    treatmentTypeId: facial,
    practitionerId,
    startsAt,
  });
  expect(booked.statusCode, booked.body).toBe(201);
  return booked.json().appointmentId as string;
}

beforeAll(async () => {
  clinic = await aClinic('2026-11-25T09:00:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Bord');
  bram = await clinic.hire('practitioner', 'Bram Bord');
  rosa = await clinic.hire('reception', 'Rosa Bord');
  facial = await aTreatmentType(clinic, { name: 'Gezichtsbehandeling', intakeTemplateKey: null });
  await clinic.database.asOwner(
    `insert into treatment_type_practitioner (treatment_type_id, staff_id) values ('${facial}', '${anouk.id}'), ('${facial}', '${bram.id}')`,
  );
  await clinic.owner.call('PUT', '/api/schedule/opening-hours', { hours: allWeek([1, 2, 3, 4, 5]) });
  for (const member of [anouk, bram]) {
    await clinic.owner.call('PUT', `/api/staff/${member.id}/working-hours`, {
      hours: allWeek([1, 2, 3, 4, 5]),
    });
  }
  const anna = await clinic.aClient(rosa, { firstName: 'Anna', lastName: 'Bord' });
  const benno = await clinic.aClient(rosa, { firstName: 'Benno', lastName: 'Bord' });
  annaAppointment = await bookFor(anna, anouk.id, '2026-11-26T09:00:00.000Z');
  bennoAppointment = await bookFor(benno, bram.id, '2026-11-26T09:00:00.000Z');
});
afterAll(() => clinic.close());

const week = '/api/agenda?from=2026-11-23T00:00:00.000Z&to=2026-11-30T00:00:00.000Z';

describe('the staff agenda', () => {
  it('shows each viewer only what they may see: a colleague’s client is a taken time without a name', async () => {
    const desk = (await rosa.call('GET', week)).json();
    expect(desk.map((a: { client: { firstName: string } }) => a.client?.firstName).sort()).toEqual([
      'Anna',
      'Benno',
    ]);
    const own = (await anouk.call('GET', week)).json();
    const mine = own.find((a: { id: string }) => a.id === annaAppointment);
    const theirs = own.find((a: { id: string }) => a.id === bennoAppointment);
    expect(mine.client.firstName).toBe('Anna');
    expect(theirs).toMatchObject({ practitionerId: bram.id, client: null, treatmentName: null });
  });

  it('[P1.3] [P11.1] checking in a client without consent on file prompts staff to ask for it', async () => {
    const checkIn = await rosa.call('POST', `/api/appointments/${annaAppointment}/status`, {
      status: 'checked_in',
    });
    expect(checkIn.json()).toEqual({ status: 'checked_in', askForConsent: true, clientNotified: false });
    const bad = await rosa.call('POST', `/api/appointments/${annaAppointment}/status`, { status: 'no_show' });
    expect(bad.statusCode).toBe(409);
    // Anouk cannot touch Benno's appointment: it answers as if it did not exist.
    expect(
      (await anouk.call('POST', `/api/appointments/${bennoAppointment}/status`, { status: 'cancelled' }))
        .statusCode,
    ).toBe(404);
  });

  it('moves and resizes an appointment, and refuses an overlap in the database', async () => {
    const moved = await rosa.call('PATCH', `/api/appointments/${bennoAppointment}`, {
      startsAt: '2026-11-26T12:00:00.000Z',
      endsAt: '2026-11-26T13:30:00.000Z',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toEqual({ clientNotified: true });
    const clash = await rosa.call('PATCH', `/api/appointments/${bennoAppointment}`, {
      startsAt: '2026-11-26T09:30:00.000Z',
      endsAt: '2026-11-26T10:00:00.000Z',
      practitionerId: anouk.id,
    });
    expect(clash.statusCode).toBe(409);
    const after = (await rosa.call('GET', week))
      .json()
      .find((a: { id: string }) => a.id === bennoAppointment);
    expect(after).toMatchObject({
      startsAt: '2026-11-26T12:00:00.000Z',
      endsAt: '2026-11-26T13:30:00.000Z',
      practitionerId: bram.id,
    });
  });

  it('e-mails the client when staff move a booked appointment to another time, unless told not to', async () => {
    const carla = await clinic.aClient(rosa, {
      firstName: 'Carla',
      lastName: 'Bord',
      email: 'carla.bord@example.nl',
    });
    const appointmentId = await bookFor(carla, anouk.id, '2026-11-27T09:00:00.000Z');
    const mails = async () =>
      (await clinic.database.asOwner(
        `select kind, body from outbox_email where recipient = 'carla.bord@example.nl' and kind = 'booking_reschedule'`,
      )) as { kind: string; body: string }[];
    const quiet = await rosa.call('PATCH', `/api/appointments/${appointmentId}`, {
      startsAt: '2026-11-27T09:30:00.000Z',
      endsAt: '2026-11-27T10:30:00.000Z',
      notifyClient: false,
    });
    expect(quiet.json()).toEqual({ clientNotified: false });
    expect(await mails()).toEqual([]);
    const moved = await rosa.call('PATCH', `/api/appointments/${appointmentId}`, {
      startsAt: '2026-11-27T13:00:00.000Z',
      endsAt: '2026-11-27T14:00:00.000Z',
    });
    expect(moved.json()).toEqual({ clientNotified: true });
    const [mail] = await mails();
    expect(mail?.body).toContain('14:00'); // 13:00 UTC in Amsterdam
    expect(mail?.body).toMatch(/\/book\/reschedule#token=[\w-]+/);
    // A resize that keeps the start is no news for the client.
    await rosa.call('PATCH', `/api/appointments/${appointmentId}`, {
      startsAt: '2026-11-27T13:00:00.000Z',
      endsAt: '2026-11-27T14:15:00.000Z',
    });
    expect(await mails()).toHaveLength(1);
  });

  it('[P3.2] shows the practitioner who may read the medical file the warnings for the treatment; reception and a colleague never', async () => {
    const peel = await aTreatmentType(clinic, {
      name: 'Glycolzuurpeeling',
      intakeTemplateKey: 'chemical_peel',
    });
    await clinic.database.asOwner(
      `insert into treatment_type_practitioner (treatment_type_id, staff_id) values ('${peel}', '${anouk.id}')`,
    );
    const dirk = await clinic.aClient(anouk, { firstName: 'Dirk', lastName: 'Bord' });
    const form = await formOf(anouk, peel);
    const signed = await anouk.call('POST', `/api/clients/${dirk}/intakes`, {
      treatmentTypeId: peel,
      answers: { ...harmlessAnswers(form.template.questions), isotretinoin_6_months: true },
      signature: aSignature(),
    });
    expect(signed.statusCode, signed.body).toBe(201);
    const booked = await rosa.call('POST', `/api/clients/${dirk}/appointments`, {
      treatmentTypeId: peel,
      practitionerId: anouk.id,
      startsAt: '2026-11-27T09:00:00.000Z',
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const id = booked.json().appointmentId;
    const entry = async (member: StaffMember) =>
      (await member.call('GET', week)).json().find((a: { id: string }) => a.id === id);

    const forAnouk = await entry(anouk);
    expect(forAnouk.warnings).toEqual([
      expect.objectContaining({
        questionKey: 'isotretinoin_6_months',
        effect: 'rules_out',
        warning: {
          nl: expect.stringContaining('Isotretinoïne'),
          en: expect.stringContaining('Isotretinoin'),
        },
      }),
    ]);
    // Anna's facial has no signed intake behind it: nothing to warn about, but Anouk may look.
    const anna = (await anouk.call('GET', week)).json().find((a: { id: string }) => a.id === annaAppointment);
    expect(anna.warnings).toEqual([]);

    const forRosa = await entry(rosa);
    expect(forRosa).toMatchObject({
      client: { firstName: 'Dirk' },
      treatmentName: 'Glycolzuurpeeling',
      warnings: null,
    });
    expect(JSON.stringify((await rosa.call('GET', week)).json())).not.toMatch(/isotretino/i);
    expect(await entry(bram)).toMatchObject({ client: null, warnings: null });

    // Anouk's look went through the gate: her read of Dirk's intake is in the audit trail.
    const reads = await clinic.database.asOwner(
      `select object_type from audit_event where actor_id = '${anouk.id}' and client_id = '${dirk}' and action = 'read' and outcome = 'allowed'`,
    );
    expect(reads.map((r) => r.object_type)).toContain('intake');
    const receptionReads = await clinic.database.asOwner(
      `select object_type from audit_event where actor_id = '${rosa.id}' and client_id = '${dirk}' and object_type = 'intake'`,
    );
    expect(receptionReads).toEqual([]);
  });

  it('[P3.2] gives the week’s warnings, read at once, exactly as the treatment reads them per appointment', async () => {
    const peel = await aTreatmentType(clinic, {
      name: 'Melkzuurpeeling',
      intakeTemplateKey: 'chemical_peel',
    });
    await clinic.database.asOwner(
      `insert into treatment_type_practitioner (treatment_type_id, staff_id) values ('${peel}', '${anouk.id}')`,
    );
    const form = await formOf(anouk, peel);
    const sign = async (clientId: string, marked: boolean) => {
      clinic.clock.advance(1000);
      const signed = await anouk.call('POST', `/api/clients/${clientId}/intakes`, {
        treatmentTypeId: peel,
        answers: { ...harmlessAnswers(form.template.questions), isotretinoin_6_months: marked },
        signature: aSignature(),
      });
      expect(signed.statusCode, signed.body).toBe(201);
    };
    // Each at Anouk's first free time this week for the treatment.
    const book = async (clientId: string, treatmentTypeId: string) => {
      const free = await rosa.call(
        'GET',
        `/api/agenda/free-times?treatmentTypeId=${treatmentTypeId}&practitionerId=${anouk.id}&from=2026-11-25&to=2026-11-27`,
      );
      const startsAt = free.json()[0]?.startsAt;
      expect(startsAt, free.body).toBeDefined();
      const booked = await rosa.call('POST', `/api/clients/${clientId}/appointments`, {
        treatmentTypeId,
        practitionerId: anouk.id,
        startsAt,
      });
      expect(booked.statusCode, booked.body).toBe(201);
    };
    // Eva signed, then signed again without the contra-indication: the latest counts.
    const eva = await clinic.aClient(anouk, { firstName: 'Eva', lastName: 'Bord' });
    await sign(eva, true);
    await sign(eva, false);
    // Fleur's contra-indication holds for the peel, not for the facial; two peels, one warning each.
    const fleur = await clinic.aClient(anouk, { firstName: 'Fleur', lastName: 'Bord' });
    await sign(fleur, true);
    // Gijs has no intake at all.
    const gijs = await clinic.aClient(anouk, { firstName: 'Gijs', lastName: 'Bord' });
    await book(eva, peel);
    await book(fleur, peel);
    await book(fleur, facial);
    await book(fleur, peel);
    await book(gijs, peel);

    type Entry = { client: { id: string } | null; treatmentTypeId: string; warnings: unknown[] | null };
    const board = (await anouk.call('GET', week)).json() as Entry[];
    const checked = board.filter((a) => a.client && a.warnings !== null);
    expect(checked.length).toBeGreaterThanOrEqual(6);
    const actor = { kind: 'staff' as const, id: anouk.id, role: 'practitioner' as const };
    for (const a of checked) {
      const one = await clinic.context.gate.act(actor, 'test', (scope) =>
        clinic.context.contraIndications(scope, a.client?.id ?? '', a.treatmentTypeId),
      );
      expect(a.warnings, `${a.client?.id} ${a.treatmentTypeId}`).toEqual(one);
    }
    const warned = checked.filter((a) => (a.warnings ?? []).length > 0);
    expect(warned.filter((a) => a.client?.id === fleur).map((a) => a.treatmentTypeId)).toEqual([peel, peel]);
    expect(warned.some((a) => a.client?.id === eva || a.client?.id === gijs)).toBe(false);
  });

  it('gives every staff member the practitioners’ names for the agenda, and nothing more', async () => {
    const names = await rosa.call('GET', '/api/agenda/practitioners');
    expect(names.statusCode, names.body).toBe(200);
    const list = names.json() as { id: string; name: string; locationIds: string[] }[];
    // Names and where they work (the agenda's location filter), nothing of their accounts.
    expect(list.map(({ id, name }) => ({ id, name }))).toEqual(
      expect.arrayContaining([
        { id: anouk.id, name: 'Anouk Bord' },
        { id: bram.id, name: 'Bram Bord' },
      ]),
    );
    expect(list.every((p) => p.locationIds.length === 1)).toBe(true);
    expect(list.some((p) => p.id === rosa.id)).toBe(false);
    expect(Object.keys(list[0] ?? {}).sort()).toEqual(['id', 'locationIds', 'name']);
    expect((await clinic.app.inject({ method: 'GET', url: '/api/agenda/practitioners' })).statusCode).toBe(
      401,
    );
  });
});
