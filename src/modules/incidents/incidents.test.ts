import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';

let clinic: TestClinic;
let rosa: StaffMember;

beforeAll(async () => {
  clinic = await aClinic();
  rosa = await clinic.hire('reception', 'Rosa Incident');
});
afterAll(() => clinic.close());

const HOUR = 3600 * 1000;
const publicReport = (body: Record<string, unknown>, ip = '203.0.113.7') =>
  clinic.app.inject({
    method: 'POST',
    url: '/api/public/incident-reports',
    payload: body,
    remoteAddress: ip,
  });

describe('reporting suspected misuse', () => {
  it('[P10.2] takes a report from anyone and puts it in the register with the 72-hour deadline', async () => {
    const sent = await publicReport({
      description: 'Ik kreeg een e-mail met het behandelverslag van iemand anders.',
      contact: 'melder@example.nl',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const reference = sent.json().reference as string;
    expect(reference).toMatch(/^INC-2026-\d{4}$/);

    const owner = await clinic.freshOwner();
    const [entry] = (await owner.call('GET', '/api/incidents')).json();
    expect(entry).toMatchObject({
      reference,
      source: 'public_form',
      report: {
        description: 'Ik kreeg een e-mail met het behandelverslag van iemand anders.',
        contact: 'melder@example.nl',
      },
      assessment: null,
      overdue: false,
    });
    expect(new Date(entry.notifyDeadlineAt).getTime() - new Date(entry.reportedAt).getTime()).toBe(72 * HOUR);
    // What the reporter wrote is not in the database in the clear.
    const raw = JSON.stringify(await clinic.database.asOwner('select * from incident'));
    expect(raw).not.toContain('behandelverslag');
    expect(raw).not.toContain('melder@example.nl');

    // The statement tells people where to report.
    const statement = (
      await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })
    ).json();
    expect(JSON.stringify(statement.texts.nl)).toContain('privacy@huidkliniek-noord.nl');
  });

  it('[P10.2] shows an unassessed incident as overdue after 72 hours, and documents one that needs no notification', async () => {
    const staffReport = await rosa.call('POST', '/api/incidents', {
      description: 'Een laptop met de agenda open bleef onbeheerd aan de balie.',
    });
    expect(staffReport.statusCode).toBe(201);
    const id = staffReport.json().id as string;
    expect((await rosa.call('GET', '/api/incidents')).statusCode).toBe(403);

    clinic.clock.advance(73 * HOUR);
    const owner = await clinic.freshOwner();
    const overdue = (await owner.call('GET', '/api/incidents'))
      .json()
      .find((i: { id: string }) => i.id === id);
    expect(overdue.overdue).toBe(true);

    const assessed = await owner.call('PUT', `/api/incidents/${id}/assessment`, {
      assessment: 'Geen persoonsgegevens ingezien: het scherm was vergrendeld na 2 minuten.',
      personalDataBreach: false,
      notifyAuthority: false,
      notifyClients: false,
      closed: true,
    });
    expect(assessed.statusCode, assessed.body).toBe(200);
    expect(assessed.json()).toMatchObject({ personalDataBreach: false, overdue: false });
    expect(assessed.json().closedAt).not.toBeNull();
    // Kept in the register although nobody was notified.
    expect((await owner.call('GET', '/api/incidents')).json().map((i: { id: string }) => i.id)).toContain(id);

    const breach = await owner.call('PUT', `/api/incidents/${id}/assessment`, {
      assessment: 'Toch wel ingezien.',
      personalDataBreach: false,
      notifyAuthority: true,
      notifyClients: false,
    });
    expect(breach.statusCode).toBe(400);
    expect(breach.json().errors[0].field).toBe('notifyAuthority');
  });

  it('refuses a filled honeypot and throttles a flood from one address', async () => {
    const robot = await publicReport({
      description: 'Koop nu goedkope horloges!!',
      website: 'http://spam.example',
    });
    expect(robot.statusCode).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (await publicReport({ description: `Melding nummer ${i} over misbruik` }, '198.51.100.9')).statusCode,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('the incident reference', () => {
  it('[P10.2] is short, readable and unique: INC-<year>-<number>, counted per year', async () => {
    const owner = await clinic.freshOwner();
    const made = await Promise.all(
      ['Eerste melding over de balie.', 'Tweede melding over de balie.', 'Derde melding over de balie.'].map(
        (description) => owner.call('POST', '/api/incidents', { description }),
      ),
    );
    const references = made.map((r) => r.json().reference as string);
    for (const reference of references) expect(reference).toMatch(/^INC-2026-\d{4}$/);
    expect(new Set(references).size).toBe(3);
    const numbers = references.map((r) => Number(r.slice(-4))).sort((a, b) => a - b);
    const first = numbers[0] ?? 0;
    expect(numbers).toEqual([first, first + 1, first + 2]); // consecutive here; gaps would be allowed
    const register = (await owner.call('GET', '/api/incidents')).json() as {
      id: string;
      reference: string;
    }[];
    for (const response of made) {
      expect(register.find((i) => i.id === response.json().id)?.reference).toBe(response.json().reference);
    }
    // A new year starts again at 0001.
    const next = await clinic.context.gate.act(
      { kind: 'staff', id: owner.id, role: 'owner' },
      'test',
      (scope) => scope.tx.execute(sql`select vellum_next_incident_reference(2031) as reference`),
    );
    expect((next as unknown as { rows: { reference: string }[] }).rows[0]?.reference).toBe('INC-2031-0001');
  });
});
