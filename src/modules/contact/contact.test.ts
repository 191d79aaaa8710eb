import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { sha256Hex } from '../../platform/crypto';

let clinic: TestClinic;
let rosa: StaffMember;
let statement: { version: number; consentTexts: { contact_request: { nl: string; en: string } } };

beforeAll(async () => {
  clinic = await aClinic('2026-11-25T09:00:00Z');
  rosa = await clinic.hire('reception', 'Rosa Contact');
  statement = (await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })).json();
});
afterAll(() => clinic.close());

const send = (body: Record<string, unknown>) =>
  clinic.app.inject({
    method: 'POST',
    url: '/api/public/contact-requests',
    payload: {
      name: 'Iris Vraag',
      email: 'iris@example.nl',
      message: 'Kan ik een peeling krijgen als ik zwanger ben?',
      language: 'nl',
      statementVersion: statement.version,
      consent: true,
      ...body,
    },
    headers: { 'user-agent': 'Mozilla/5.0 (test)' },
  });

describe('the contact form', () => {
  it('[P5.4] stores a question only with the consent given for it, against the statement version shown', async () => {
    const unticked = await send({ consent: false });
    expect(unticked.statusCode).toBe(400);
    expect(unticked.json().errors[0].field).toBe('consent');

    // The clinic renames itself after the visitor opened the form: a second version is published
    // whose consent sentence differs, so only the version the visitor was shown gives its hash.
    await clinic.database.asOwner(`update clinic set name = 'Huidkliniek Vernieuwd'`);
    const current = (await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })).json();
    expect(current.version).toBe(statement.version + 1);
    expect(current.consentTexts.contact_request.nl).not.toBe(statement.consentTexts.contact_request.nl);

    const sent = await send({});
    expect(sent.statusCode, sent.body).toBe(201);
    const [row] = await clinic.database.asOwner(
      'select consent_text_hash, user_agent, content from contact_request',
    );
    expect(row?.consent_text_hash).toBe(sha256Hex(statement.consentTexts.contact_request.nl));
    expect(row?.consent_text_hash).not.toBe(sha256Hex(current.consentTexts.contact_request.nl));
    expect(row?.user_agent).toBe('Mozilla/5.0 (test)');
    expect(String(row?.content)).not.toContain('zwanger'); // sealed

    const list = (await rosa.call('GET', '/api/contact-requests')).json();
    expect(list).toEqual([
      expect.objectContaining({
        name: 'Iris Vraag',
        message: 'Kan ik een peeling krijgen als ik zwanger ben?',
        statementVersion: statement.version,
        handledAt: null,
      }),
    ]);
    expect((await rosa.call('POST', `/api/contact-requests/${list[0].id}/handled`)).statusCode).toBe(204);
  });

  it('[P5.4] destroys questions after the period the privacy statement names', async () => {
    expect(
      JSON.stringify(
        (await clinic.app.inject({ method: 'GET', url: '/api/public/privacy-statement' })).json().texts.nl,
      ),
    ).toContain('12 maanden');
    const early = await clinic.context.retention.run({
      asOf: new Date('2027-11-24T00:00:00Z'),
      dryRun: false,
    });
    expect(early.contactRequestsDestroyed).toBe(0);
    const late = await clinic.context.retention.run({
      asOf: new Date('2027-11-26T00:00:00Z'),
      dryRun: false,
    });
    expect(late.contactRequestsDestroyed).toBe(1);
    expect(await clinic.database.asOwner('select 1 from contact_request')).toEqual([]);
  });
});
