import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';

let clinic: TestClinic;
let anouk: StaffMember; // treats Daan
let bram: StaffMember; // does not
let rosa: StaffMember; // reception
let daan: string;

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Behandelaar');
  bram = await clinic.hire('practitioner', 'Bram Nacht');
  rosa = await clinic.hire('reception', 'Rosa Balie');
  daan = await clinic.aClient(anouk, { firstName: 'Daan', lastName: 'Ébert', birthDate: '1979-03-14' });
});
afterAll(() => clinic.close());

const reason = 'Cliënt belt met zwelling na behandeling, Anouk is niet bereikbaar';

async function breakGlassEntries(actorId: string) {
  const owner = await clinic.freshOwner();
  const log = (await owner.call('GET', '/api/audit?action=break_glass&limit=500')).json() as {
    actorId: string;
    clientId: string | null;
    outcome: string;
    reason: string | null;
  }[];
  return log.filter((e) => e.actorId === actorId);
}

describe('break-glass from a search that finds nothing', () => {
  it('[P8.1] finds nothing in the search, then opens the client named by last name and birth date, with the reason', async () => {
    const search = await bram.call('GET', '/api/clients?q=Ebert');
    expect(search.statusCode).toBe(200);
    expect(search.json()).toEqual([]);
    const opened = await bram.call('POST', '/api/break-glass', {
      lastName: 'ebert', // accents and case forgiven, nothing else
      birthDate: '1979-03-14',
      reason,
    });
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toEqual([{ clientId: daan, expiresAt: expect.any(String) }]);
    expect((await bram.call('GET', `/api/clients/${daan}`)).statusCode).toBe(200);
    expect((await breakGlassEntries(bram.id)).filter((e) => e.clientId === daan)).toEqual([
      expect.objectContaining({ outcome: 'allowed', reason }),
    ]);
    // The banner's source: own live break-glass and until when.
    const active = (await bram.call('GET', '/api/break-glass/active')).json() as { clientId: string }[];
    expect(active.map((a) => a.clientId)).toEqual([daan]);
    expect((await anouk.call('GET', '/api/break-glass/active')).json()).toEqual([]);
    // The owner reviews it like any other.
    const owner = await clinic.freshOwner();
    const toReview = (await owner.call('GET', '/api/audit/break-glass')).json() as { clientId: string }[];
    expect(toReview.map((b) => b.clientId)).toContain(daan);
  });

  it('[P8.1] reveals nothing more than break-glass on an unknown id: a near miss answers 404 and is logged', async () => {
    const before = (await breakGlassEntries(bram.id)).length;
    expect((await breakGlassEntries(bram.id)).filter((e) => e.outcome === 'refused')).toEqual([]);
    for (const guess of [
      { lastName: 'Ebert', birthDate: '1979-03-15' }, // right name, wrong day
      { lastName: 'Eber', birthDate: '1979-03-14' }, // a fragment of the name does not do
      { lastName: 'Nobody', birthDate: '1990-01-01' },
    ]) {
      const answer = await bram.call('POST', '/api/break-glass', { ...guess, reason });
      expect(answer.statusCode, JSON.stringify(guess)).toBe(404);
      expect(answer.json().detail).toBe('not found');
    }
    const entries = await breakGlassEntries(bram.id);
    expect(entries.length).toBe(before + 3);
    expect(
      entries.filter((e) => e.outcome === 'refused' && e.reason === reason && e.clientId === null),
    ).toHaveLength(3);
  });

  it('[P8.1] is refused for reception (as break-glass on an id is), and needs a reason and both identifiers', async () => {
    const refused = await rosa.call('POST', '/api/break-glass', {
      lastName: 'Ébert',
      birthDate: '1979-03-14',
      reason,
    });
    expect(refused.statusCode).toBe(404);
    for (const [field, body] of [
      ['reason', { lastName: 'Ébert', birthDate: '1979-03-14', reason: 'nood' }],
      ['birthDate', { lastName: 'Ébert', reason }],
      ['lastName', { lastName: ' ', birthDate: '1979-03-14', reason }],
    ] as const) {
      const bad = await bram.call('POST', '/api/break-glass', body);
      expect(bad.statusCode, field).toBe(400);
      expect(bad.body, field).toContain(field);
    }
  });

  it('[P8.1] the database function itself opens break-glass for what it reveals, and nothing for reception', async () => {
    const as = (member: StaffMember) =>
      clinic.context.gate.act(
        { kind: 'staff', id: member.id, role: member.role as 'practitioner' },
        'test',
        async (scope) =>
          (
            (await scope.tx.execute(
              sql`select client_id from vellum_break_glass_by_identity('EBERT', '1979-03-14', ${reason}, now() + interval '1 hour', 3)`,
            )) as unknown as { rows: { client_id: string }[] }
          ).rows,
      );
    expect(await as(rosa)).toEqual([]);
    const count = async () =>
      Number(
        (
          await clinic.database.asOwner(
            `select count(*)::int as n from break_glass where staff_id = '${anouk.id}' and client_id = '${daan}'`,
          )
        )[0]?.n,
      );
    const before = await count();
    expect(await as(anouk)).toEqual([{ client_id: daan }]);
    expect(await count()).toBe(before + 1);
  });

  it('[P8.1] ends after four hours, and the banner with it', async () => {
    clinic.clock.advance(4 * 3600_000 + 1000);
    Object.assign(bram, await clinic.signIn(bram));
    expect((await bram.call('GET', '/api/break-glass/active')).json()).toEqual([]);
    expect((await bram.call('GET', `/api/clients/${daan}`)).statusCode).toBe(404);
  });
});
