import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { timeStep, totpCode } from '../../src/platform/totp';
import { startVellum, type Vellum, type VellumPage, VIEWPORTS } from './harness';
import { expectCleanBrowser, screenshots, shoot } from './page-checks';
import { enrolAuthenticator, heading, signIn } from './staff-flows';

// One story, step by step: first-run setup, TOTP enrolment, an invited practitioner, the care
// relationship (a 404 "no access"), break-glass, sign-out and the Back button, and the owner's review.
const OWNER = {
  name: 'Eva de Vries',
  email: 'eva@huidpraktijk.example',
  password: 'rozen bloeien in de zomer',
};
const PRACTITIONER = {
  name: 'Sam Jansen',
  email: 'sam@huidpraktijk.example',
  password: 'kalme zee bij zonsopgang',
};
const CLINIC = 'Huidpraktijk Roos';

let vellum: Vellum;
let owner: VellumPage;
let practitioner: VellumPage;
let ownerEnrolledStep = 0;
let ownerSecret = '';
let invitationLink = '';
let clientId = '';
let oldPractitionerCookie = '';

beforeAll(async () => {
  vellum = await startVellum();
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await vellum?.stop();
});

describe('staff sign-in, second factor and the care relationship', () => {
  test('the owner sets up the clinic from the link the server printed', async () => {
    owner = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    const { page } = owner;
    const link = await vellum.setupLink();
    expect(link).toMatch(/\/app\/setup#code=/);
    await page.goto(link);
    await expect.poll(() => heading(page)).toBe('Praktijk inrichten');
    // The code is taken out of the address bar once read.
    await expect.poll(() => page.evaluate('window.location.hash')).toBe('');
    await page.getByRole('textbox', { name: 'Naam van de praktijk' }).fill(CLINIC);
    await page
      .getByRole('textbox', { name: 'E-mailadres voor privacyvragen' })
      .fill('privacy@huidpraktijk.example');
    expect(await page.getByRole('combobox', { name: 'Tijdzone' }).inputValue()).toBe('Europe/Amsterdam');
    await page.getByRole('textbox', { name: 'Naam', exact: true }).fill(OWNER.name);
    await page.getByRole('textbox', { name: 'E-mailadres', exact: true }).fill(OWNER.email);
    await page.getByRole('textbox', { name: 'Wachtwoord', exact: true }).fill('te kort');
    await page.getByRole('textbox', { name: 'Wachtwoord herhalen' }).fill('iets anders');
    await page.getByRole('button', { name: 'Praktijk inrichten' }).click();
    expect(await page.getByText('Gebruik minstens 12 tekens.').isVisible()).toBe(true);
    expect(await page.getByText('De wachtwoorden zijn niet gelijk.').isVisible()).toBe(true);
    await shoot(page, 'setup-errors-desktop');

    await page.getByRole('textbox', { name: 'Wachtwoord', exact: true }).fill(OWNER.password);
    await page.getByRole('textbox', { name: 'Wachtwoord herhalen' }).fill(OWNER.password);
    const setup = page.waitForResponse('**/api/setup');
    await page.getByRole('button', { name: 'Praktijk inrichten' }).click();
    expect((await setup).status()).toBe(201);
    // The setup code went in the body, never in a URL.
    expect((await setup).url()).not.toContain('code');
    await page.waitForURL('**/app/login');
    expect(await page.getByRole('status').textContent()).toContain('De praktijk is ingericht');
    await shoot(page, 'sign-in-after-setup-desktop');
  });

  test('the owner signs in and enrols an authenticator app with the shown secret', async () => {
    const { page, problems } = owner;
    const login = page.waitForRequest('**/api/auth/login');
    await signIn(page, OWNER.email, OWNER.password);
    // Sign-in requests carry no CSRF token yet; the next steps carry the one login returned.
    expect((await login).headers()['x-csrf-token']).toBeUndefined();
    const confirm = page.waitForRequest(
      (r) => r.url().endsWith('/api/auth/enrolment') && r.method() === 'POST',
    );
    ({ step: ownerEnrolledStep, secret: ownerSecret } = await enrolAuthenticator(page, 'owner-desktop'));
    expect((await confirm).headers()['x-csrf-token']).toMatch(/.{16,}/);
    await expect.poll(() => heading(page)).toBe(`Welkom, ${OWNER.name}`);
    expect(await page.getByTestId('staff-role').textContent()).toBe('Eigenaar');
    for (const item of ['Start', 'Cliënten', 'Team', 'Logboek', 'Account']) {
      expect(
        await page.getByRole('navigation').getByRole('link', { name: item, exact: true }).isVisible(),
      ).toBe(true);
    }
    await shoot(page, 'staff-home-owner-desktop');
    await expectCleanBrowser(page, problems, [/status of 401 .*\/api\/auth\/session\]$/]);
  });

  test('the owner registers a client; a wrong phone number is shown at its field', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Cliënten' }).click();
    await expect.poll(() => heading(page)).toBe('Cliënten');
    await page.getByRole('button', { name: 'Nieuwe cliënt' }).click();
    await page.getByRole('textbox', { name: 'Voornaam' }).fill('Lotte');
    await page.getByRole('textbox', { name: 'Achternaam' }).fill('Bakker');
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill('lotte@example.nl');
    await page.getByRole('textbox', { name: 'Telefoonnummer' }).fill('bel me maar');
    // The duplicate check before saving takes the same fields, so it is the one that refuses.
    const refused = page.waitForResponse(
      (r) => r.url().endsWith('/api/clients/possible-duplicates') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Cliënt opslaan' }).click();
    const response = await refused;
    expect(response.status()).toBe(400);
    expect(response.request().headers()['x-csrf-token']).toMatch(/.{16,}/);
    await page.getByText('Dit is geen telefoonnummer.').waitFor();
    await shoot(page, 'client-new-error-desktop');

    await page.getByRole('textbox', { name: 'Telefoonnummer' }).fill('+31 6 1234 5678');
    await page.getByRole('button', { name: 'Cliënt opslaan' }).click();
    await page.waitForURL(/\/app\/clients\/[0-9a-f-]{36}$/);
    clientId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await expect.poll(() => heading(page)).toBe('Lotte Bakker');
    expect(await page.getByTestId('client-details').textContent()).toContain('lotte@example.nl');
    await shoot(page, 'client-owner-desktop');

    // Search finds her.
    await page.getByRole('link', { name: 'Terug naar cliënten' }).click();
    await page.getByRole('searchbox', { name: 'Naam, e-mailadres of telefoonnummer' }).fill('Bakk');
    await page.getByRole('link', { name: 'Lotte Bakker' }).waitFor();
    await shoot(page, 'client-search-desktop');
  });

  test('the owner invites a practitioner and sees the link', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Team' }).click();
    await expect.poll(() => heading(page)).toBe('Team');
    await page.getByRole('textbox', { name: 'Naam', exact: true }).fill(PRACTITIONER.name);
    await page.getByRole('textbox', { name: 'E-mailadres', exact: true }).fill(PRACTITIONER.email);
    await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    const link = page.getByTestId('invitation-link');
    await link.waitFor();
    expect(
      await page
        .getByText(`De uitnodiging voor ${PRACTITIONER.email} staat in de uitgaande e-mail.`)
        .isVisible(),
    ).toBe(true);
    // Listed under pending invitations until accepted, with "send again" and "revoke".
    const pending = page.getByRole('region', { name: 'Openstaande uitnodigingen' });
    await pending.getByText(PRACTITIONER.email).waitFor();
    await pending.getByRole('button', { name: `Uitnodiging van ${PRACTITIONER.name} intrekken` }).waitFor();
    await shoot(page, 'team-invited-desktop');
    invitationLink = (await link.textContent()) ?? '';
    expect(invitationLink).toMatch(/\/app\/invitation#token=/);
  });

  test('the practitioner accepts on a tablet, signs in and enrols', async () => {
    practitioner = await vellum.newPage({ viewport: VIEWPORTS.tablet });
    const { page } = practitioner;
    await page.goto(invitationLink);
    await expect.poll(() => heading(page)).toBe('Welkom in het team');
    await page.getByRole('textbox', { name: 'Nieuw wachtwoord' }).fill(PRACTITIONER.password);
    await page.getByRole('textbox', { name: 'Wachtwoord herhalen' }).fill(PRACTITIONER.password);
    await shoot(page, 'invitation-tablet');
    await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await signIn(page, PRACTITIONER.email, PRACTITIONER.password);
    await enrolAuthenticator(page, 'practitioner-tablet');
    await expect.poll(() => heading(page)).toBe(`Welkom, ${PRACTITIONER.name}`);
    expect(await page.getByTestId('staff-role').textContent()).toBe('Behandelaar');
    await page.getByRole('button', { name: 'Menu openen' }).click();
    const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
    await nav.getByRole('link', { name: 'Cliënten' }).waitFor({ state: 'visible' });
    expect(await nav.getByRole('link', { name: 'Team' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Logboek' }).count()).toBe(0);
    await shoot(page, 'staff-menu-practitioner-tablet');
    await page.getByRole('button', { name: 'Menu sluiten' }).click();
  });

  test("the practitioner gets 'no access' for the owner's client, and can break the glass", async () => {
    const { page } = practitioner;
    await page.goto(`/app/clients/${clientId}`);
    await page.getByTestId('no-access').waitFor();
    expect(await heading(page)).toBe('Niet gevonden of geen toegang');
    expect(await page.getByText('Lotte').count()).toBe(0);
    await shoot(page, 'client-no-access-tablet');

    await page.getByRole('button', { name: 'Dossier openen met deze reden' }).click();
    expect(await page.getByText('Gebruik minstens 10 tekens.').isVisible()).toBe(true);
    await page
      .getByRole('textbox', { name: 'Reden' })
      .fill('Cliënte belt met een allergische reactie na de behandeling');
    await page.getByRole('button', { name: 'Dossier openen met deze reden' }).click();
    await expect.poll(() => heading(page)).toBe('Lotte Bakker');
    await shoot(page, 'client-after-break-glass-tablet');
  });

  test('after sign-out, Back shows no staff data and the old cookie is refused', async () => {
    const { page, context, problems } = practitioner;
    const cookie = (await context.cookies()).find((c) => c.name === 'vellum_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    oldPractitionerCookie = cookie?.value ?? '';

    // Leave the client's page inside the app, so one Back stays in this document (the router)
    // and the next one goes to the document opened before (the browser's back/forward cache).
    await page.getByRole('button', { name: 'Menu openen' }).click();
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Start' }).click();
    await expect.poll(() => heading(page)).toBe(`Welkom, ${PRACTITIONER.name}`);

    // Watch the page from now on: no staff data may appear again, not even for a moment.
    await page.evaluate(`(() => {
      window.__sawStaffData = false;
      new MutationObserver(() => {
        const text = document.body.innerText;
        if (text.includes('Bakker') || text.includes('Sam Jansen')) window.__sawStaffData = true;
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    })()`);
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL('**/app/login');
    expect(await page.getByRole('status').textContent()).toBe('Je bent uitgelogd.');
    expect(await page.getByText('Sam Jansen').count()).toBe(0);
    await page.evaluate('window.__sawStaffData = false');

    // Back within the app: the client's page asks the server first, and shows nothing of her.
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/app/login');
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
    expect(await page.evaluate('window.__sawStaffData')).toBe(false);
    expect(await page.getByText('Bakker').count()).toBe(0);

    // Back again, to the document of before: not restored from the cache, but checked again.
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/app/login');
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
    expect(await page.getByText('Sam Jansen').count()).toBe(0);
    expect(await page.getByText('Bakker').count()).toBe(0);
    await shoot(page, 'after-sign-out-back-tablet');

    await expectCleanBrowser(page, problems, [
      /status of 401 .*\/api\/auth\/session\]$/,
      new RegExp(`status of 404 .*/api/clients/${clientId}\\]$`),
    ]);

    const replay = await fetch(`${vellum.baseUrl}/api/auth/session`, {
      headers: { cookie: `vellum_session=${oldPractitionerCookie}` },
    });
    expect(replay.status).toBe(401);
    const replayClient = await fetch(`${vellum.baseUrl}/api/clients/${clientId}`, {
      headers: { cookie: `vellum_session=${oldPractitionerCookie}` },
    });
    expect(replayClient.status).toBe(401);
  });

  test('the owner reviews the break-glass access in the audit log', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Logboek' }).click();
    await expect.poll(() => heading(page)).toBe('Logboek');
    await page.getByTestId('audit-log').waitFor();
    expect(await page.getByTestId('audit-log').textContent()).toContain('Noodtoegang');
    await shoot(page, 'audit-log-desktop');

    await page.getByRole('tab', { name: 'Ongewone toegang' }).click();
    await page.getByTestId('unusual-access').waitFor();
    expect(await page.getByTestId('unusual-access').textContent()).toContain(PRACTITIONER.name);
    await shoot(page, 'audit-unusual-desktop');

    await page.getByRole('tab', { name: 'Noodtoegang beoordelen' }).click();
    const access = page.getByTestId('break-glass-access');
    await access.waitFor();
    expect(await access.textContent()).toContain('allergische reactie');
    await shoot(page, 'audit-break-glass-desktop');
    await page.getByRole('button', { name: 'Markeren als beoordeeld' }).click();
    await page.getByText('Er is geen noodtoegang om te beoordelen.').waitFor();
  });

  test('the owner disables the practitioner, with a confirmation', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Team' }).click();
    await page.getByRole('button', { name: `Acties voor ${PRACTITIONER.name}` }).click();
    await page.getByRole('menuitem', { name: 'Uitschakelen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.waitForTimeout(400); // the opening transition, before checking contrast
    await shoot(page, 'team-disable-dialog-desktop');
    await dialog.getByRole('button', { name: 'Ja, uitschakelen' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Uitgeschakeld').waitFor();
  });

  test('a session that ends while working sends the owner to sign in with a message', async () => {
    const { page, context } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Cliënten' }).click();
    await context.clearCookies({ name: 'vellum_session' });
    await page.getByRole('searchbox', { name: 'Naam, e-mailadres of telefoonnummer' }).fill('Lotte');
    // Signing in again comes back here: the sign-in address remembers the page (same-origin only).
    await page.waitForURL(
      (url) => url.pathname === '/app/login' && url.searchParams.get('next') === '/app/clients',
    );
    // The notice, not a loading spinner (which is a status too).
    await page
      .getByRole('status')
      .filter({ hasText: 'Je sessie is beëindigd. Log opnieuw in om verder te werken.' })
      .waitFor();
    await shoot(page, 'session-ended-desktop');
  });

  test('signing in again asks for the next authenticator code (in English)', async () => {
    const { page, problems } = owner;
    // A code works once: wait for the authenticator's next 30-second step after enrolment.
    while (timeStep(new Date()) <= ownerEnrolledStep) await page.waitForTimeout(1_000);
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(OWNER.password);
    await page.getByRole('textbox', { name: 'E-mail address', exact: true }).fill(OWNER.email);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(
      (url) => url.pathname === '/app/login/code' && url.searchParams.get('next') === '/app/clients',
    );
    await expect.poll(() => heading(page)).toBe('Sign-in code');
    const code = page.getByRole('textbox', { name: 'Code from your authenticator app' });
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    await code.fill('000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('alert').waitFor();
    await shoot(page, 'second-factor-error-en-desktop');
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByRole('textbox', { name: 'Recovery code' }).waitFor();
    await page.getByRole('button', { name: 'Use the code from the app' }).click();
    await code.fill(totpCode(ownerSecret, timeStep(new Date())));
    await page.getByRole('button', { name: 'Confirm' }).click();
    // Back on the page the session ended on, not the start page.
    await page.waitForURL((url) => url.pathname === '/app/clients' && url.search === '');
    await expect.poll(() => heading(page)).toBe('Clients');
    await shoot(page, 'signed-in-again-where-left-en-desktop');
    await expectCleanBrowser(page, problems, [
      /status of 401 .*\/api\/(auth\/session|auth\/second-factor|clients\?q=\w+)\]$/,
      /status of 400 .*\/api\/clients\/possible-duplicates\]$/,
    ]);
  });
  test('the owner changes her password: the form says what is wrong at the field, then the server', async () => {
    const { page, problems } = owner;
    await page.goto('/app/account');
    await expect.poll(() => heading(page)).toBe('Account');
    const current = page.getByRole('textbox', { name: 'Current password', exact: true });
    const next = page.getByRole('textbox', { name: 'New password', exact: true });
    const repeat = page.getByRole('textbox', { name: 'Repeat new password', exact: true });
    const submit = page.getByRole('button', { name: 'Change password' });
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/auth/password')) sent.push(request.method());
    });
    await next.fill('kort');
    await repeat.fill('anders');
    await submit.click();
    await page.getByText('Fill in this field.').waitFor();
    await page.getByText('Use at least 12 characters.').waitFor();
    await page.getByText('The passwords do not match.').waitFor();
    expect(sent).toEqual([]); // nothing left the browser
    await current.fill('not-my-password-at-all');
    await next.fill('Een heel nieuw wachtwoord 2026');
    await repeat.fill('Een heel nieuw wachtwoord 2026');
    await submit.click();
    await page.getByText('This is not your current password.').waitFor();
    expect(sent).toEqual(['POST']);
    await shoot(page, 'account-password-error-en-desktop');
    await expectCleanBrowser(page, problems, [
      /status of 401 .*\/api\/(auth\/session|auth\/second-factor|clients\?q=\w+)\]$/, // earlier steps
      /status of 400 .*\/api\/clients\/possible-duplicates\]$/,
      /status of 400 .*\/api\/auth\/password\]$/,
    ]);
  });
});
