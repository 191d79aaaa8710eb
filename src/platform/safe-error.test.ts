import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type TestClinic } from '../../test/support/clinic';
import { buildApp } from '../app';

/** The personal values a failed query must not carry into the log. */
const client = {
  firstName: 'Wilhelmina',
  lastName: 'Zonneveld-Achterberg',
  email: 'w.zonneveld.geheim@example.nl',
  phone: '+31 6 98765432',
  birthDate: '1961-07-23',
};
const staffEmail = 'ramona.geheim@huidkliniek-noord.nl';
const personal = [
  client.firstName,
  client.lastName,
  client.email,
  '98765432',
  client.birthDate,
  'ramona.geheim',
  'wachtwoord-van-ramona',
];

let clinic: TestClinic;
let app: FastifyInstance;
const lines: string[] = [];

beforeAll(async () => {
  clinic = await aClinic();
  app = await buildApp({
    config: clinic.context.config,
    database: clinic.database,
    clock: clinic.clock,
    context: clinic.context,
    logger: { level: 'info', stream: { write: (line) => lines.push(line) } },
  });
});
afterAll(async () => {
  await app.close();
  await clinic.close();
});

const asOwner = (url: string, payload: unknown) =>
  app.inject({
    method: 'POST',
    url,
    payload: payload as Record<string, unknown>,
    headers: { cookie: clinic.owner.cookie, 'x-csrf-token': clinic.owner.csrfToken },
  });
const login = (email: string) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: 'wachtwoord-van-ramona' },
  });

describe('the log', () => {
  it('names a failed query by its SQL state, constraint, table and route, never its values', async () => {
    // A constraint every new client breaks: the insert fails with the client's details as parameters.
    await clinic.database.asOwner(
      'alter table client add constraint client_refused_in_test check (false) not valid',
    );
    const refused = await asOwner('/api/clients', client);
    expect(refused.statusCode).toBe(500);
    await clinic.database.asOwner('alter table client drop constraint client_refused_in_test');

    // A failed sign-in: a wrong password, then a query that fails with the e-mail as parameter.
    expect((await login(staffEmail)).statusCode).toBe(401);
    await clinic.database.asOwner('alter table staff rename column email to email_hidden_in_test');
    const broken = await login(staffEmail);
    await clinic.database.asOwner('alter table staff rename column email_hidden_in_test to email');
    expect(broken.statusCode).toBe(500);

    const failures = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request failed');
    expect(failures).toEqual([
      expect.objectContaining({
        method: 'POST',
        route: '/api/clients',
        err: expect.objectContaining({
          sqlState: '23514',
          constraint: 'client_refused_in_test',
          table: 'client',
        }),
      }),
      expect.objectContaining({
        route: '/api/auth/login',
        err: expect.objectContaining({ sqlState: '42703' }),
      }),
    ]);
    const log = lines.join('\n');
    for (const value of personal) expect(log, value).not.toContain(value);
    expect(log).not.toMatch(/params|Failed query|Failing row/i);
  });
});
