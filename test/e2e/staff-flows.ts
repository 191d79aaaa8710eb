import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { timeStep, totpCode } from '../../src/platform/totp';
import type { Vellum } from './harness';
import { shoot, waitUntil } from './page-checks';

// Steps that several staff scenarios share: setting up a clinic, signing in with TOTP, inviting.

export interface StaffAccount {
  name: string;
  email: string;
  password: string;
}

export const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

/** Reads the secret the page shows, and answers with the code an authenticator app would show now. */
export async function enrolAuthenticator(
  page: Page,
  name: string,
): Promise<{ step: number; secret: string }> {
  // Password hashing (argon2id) can take a while on a busy machine.
  await page.waitForURL('**/app/enrol', { timeout: 30_000 });
  await expect.poll(() => heading(page)).toBe('Authenticator-app instellen');
  const secretText = await page.getByTestId('totp-secret').textContent();
  const secret = (secretText ?? '').replaceAll(' ', '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(secretText).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  const qr = page.getByRole('img', { name: /QR-code/ });
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
  await waitUntil(
    page,
    `(() => { const image = document.querySelector('img[src^="data:image/svg+xml"]'); return !!image && image.complete && image.naturalWidth > 0; })()`,
  );
  await shoot(page, `enrol-${name}`);
  const step = timeStep(new Date());
  await page.getByRole('textbox', { name: 'Code uit je authenticator-app' }).fill(totpCode(secret, step));
  await page.getByRole('button', { name: 'App bevestigen' }).click();
  await expect.poll(() => heading(page)).toBe('Je herstelcodes');
  expect(await page.getByTestId('recovery-code').count()).toBe(10);
  await shoot(page, `recovery-codes-${name}`);
  await page.getByRole('button', { name: 'Ik heb ze bewaard' }).click();
  await page.waitForURL((url) => url.pathname === '/app');
  return { step, secret };
}

/** On the sign-in page (e-mail already filled in by the previous step): password, then submit. */
export async function signIn(page: Page, email: string, password: string) {
  // The address may carry the page to return to (?next=…).
  await page.waitForURL((url) => url.pathname === '/app/login');
  // The set-up page has an "E-mailadres" and a "Wachtwoord" field too: wait for the sign-in page itself.
  await expect.poll(() => heading(page)).toBe('Inloggen');
  const emailBox = page.getByRole('textbox', { name: 'E-mailadres', exact: true });
  await expect.poll(() => emailBox.inputValue()).toBe(email);
  await page.getByRole('textbox', { name: 'Wachtwoord', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
}

/** First-run setup through the link the server printed; ends on the sign-in page. */
export async function setUpClinic(vellum: Vellum, page: Page, clinic: string, owner: StaffAccount) {
  await page.goto(await vellum.setupLink());
  await expect.poll(() => heading(page)).toBe('Praktijk inrichten');
  await page.getByRole('textbox', { name: 'Naam van de praktijk' }).fill(clinic);
  await page
    .getByRole('textbox', { name: 'E-mailadres voor privacyvragen' })
    .fill(`privacy@${owner.email.split('@')[1]}`);
  await page.getByRole('textbox', { name: 'Naam', exact: true }).fill(owner.name);
  await page.getByRole('textbox', { name: 'E-mailadres', exact: true }).fill(owner.email);
  await page.getByRole('textbox', { name: 'Wachtwoord', exact: true }).fill(owner.password);
  await page.getByRole('textbox', { name: 'Wachtwoord herhalen' }).fill(owner.password);
  await page.getByRole('button', { name: 'Praktijk inrichten' }).click();
  await page.waitForURL('**/app/login');
}

/** The owner invites someone from the team page; answers the invitation link shown. */
export async function invite(page: Page, member: Omit<StaffAccount, 'password'>): Promise<string> {
  await page.getByRole('navigation').getByRole('link', { name: 'Team' }).click();
  await expect.poll(() => heading(page)).toBe('Team');
  await page.getByRole('textbox', { name: 'Naam', exact: true }).fill(member.name);
  await page.getByRole('textbox', { name: 'E-mailadres', exact: true }).fill(member.email);
  await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  const link = page.getByTestId('invitation-link');
  await link.waitFor();
  return (await link.textContent()) ?? '';
}

/** An invited member chooses a password, signs in and enrols an authenticator app. */
export async function acceptInvitation(page: Page, link: string, member: StaffAccount, shotName: string) {
  await page.goto(link);
  await expect.poll(() => heading(page)).toBe('Welkom in het team');
  await page.getByRole('textbox', { name: 'Nieuw wachtwoord' }).fill(member.password);
  await page.getByRole('textbox', { name: 'Wachtwoord herhalen' }).fill(member.password);
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await signIn(page, member.email, member.password);
  await enrolAuthenticator(page, shotName);
  await expect.poll(() => heading(page)).toBe(`Welkom, ${member.name}`);
}

/** Picks an option of a Mantine Select (or MultiSelect) by the input's label. */
export async function choose(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByRole('combobox', { name: label, exact: typeof label === 'string' }).click();
  await page.getByRole('option', { name: option }).click();
}
