import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startVellum, type Vellum, type VellumPage, VIEWPORTS } from './harness';
import { expectCleanBrowser, screenshots, shoot } from './page-checks';
import {
  acceptInvitation,
  choose,
  enrolAuthenticator,
  heading,
  type StaffAccount,
  setUpClinic,
  signIn,
} from './staff-flows';

// A clinic's first day: the owner's start page begins with a checklist that shrinks as she sets up;
// a practitioner sees their day with a warning, reception the arrivals and whom to ask for consent,
// and the owner her tasks and the figures as charts. Each page on the device its user would hold.
const OWNER = {
  name: 'Mirjam Start',
  email: 'mirjam@kliniek-start.example',
  password: 'een rustige start van de dag',
};
const PRACTITIONER = {
  name: 'Noor Behandelaar',
  email: 'noor@kliniek-start.example',
  password: 'gezichten en handen en voeten',
};
const RECEPTION = {
  name: 'Sem Balie',
  email: 'sem@kliniek-start.example',
  password: 'de deur gaat open om negen',
};
const SESSION_401 = /status of 401 .*\/api\/auth\/session\]$/;

let vellum: Vellum;
let owner: VellumPage;
let practitioner: VellumPage;
let reception: VellumPage;
let practitionerId = '';
let clientId = '';

beforeAll(async () => {
  vellum = await startVellum();
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await vellum?.stop();
});

async function call(page: Page, method: 'POST' | 'PUT', url: string, data: unknown) {
  const session = await (await page.request.get('/api/auth/session')).json();
  const response = await page.request.fetch(url, {
    method,
    data,
    headers: { origin: vellum.baseUrl, 'x-csrf-token': session.csrfToken },
  });
  expect(response.status(), `${method} ${url}: ${await response.text()}`).toBeLessThan(300);
  return response.json().catch(() => ({}));
}

async function join(
  member: StaffAccount,
  role: 'Behandelaar' | 'Receptie',
  viewport: keyof typeof VIEWPORTS,
) {
  const { page } = owner;
  // A fresh Team page: the previous invitation's link is not shown any more.
  await page.goto('/app/team');
  await expect.poll(() => heading(page)).toBe('Team');
  await page.getByRole('textbox', { name: 'Naam', exact: true }).fill(member.name);
  await page.getByRole('textbox', { name: 'E-mailadres', exact: true }).fill(member.email);
  await choose(page, 'Rol', role);
  await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  const link = (await page.getByTestId('invitation-link').textContent()) ?? '';
  const joined = await vellum.newPage({ viewport: VIEWPORTS[viewport] });
  await acceptInvitation(joined.page, link, member, `start-${role.toLowerCase()}-${viewport}`);
  return joined;
}

