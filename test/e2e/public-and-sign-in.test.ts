import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startVellum, type Vellum, VIEWPORTS } from './harness';
import { expectCleanBrowser, screenshots, shoot } from './page-checks';

let vellum: Vellum;

beforeAll(async () => {
  vellum = await startVellum();
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await vellum?.stop();
});

const htmlLang = (page: Page) => page.evaluate('document.documentElement.lang');

describe.each([
  ['phone', VIEWPORTS.phone],
  ['tablet', VIEWPORTS.tablet],
  ['desktop', VIEWPORTS.desktop],
] as const)('public site and staff sign-in (%s)', (size, viewport) => {
  test('the home page speaks Dutch by default and English after switching', async () => {
    const { page, context, problems } = await vellum.newPage({ viewport });
    // Each page of the public site is counted for the owner's website statistics: its path only.
    const counted = page.waitForResponse((r) => r.url().endsWith('/api/public/stats/view'));
    await page.goto('/');
    expect((await counted).status()).toBe(204);
    expect((await counted).request().postDataJSON()).toEqual({ path: '/' });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welkom bij Vellum');
    expect(await htmlLang(page)).toBe('nl');
    expect(await page.getByRole('link', { name: 'Inloggen voor medewerkers' }).getAttribute('href')).toBe(
      '/app/login',
    );
    expect(await page.locator('header, main, footer').count()).toBe(3);
    await shoot(page, `home-nl-${size}`);

    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to Vellum');
    expect(await htmlLang(page)).toBe('en');
    expect(await page.getByRole('button', { name: 'EN', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await page.getByRole('link', { name: 'Staff sign-in' }).isVisible()).toBe(true);
    await shoot(page, `home-en-${size}`);

    const cookies = await context.cookies();
    expect(cookies.find((cookie) => cookie.name === 'vellum_lang')).toMatchObject({
      value: 'en',
      sameSite: 'Lax',
      path: '/',
    });
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to Vellum');
    expect(await htmlLang(page)).toBe('en');

    await expectCleanBrowser(page, problems);
  });

  test('the staff sign-in page explains a failed sign-in in the chosen language', async () => {
    const { page, problems } = await vellum.newPage({ viewport });
    await page.goto('/');
    await page.getByRole('link', { name: 'Inloggen voor medewerkers' }).click();
    await page.waitForURL('**/app/login');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Inloggen');
    expect(await htmlLang(page)).toBe('nl');
    const email = page.getByRole('textbox', { name: 'E-mailadres', exact: true });
    const password = page.getByRole('textbox', { name: 'Wachtwoord', exact: true });
    expect(await page.getByRole('button', { name: 'Wachtwoord tonen' }).count()).toBe(1);
    expect(await email.getAttribute('autocomplete')).toBe('username');
    expect(await password.getAttribute('autocomplete')).toBe('current-password');
    expect(await page.locator('header, nav, main, footer').count()).toBeGreaterThanOrEqual(4);
    await shoot(page, `sign-in-nl-${size}`);

    // Submitting empty fields: localized validation, no request.
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    expect(await page.getByText('Vul je e-mailadres in.').isVisible()).toBe(true);

    await email.fill('eigenaar@example.nl');
    await password.fill('een wachtwoord');
    const loginRequest = page.waitForRequest('**/api/auth/login');
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    const request = await loginRequest;
    expect(request.method()).toBe('POST');
    expect(request.postDataJSON()).toEqual({ email: 'eigenaar@example.nl', password: 'een wachtwoord' });
    // No account exists on a fresh server: the server refuses (401), the page says so in Dutch.
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Inloggen misluktHet e-mailadres of wachtwoord klopt niet.');
    await shoot(page, `sign-in-error-nl-${size}`);

    // A 404 problem+json (sign-in not offered by this server) gives a friendly "not available".
    await page.route('**/api/auth/login', (route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'no route' }),
      }),
    );
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await expect
      .poll(() => alert.textContent())
      .toBe('Inloggen misluktInloggen is op dit moment niet beschikbaar. Probeer het later opnieuw.');

    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    expect(await htmlLang(page)).toBe('en');
    expect(await page.getByRole('textbox', { name: 'E-mail address', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('textbox', { name: 'Password', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Show password' }).count()).toBe(1);
    expect(await alert.textContent()).toBe(
      'Sign-in failedSign-in is not available at the moment. Please try again later.',
    );
    await shoot(page, `sign-in-error-en-${size}`);

    // The only console errors allowed are Chromium's own log lines for the refused sign-in requests.
    await expectCleanBrowser(page, problems, [/status of (401|404) .*\/api\/auth\/login\]$/]);
  });

  test('the staff area explains first-run setup, shows the version, and unknown pages are localized 404s', async () => {
    const { page, problems } = await vellum.newPage({ viewport });
    await page.goto('/app');
    // No clinic yet: the staff area points to the one-time link the server printed.
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Vellum is nog niet ingericht');
    await page.getByTestId('app-version').waitFor();
    expect(await page.getByTestId('app-version').textContent()).toMatch(/^Versie \d+\.\d+\.\d+/);
    if (size !== 'desktop') {
      const burger = page.getByRole('button', { name: 'Menu openen' });
      await burger.click();
      await page.getByRole('link', { name: 'Inloggen' }).waitFor({ state: 'visible' });
      await shoot(page, `staff-menu-nl-${size}`);
      await page.getByRole('button', { name: 'Menu sluiten' }).click();
    }
    await shoot(page, `setup-needed-nl-${size}`);

    await page.goto('/app/bestaat-niet');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Pagina niet gevonden');
    await page.goto('/bestaat-niet');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Pagina niet gevonden');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    await shoot(page, `not-found-en-${size}`);

    // Chromium logs the 401 of the session check (nobody is signed in) as a console error.
    await expectCleanBrowser(page, problems, [/status of 401 .*\/api\/auth\/session\]$/]);
  });
});
