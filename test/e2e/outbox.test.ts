import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { firstFreeDayAfterToday } from './free-days';
import { startVellum, type Vellum, type VellumPage, VIEWPORTS } from './harness';
import { expectCleanBrowser, screenshots, shoot } from './page-checks';
import { enrolAuthenticator, heading, setUpClinic, signIn } from './staff-flows';

// Without a mail server (the default) nothing leaves: a visitor books online, and the owner finds
// the confirmation in the outbox with its one-time links masked, opens the whole mail (logged) to
// pass a link on by hand, and sees why: the banner on the start page and in the outbox.
const OWNER = {
  name: 'Lotte de Graaf',
  email: 'lotte@kliniek-post.example',
  password: 'brieven in de bus van de buren',
};
const TREATMENT = 'Huidanalyse';
const VISITOR = 'mees@example.nl';
const NO_MAIL_SERVER =
  'Er is geen mailserver ingesteld: e-mails blijven hier staan. Geef links zelf door of stel VELLUM_SMTP_URL in.';
const SESSION_401 = /status of 401 .*\/api\/auth\/session\]$/;

let vellum: Vellum;
let owner: VellumPage;

beforeAll(async () => {
  vellum = await startVellum();
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await vellum?.stop();
});

/** A call as the signed-in owner, with the session's CSRF token (the set-up is not what this tests). */
async function asOwner(page: Page, method: 'POST' | 'PUT', url: string, data: unknown) {
  const session = await ownSession(page);
  const response = await page.request.fetch(url, {
    method,
    data,
    headers: { origin: vellum.baseUrl, 'x-csrf-token': session.csrfToken },
  });
  expect(response.status(), `${method} ${url}: ${await response.text()}`).toBeLessThan(300);
  return response;
}

const ownSession = async (page: Page): Promise<{ csrfToken: string; staff: { id: string } }> =>
  (await page.request.get('/api/auth/session')).json();

describe("the owner's outbox without a mail server", () => {
  test('the owner sets up a clinic where she treats herself, open every day', async () => {
    owner = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    const { page } = owner;
    await setUpClinic(vellum, page, 'Kliniek Post', OWNER);
    await signIn(page, OWNER.email, OWNER.password);
    await enrolAuthenticator(page, 'outbox-owner-desktop');

    const ownerId = (await ownSession(page)).staff.id;
    await asOwner(page, 'POST', '/api/treatment-types', {
      name: TREATMENT,
      durationMinutes: 30,
      priceCents: 6000,
      vatRatePercent: 21,
      intakeTemplateKey: null,
      practitionerIds: [ownerId],
    });
    const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      startMinutes: 7 * 60,
      endMinutes: 21 * 60,
    }));
    await asOwner(page, 'PUT', '/api/schedule/opening-hours', { hours });
    await asOwner(page, 'PUT', `/api/staff/${ownerId}/working-hours`, { hours });
  });

  test('a visitor books online', async () => {
    const { page, problems } = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await page.goto('/book');
    await expect.poll(() => heading(page)).toBe('Afspraak maken');
    await page.getByRole('radio', { name: new RegExp(TREATMENT) }).click();
    await page.getByRole('radio', { name: 'Lotte' }).click();
    const firstDay = firstFreeDayAfterToday(page);
    await firstDay.waitFor();
    await firstDay.click();
    await page.getByTestId('free-time').first().click();
    await page.getByRole('textbox', { name: 'Voornaam' }).fill('Mees');
    await page.getByRole('textbox', { name: 'Achternaam' }).fill('Verbeek');
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill(VISITOR);
    await page.getByRole('textbox', { name: 'Telefoonnummer' }).fill('06 2468 1357');
    await page.getByRole('checkbox', { name: /toestemming|persoonsgegevens|gegevens/i }).check();
    const posted = page.waitForResponse((r) => r.url().endsWith('/api/public/bookings'));
    await page.getByRole('button', { name: 'Afspraak bevestigen' }).click();
    const answer = await posted;
    expect(answer.status(), await answer.text()).toBe(201);
    await expect.poll(() => heading(page)).toBe('Je afspraak staat vast');
    await expectCleanBrowser(page, problems);
  });

  test('the owner sees the banner on her start page and the confirmation in the outbox, masked', async () => {
    const { page, problems } = owner;
    await page.goto('/app');
    await expect.poll(() => heading(page)).toBe(`Welkom, ${OWNER.name}`);
    const banner = page.getByTestId('no-mail-server');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Er is geen mailserver ingesteld');
    await banner.getByRole('link', { name: 'Naar de uitgaande e-mail' }).click();

    await page.waitForURL('**/app/outbox');
    await expect.poll(() => heading(page)).toBe('Uitgaande e-mail');
    expect(await page.getByTestId('no-mail-server').textContent()).toBe(NO_MAIL_SERVER);
    const confirmation = page.getByTestId('outbox-mail').filter({ hasText: VISITOR });
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toContain('Bevestiging van een afspraak');
    expect(await confirmation.textContent()).toContain('Pogingen: 0');
    await shoot(page, 'outbox-owner-desktop');

    await confirmation.getByRole('button', { name: 'Openen' }).click();
    const dialog = page.getByRole('dialog');
    const body = dialog.getByTestId('mail-body');
    await body.waitFor();
    const masked = (await body.textContent()) ?? '';
    expect(masked).toMatch(/\/book\/cancel#token=…[A-Za-z0-9_-]{4}\b/);
    expect(masked).not.toMatch(/#token=[A-Za-z0-9_-]{20,}/);
    expect(await dialog.textContent()).toContain('Dat wordt vastgelegd in het logboek.');
    await page.waitForTimeout(400); // the opening transition, before checking contrast
    await shoot(page, 'outbox-mail-masked-desktop');

    const opened = page.waitForResponse((r) => /\/api\/outbox\/[0-9a-f-]+$/.test(r.url()));
    await dialog.getByRole('button', { name: 'Toon de hele e-mail' }).click();
    expect((await opened).status()).toBe(200);
    await expect.poll(() => body.textContent()).toMatch(/\/book\/cancel#token=[A-Za-z0-9_-]{20,}/);
    const whole = (await body.textContent()) ?? '';
    const token = /\/book\/cancel#token=([A-Za-z0-9_-]+)/.exec(whole)?.[1] ?? '';
    expect(masked).toContain(`#token=…${token.slice(-4)}`);
    await dialog.getByRole('button', { name: 'Kopieer link' }).first().waitFor();
    await shoot(page, 'outbox-mail-whole-desktop');
    await dialog.getByRole('button', { name: 'Sluiten' }).last().click();
    await expectCleanBrowser(page, problems, [SESSION_401]);
  });

  test('the outbox fits a phone', async () => {
    const { page, context, problems } = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await context.addCookies(await owner.context.cookies());
    await page.goto('/app/outbox');
    await expect.poll(() => heading(page)).toBe('Uitgaande e-mail');
    await page.getByTestId('outbox-mail').first().waitFor();
    await shoot(page, 'outbox-owner-phone');
    await page.getByRole('tab', { name: 'Mislukt' }).click();
    await page.getByText('Er zijn geen mislukte e-mails.').waitFor();
    await expectCleanBrowser(page, problems, [SESSION_401]);
  });
});
