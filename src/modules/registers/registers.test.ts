import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';

let clinic: TestClinic;
let rosa: StaffMember;

beforeAll(async () => {
  clinic = await aClinic('2026-11-25T09:00:00Z');
  rosa = await clinic.hire('reception', 'Rosa Register');
});
afterAll(() => clinic.close());

const statement = async () =>
  (await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })).json();

describe('the registers', () => {
  it('[P7.1] keeps every processor with its agreement, lists it in the privacy statement and the record of processing', async () => {
    const before = await statement();
    const agreement = Buffer.from('%PDF-1.4 verwerkersovereenkomst Hosting BV');
    const added = await clinic.owner.call('POST', '/api/processors', {
      name: 'Hosting BV',
      purpose: 'Hosting van de database en back-ups',
      dataCategories: 'Alle cliëntgegevens (versleuteld)',
      location: 'NL',
      agreementDate: '2026-10-01',
      agreement: { fileName: 'verwerkersovereenkomst.pdf', contentBase64: agreement.toString('base64') },
    });
    expect(added.statusCode, added.body).toBe(201);
    const id = added.json().id as string;
    expect((await rosa.call('GET', '/api/processors')).statusCode).toBe(403);

    const [registered] = (await clinic.owner.call('GET', '/api/processors')).json();
    expect(registered).toMatchObject({
      name: 'Hosting BV',
      location: 'NL',
      agreementFileName: 'verwerkersovereenkomst.pdf',
    });
    const file = await clinic.owner.call('GET', `/api/processors/${id}/agreement`);
    expect(file.rawPayload.equals(agreement)).toBe(true);

    const after = await statement();
    expect(after.version).toBe(before.version + 1);
    expect(JSON.stringify(after.texts.nl)).toContain('Hosting BV: Hosting van de database en back-ups');
    const record = (await clinic.owner.call('GET', '/api/processing-record')).json();
    expect(record.controller.name).toBe('Huidkliniek Noord');
    expect(record.processors).toEqual([
      {
        name: 'Hosting BV',
        purpose: 'Hosting van de database en back-ups',
        location: 'NL',
        agreementDate: '2026-10-01',
      },
    ]);
    expect(record.transfersOutsideEea).toBe('Geen');
    // How long backups live, which is how an erased client also leaves them (VELLUM_BACKUP_KEEP_DAYS).
    expect(record.activities).toContainEqual(
      expect.objectContaining({
        purpose: expect.stringMatching(/^Back-ups/),
        retention: expect.stringMatching(/^30 dagen/),
      }),
    );
    expect(JSON.stringify(after.texts.nl)).toContain('Een back-up wordt na 30 dagen verwijderd');
    expect(JSON.stringify(after.texts.en)).toContain('A backup is deleted after 30 days');

    expect((await clinic.owner.call('DELETE', `/api/processors/${id}`)).statusCode).toBe(204);
    const kept = (await clinic.owner.call('GET', '/api/processors')).json();
    expect(kept[0].removedAt).not.toBeNull();
    expect(JSON.stringify((await statement()).texts.nl)).not.toContain('Hosting BV');
  });

  it('[P7.2] registers where a paper file is kept and schedules its destruction with the digital dossier', async () => {
    const client = await clinic.aClient(rosa, { firstName: 'Papieren', lastName: 'Dossier' });
    const registered = await rosa.call('POST', `/api/clients/${client}/paper-files`, {
      kind: 'intake_form',
      location: 'Archiefkast A, la 2',
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const { archiveCode } = registered.json();
    expect(archiveCode).toBe('P-2026-0001');
    expect((await rosa.call('GET', `/api/clients/${client}/paper-files`)).json()).toEqual([
      expect.objectContaining({ archiveCode, location: 'Archiefkast A, la 2', kind: 'intake_form' }),
    ]);

    // Registered and never visited: retention destroys the dossier two years later.
    const result = await clinic.context.retention.run({
      asOf: new Date('2028-11-26T00:00:00Z'),
      dryRun: false,
    });
    expect(result.destroyed).toBe(1);
    const tasks = (await rosa.call('GET', '/api/paper-destruction')).json();
    expect(tasks).toEqual([
      {
        id: expect.any(String),
        archiveCode,
        kind: 'intake_form',
        location: 'Archiefkast A, la 2',
        dueAt: clinic.clock.now().toISOString(),
        confirmedAt: null,
      },
    ]);
    expect(JSON.stringify(tasks)).not.toContain('Papieren');

    expect((await rosa.call('POST', `/api/paper-destruction/${tasks[0].id}/confirm`)).statusCode).toBe(204);
    expect((await rosa.call('GET', '/api/paper-destruction')).json()[0].confirmedAt).not.toBeNull();
    expect((await rosa.call('POST', `/api/paper-destruction/${tasks[0].id}/confirm`)).statusCode).toBe(404);
    const audit = await clinic.database.asOwner(
      `select actor_role from audit_event where object_type = 'paper_file' and action = 'delete'`,
    );
    expect(audit).toEqual([{ actor_role: 'reception' }]);

    // The next folder never gets a code that was used before, even now that its row is gone.
    const next = await clinic.aClient(rosa, { firstName: 'Volgende', lastName: 'Map' });
    const code = (
      await rosa.call('POST', `/api/clients/${next}/paper-files`, { kind: 'dossier', location: 'Kast B' })
    ).json().archiveCode;
    expect(code).toBe('P-2026-0002');
  });
});
