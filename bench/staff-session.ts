/**
 * Signs a seeded staff member in over HTTP, as the browser does (password, then the TOTP code), and
 * returns the headers every later request sends: the session cookie and the CSRF token.
 */
import { timeStep, totpCode } from '../src/platform/totp';
import type { SeededStaff } from '../src/seed/clinic-setup';

export type StaffHeaders = { cookie: string; 'x-csrf-token': string };

export async function signIn(baseUrl: string, member: SeededStaff): Promise<StaffHeaders> {
  if (!member.password || !member.totpSecret) throw new Error(`no credentials for ${member.email}`);
  const login = await post(baseUrl, '/api/auth/login', { email: member.email, password: member.password });
  const pending = headersOf(login, (await login.json()) as { csrfToken: string });
  const code = totpCode(member.totpSecret, timeStep(new Date()));
  const second = await post(baseUrl, '/api/auth/second-factor', { code }, pending);
  return headersOf(second, (await second.json()) as { csrfToken: string });
}

async function post(baseUrl: string, path: string, body: unknown, headers: Partial<StaffHeaders> = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response;
}

function headersOf(response: Response, body: { csrfToken: string }): StaffHeaders {
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) throw new Error('the server set no session cookie');
  return { cookie, 'x-csrf-token': body.csrfToken };
}
