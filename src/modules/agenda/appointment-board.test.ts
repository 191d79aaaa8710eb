import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aTreatmentType } from '../../../test/support/intake';

let clinic: TestClinic;
let anouk: StaffMember;
let bram: StaffMember;
let rosa: StaffMember;
let facial: string;
let annaAppointment: string;
let bennoAppointment: string;

const allWeek = (days: number[]) =>
  days.map((weekday) => ({ weekday, startMinutes: 8 * 60, endMinutes: 18 * 60 }));

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
  const bookFor = async (clientId: string, practitionerId: string, startsAt: string) => {
    const booked = await rosa.call('POST', `/api/clients/${clientId}/appointments`, {
      treatmentTypeId: facial,
      practitionerId,
      startsAt,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    return booked.json().appointmentId as string;
  };
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
    expect(checkIn.json()).toEqual({ status: 'checked_in', askForConsent: true });
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
    expect(moved.statusCode, moved.body).toBe(204);
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
});