describe('the start page per role, and the owner’s charts', () => {
  test('a new owner sees a first-run checklist instead of tiles', async () => {
    owner = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    const { page, problems } = owner;
    await setUpClinic(vellum, page, 'Kliniek Start', OWNER);
    await signIn(page, OWNER.email, OWNER.password);
    await enrolAuthenticator(page, 'start-owner-desktop');
    await expect.poll(() => heading(page)).toBe(`Welkom, ${OWNER.name}`);
    const checklist = page.getByTestId('start-checklist');
    await checklist.getByText('Aan de slag').waitFor();
    await checklist.getByRole('link', { name: 'Openingstijden vastleggen' }).waitFor();
    expect(await checklist.getByText('(Te doen)').count()).toBe(5);
    await shoot(page, 'start-owner-first-run-desktop');
    await expectCleanBrowser(page, problems, [SESSION_401]);
  });

  test('the owner sets up hours, a treatment and a team; the checklist follows', async () => {
    const { page } = owner;
    // Enrolment is shown on a tablet (its page is not made for a phone); the day is then read on a phone.
    practitioner = await join(PRACTITIONER, 'Behandelaar', 'tablet');
    const session = await (await practitioner.page.request.get('/api/auth/session')).json();
    practitionerId = session.staff.id;
    reception = await join(RECEPTION, 'Receptie', 'tablet');

    const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinutes: 0, endMinutes: 1440 }));
    await call(page, 'PUT', '/api/schedule/opening-hours', { hours });
    await call(page, 'PUT', `/api/staff/${practitionerId}/working-hours`, { hours });
    const treatment = await call(page, 'POST', '/api/treatment-types', {
      name: 'Gezichtsbehandeling',
      // Short, so that "today" still has room late in the evening (the suite runs at any hour; an
      // appointment may not run past midnight into tomorrow's hours).
      durationMinutes: 15,
      priceCents: 8500,
      vatRatePercent: 21,
      intakeTemplateKey: 'facial',
      practitionerIds: [practitionerId],
    });
    clientId = (
      await call(page, 'POST', '/api/clients', {
        firstName: 'Fenna',
        lastName: 'Vandaag',
        email: 'fenna@example.nl',
      })
    ).id;
    // Today, as early as the desk may book (now: walk-ins), on the next quarter hour.
    const quarter = 15 * 60_000;
    const startsAt = new Date(Math.ceil((Date.now() + 60_000) / quarter) * quarter).toISOString();
    await call(page, 'POST', `/api/clients/${clientId}/appointments`, {
      treatmentTypeId: treatment.id,
      practitionerId,
      startsAt,
    });
    await call(page, 'POST', `/api/clients/${clientId}/invoices`, {
      lines: [{ description: 'Gezichtsbehandeling', quantity: 1, unitPriceCents: 8500, vatRatePercent: 21 }],
    });
    for (const path of ['/', '/book', '/privacy', '/']) {
      expect((await page.request.post('/api/public/stats/view', { data: { path } })).status()).toBe(204);
    }
    // A visitor whose browser and system the server does not know: counted as 'other', shown in Dutch.
    const unknown = { data: { path: '/' }, headers: { 'user-agent': 'curl/8.5.0' } };
    expect((await page.request.post('/api/public/stats/view', unknown)).status()).toBe(204);

    await page.getByRole('navigation').getByRole('link', { name: 'Start' }).click();
    await expect.poll(() => heading(page)).toBe(`Welkom, ${OWNER.name}`);
    const checklist = page.getByTestId('start-checklist');
    await expect.poll(() => checklist.getByText('(Klaar)').count()).toBe(3);
    // Unsent mail (no mail server): the booking confirmation waits in the outbox.
    await page
      .getByTestId('start-tasks')
      .getByRole('link', { name: /e-mails? niet verzonden/ })
      .waitFor();
    await page.getByRole('link', { name: '1 afspraak vandaag' }).waitFor();
    await shoot(page, 'start-owner-desktop');
  });

  test("the practitioner's day warns that the intake is not signed (phone)", async () => {
    const { page, problems } = practitioner;
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto('/app');
    await expect.poll(() => heading(page)).toBe(`Welkom, ${PRACTITIONER.name}`);
    const today = page.getByTestId('start-today');
    await today.getByRole('link', { name: /Fenna Vandaag/ }).waitFor();
    await today.getByText('Geen ondertekende intake').waitFor();
    await page.getByTestId('start-intakes').getByText('Nog geen intake').waitFor();
    await page
      .getByTestId('start-reports')
      .getByText('Van elke afgeronde afspraak is een verslag.')
      .waitFor();
    await shoot(page, 'start-practitioner-phone');
    await today.getByRole('link', { name: /Fenna Vandaag/ }).click();
    await expect.poll(() => heading(page)).toBe('Fenna Vandaag');
    await expectCleanBrowser(page, problems, [SESSION_401]);
  });

  test('reception sees the arrivals and whom to ask for consent, without medical warnings (tablet)', async () => {
    const { page, problems } = reception;
    await page.goto('/app');
    await expect.poll(() => heading(page)).toBe(`Welkom, ${RECEPTION.name}`);
    const counts = page.getByTestId('start-counts');
    await counts.getByText('Nog te komen').waitFor();
    await page.getByTestId('start-consent').getByRole('link', { name: 'Fenna Vandaag' }).waitFor();
    await page
      .getByTestId('start-today')
      .getByText(/bij Noor Behandelaar/)
      .waitFor();
    expect(await page.getByText('Geen ondertekende intake').count()).toBe(0);
    await shoot(page, 'start-reception-tablet');
    await expectCleanBrowser(page, problems, [SESSION_401]);
  });

  test('the owner reads the figures as charts, per week and per month (desktop and phone)', async () => {
    const { page, problems } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Cijfers' }).click();
    await expect.poll(() => heading(page)).toBe('Cijfers');
    for (const chart of ['chart-website', 'chart-bookings', 'chart-revenue', 'chart-attendance']) {
      await page.getByTestId(chart).locator('svg.recharts-surface').first().waitFor();
    }
    // The booking of today and the invoice show up as bars; the website's five views in the totals.
    await expect
      .poll(() => page.getByTestId('chart-bookings').locator('.recharts-bar-rectangle path').count())
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('chart-revenue').locator('.recharts-bar-rectangle path').count())
      .toBeGreaterThan(0);
    await page
      .getByTestId('chart-website')
      .getByText(/Paginaweergaven: 5 · bezoeken: 2/)
      .waitFor();
    expect(await page.getByTestId('chart-website').getByText('Overig', { exact: true }).count()).toBe(2);
    expect(await page.getByTestId('chart-website').getByText('other', { exact: true }).count()).toBe(0);
    await page.getByTestId('chart-utilisation').getByText(PRACTITIONER.name).waitFor();
    await shoot(page, 'insights-weeks-desktop');
    await page.getByText('Laatste 12 maanden').click();
    await expect
      .poll(() => page.getByTestId('chart-bookings').locator('.recharts-bar-rectangle path').count())
      .toBeGreaterThan(0);
    await shoot(page, 'insights-months-desktop');
    await page.setViewportSize(VIEWPORTS.phone);
    await page.getByTestId('chart-utilisation').scrollIntoViewIfNeeded();
    await shoot(page, 'insights-months-phone');
    await expectCleanBrowser(page, problems, [SESSION_401]);
  });
});
