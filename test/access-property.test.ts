/**
 * [P8.1] as a property: for random clinics — clients, who treats whom, who broke the glass — a
 * practitioner can read a client exactly when a care relationship or a logged break-glass exists,
 * and every attempt, allowed or refused, leaves exactly one audit entry.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from './support/clinic';

let clinic: TestClinic;
let practitioners: StaffMember[];

beforeAll(async () => {
  clinic = await aClinic();
  practitioners = [];
  for (let i = 0; i < 3; i++) practitioners.push(await clinic.hire('practitioner', `Praktijk ${i}`));
});
afterAll(() => clinic.close());

const aClinicDay = fc.record({
  clients: fc.array(
    fc.record({
      registeredBy: fc.integer({ min: 0, max: 2 }),
      assigned: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }),
      brokeGlass: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

describe('access to client data', () => {
  it('[P8.1] is allowed exactly when a relationship or a logged break-glass exists', async () => {
    await fc.assert(
      fc.asyncProperty(aClinicDay, async (day) => {
        const owner = await clinic.freshOwner();
        for (const member of practitioners) {
          if ((await member.call('GET', '/api/auth/session')).statusCode === 401)
            Object.assign(member, await clinic.signIn(member));
        }
        for (const planned of day.clients) {
          const id = await clinic.aClient(practitioners[planned.registeredBy] as StaffMember);
          for (const index of planned.assigned) {
            await owner.call('POST', `/api/clients/${id}/care-assignments`, {
              staffId: practitioners[index]?.id,
            });
          }
          const treating = new Set([planned.registeredBy, ...planned.assigned]);
          for (const index of planned.brokeGlass) {
            const member = practitioners[index] as StaffMember;
            await member.call('POST', `/api/clients/${id}/break-glass`, {
              reason: 'spoed: allergische reactie na behandeling',
            });
          }
          const glass = new Set(planned.brokeGlass);
          for (const [index, member] of practitioners.entries()) {
            const before = await auditCount(id, member.id);
            const response = await member.call('GET', `/api/clients/${id}`);
            const expected = treating.has(index) || glass.has(index);
            expect(response.statusCode === 200, `practitioner ${index} on ${JSON.stringify(planned)}`).toBe(
              expected,
            );
            const entries = await auditEntries(id, member.id);
            const reads = entries.filter((e) => e.action === 'read');
            expect(reads.length - before).toBe(1);
            expect(reads[0]?.outcome).toBe(expected ? 'allowed' : 'refused');
            if (glass.has(index))
              expect(entries.some((e) => e.action === 'break_glass' && e.outcome === 'allowed')).toBe(true);
          }
        }
      }),
      { numRuns: 15, seed: 20261125 },
    );
  });
});

async function auditEntries(clientId: string, actorId: string) {
  const owner = await clinic.freshOwner();
  const response = await owner.call('GET', `/api/audit?clientId=${clientId}&actorId=${actorId}&limit=500`);
  return response.json() as { action: string; outcome: string }[];
}

async function auditCount(clientId: string, actorId: string): Promise<number> {
  return (await auditEntries(clientId, actorId)).filter((e) => e.action === 'read').length;
}
