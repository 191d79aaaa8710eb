import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { firstFreeDayAfterToday } from './free-days';
import { startVellum, type Vellum, type VellumPage, VIEWPORTS } from './harness';
import { expectCleanBrowser, screenshots, shoot, waitUntil } from './page-checks';
import {
  acceptInvitation,
  choose,
  enrolAuthenticator,
  heading,
  invite,
  setUpClinic,
  signIn,
} from './staff-flows';

// The owner opens the agenda (opening hours, working hours, a practitioner who performs a
// treatment); a visitor books the first free time on a phone; the practitioner sees it in her
// week and moves it; someone else trying that same time hears it was just taken, with other times;
// a visitor moves her appointment, and another cancels, with the links from their e-mails.
const OWNER = {
  name: 'Roos Bakker',
  email: 'roos@kliniek-zonne.example',
  password: 'zonnebloemen in de berm',
};
const PRACTITIONER = {
  name: 'Fleur Jansen',
  email: 'fleur@kliniek-zonne.example',
  password: 'regen op het zinken dak',
};
const VISITOR = {
  firstName: 'Sanne',
  lastName: 'de Vries',
  email: 'sanne@example.nl',
  phone: '06 1234 5678',
};
const TREATMENT = 'Gezichtsbehandeling';
const SESSION_401 = /status of 401 .*\/api\/auth\/session\]$/;

let vellum: Vellum;
let owner: VellumPage;
let practitioner: VellumPage;
let booked: { appointmentId: string; startsAt: string };
let movedTo = '';

beforeAll(async () => {
  // On PostgreSQL through two instances behind a round-robin proxy (issue 17): every request may land on either.
  vellum = await startVellum({ instances: 2 });
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await vellum?.stop();
});

/** Shoots into test/e2e/screenshots and keeps a copy under /tmp for a human to look at. */
async function shot(page: Page, name: string) {
  await shoot(page, name);
  const copies = process.env.E2E_SHOT_COPY_DIR;
  if (copies) {
    await mkdir(copies, { recursive: true });
    await copyFile(path.join(screenshots, `${name}.png`), path.join(copies, `${name}.png`));
  }
}

/** Ticks every weekday and sets the same hours on each (the editor shows Monday to Sunday). */
async function openEveryDay(page: Page, section: string, from: string, until: string) {
  const panel = page.getByRole('region', { name: section });
  for (const day of ['Maandag', 'Dinsdag', 'Woensdag', 'Donderdag', 'Vrijdag', 'Zaterdag', 'Zondag']) {
    await panel.getByRole('checkbox', { name: day, exact: true }).check();
    await panel.getByLabel(`${day} van`).fill(from);
    await panel.getByLabel(`${day} tot`).fill(until);
  }
}

const localDate = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(iso));
const localTime = (iso: string) =>
  new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'Europe/Amsterdam',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

/** When Iris's appointment starts now, as the agenda API says. */
async function irisStart(page: Page): Promise<string> {
  const midnight = Date.parse(`${localDate(movedTo)}T00:00:00Z`);
  const from = new Date(midnight - 2 * 3600_000).toISOString();
  const to = new Date(midnight + 26 * 3600_000).toISOString();
  const list: { startsAt: string; client: { firstName: string } | null }[] = await (
    await page.request.get(`/api/agenda?from=${from}&to=${to}`)
  ).json();
  return list.find((a) => a.client?.firstName === 'Iris')?.startsAt ?? '';
}

describe('online booking and the staff agenda', () => {
  test('the owner sets up the clinic and invites a practitioner', async () => {
    owner = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    await setUpClinic(vellum, owner.page, 'Kliniek Zonne', OWNER);
    await signIn(owner.page, OWNER.email, OWNER.password);
    await enrolAuthenticator(owner.page, 'booking-owner-desktop');
    const link = await invite(owner.page, PRACTITIONER);
    practitioner = await vellum.newPage({ viewport: VIEWPORTS.tablet });
    await acceptInvitation(practitioner.page, link, PRACTITIONER, 'booking-practitioner-tablet');
  });

  test('the owner links the practitioner to a treatment and sets opening and working hours', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Catalogus' }).click();
    await expect.poll(() => heading(page)).toBe('Catalogus');
    await page.getByRole('button', { name: 'Nieuwe behandeling' }).click();
    await page.getByRole('textbox', { name: 'Naam', exact: true }).fill(TREATMENT);
    await page.getByRole('textbox', { name: 'Duur' }).fill('45');
    await page.getByRole('textbox', { name: 'Prijs' }).fill('85');
    await page.getByRole('textbox', { name: 'Omschrijving' }).fill('Reinigen, peelen en een masker.');
    await choose(page, 'Behandelaars', PRACTITIONER.name);
    await page.keyboard.press('Escape');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/treatment-types') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    expect((await saved).status()).toBe(201);

    await page.getByRole('navigation').getByRole('link', { name: 'Agenda' }).click();
    await expect.poll(() => heading(page)).toBe('Agenda');
    await page.getByRole('link', { name: 'Openings- en werktijden' }).click();
    await expect.poll(() => heading(page)).toBe('Openings- en werktijden');

    // Every day from 07:00 to 21:00, so the scenario finds a free time whenever it runs.
    await openEveryDay(page, 'Openingstijden van de praktijk', '07:00', '21:00');
    const opening = page.waitForResponse((r) => r.url().endsWith('/api/schedule/opening-hours'));
    await page.getByRole('button', { name: 'Openingstijden opslaan' }).click();
    expect((await opening).status()).toBe(204);
    expect((await opening).request().postDataJSON().hours).toHaveLength(7);

    await choose(page, 'Behandelaar', PRACTITIONER.name);
    await openEveryDay(page, 'Werktijden per behandelaar', '07:00', '21:00');
    const working = page.waitForResponse((r) => /\/api\/staff\/[0-9a-f-]+\/working-hours$/.test(r.url()));
    await page.getByRole('button', { name: 'Werktijden opslaan' }).click();
    expect((await working).status()).toBe(204);
    await page.getByText('Opgeslagen.').last().waitFor();

    // Extra hours on a Saturday far beyond the booking horizon: listed under "Gepland", then removed.
    const exceptions = page.getByRole('region', { name: 'Afwezigheid, sluiting of extra uren' });
    await exceptions.getByText('Extra uren', { exact: true }).click();
    await exceptions.getByLabel('Van').fill('2028-06-03T10:00');
    await exceptions.getByLabel('Tot').fill('2028-06-03T13:00');
    const added = page.waitForResponse(
      (r) => r.url().endsWith('/api/schedule/exceptions') && r.request().method() === 'POST',
    );
    await exceptions.getByRole('button', { name: 'Extra uren toevoegen' }).click();
    expect((await added).request().postDataJSON()).toMatchObject({
      kind: 'extra',
      staffId: expect.any(String),
    });
    await exceptions.getByText(`Extra uren · ${PRACTITIONER.name}`).waitFor();
    await shot(page, 'booking-schedule-owner-desktop');
    const removed = page.waitForResponse((r) => /\/api\/schedule\/exceptions\/[0-9a-f-]+$/.test(r.url()));
    await exceptions.getByRole('button', { name: /^Verwijderen: Extra uren van/ }).click();
    expect((await removed).status()).toBe(204);
    await exceptions.getByText('Geen afwezigheid, sluiting of extra uren gepland.').waitFor();
    await expectCleanBrowser(page, owner.problems, [SESSION_401]);
  });

  test('a visitor books the first free time on a phone and sees the confirmation', async () => {
    const { page, problems } = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await page.goto('/');
    await page.getByRole('link', { name: 'Afspraak maken' }).click();
    await page.waitForURL('**/book');
    await expect.poll(() => heading(page)).toBe('Afspraak maken');

    await page.getByRole('radio', { name: new RegExp(TREATMENT) }).click();
    await page.getByRole('radio', { name: 'Fleur' }).click();
    const firstDay = firstFreeDayAfterToday(page);
    await firstDay.waitFor();
    await shot(page, 'booking-days-phone');
    await firstDay.click();
    await page.getByTestId('free-time').first().click();
    // On the phone the next step is brought into sight: the details' heading is in the window
    // without the visitor scrolling (Playwright's clicks scroll only to what they click).
    await waitUntil(
      page,
      `(() => { const r = document.getElementById('booking-details-title').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`,
    );

    // Consent is never ticked beforehand; confirming without it says what is missing.
    const consent = page.getByRole('checkbox', { name: /toestemming|persoonsgegevens|gegevens/i });
    expect(await consent.isChecked()).toBe(false);
    await page.getByRole('textbox', { name: 'Voornaam' }).fill(VISITOR.firstName);
    await page.getByRole('textbox', { name: 'Achternaam' }).fill(VISITOR.lastName);
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill(VISITOR.email);
    await page.getByRole('textbox', { name: 'Telefoonnummer' }).fill(VISITOR.phone);
    await page.getByRole('button', { name: 'Afspraak bevestigen' }).click();
    await page.getByText('Zonder je toestemming kunnen we de afspraak niet vastleggen.').waitFor();
    expect(await page.evaluate('document.activeElement?.type')).toBe('checkbox');
    // The honeypot is there for bots only.
    const trap = page.locator('input[name="website"]');
    expect(await trap.getAttribute('tabindex')).toBe('-1');
    expect(await trap.getAttribute('autocomplete')).toBe('off');
    await shot(page, 'booking-details-phone');

    await consent.check();
    const posted = page.waitForResponse((r) => r.url().endsWith('/api/public/bookings'));
    await page.getByRole('button', { name: 'Afspraak bevestigen' }).click();
    const response = await posted;
    expect(response.status()).toBe(201);
    const body = response.request().postDataJSON();
    expect(body).toMatchObject({ consent: true, website: '', language: 'nl', firstName: 'Sanne' });
    booked = await response.json();

    await expect.poll(() => heading(page)).toBe('Je afspraak staat vast');
    const when = await page.getByTestId('booked-time').textContent();
    expect(when).toContain(localTime(booked.startsAt));
    expect(await page.getByTestId('booking-confirmation').textContent()).toContain(VISITOR.email);
    await shot(page, 'booking-confirmation-phone');
    await expectCleanBrowser(page, problems);
  });

  test('the practitioner sees the appointment in her week and moves it an hour later', async () => {
    const { page, problems } = practitioner;
    await page.goto(`/app/agenda?view=week&date=${localDate(booked.startsAt)}`);
    await expect.poll(() => heading(page)).toBe('Agenda');
    const block = page.getByTestId('agenda-appointment').filter({ hasText: 'Sanne de Vries' });
    await block.waitFor();
    expect(await block.textContent()).toContain(TREATMENT);
    expect(await block.textContent()).toContain(localTime(booked.startsAt));
    await shot(page, 'booking-agenda-week-tablet');

    await block.click();
    const dialog = page.getByRole('dialog', { name: 'Sanne de Vries' });
    await dialog.waitFor();
    const later = new Date(Date.parse(booked.startsAt) + 60 * 60_000).toISOString();
    const laterEnd = new Date(Date.parse(booked.startsAt) + 105 * 60_000).toISOString();
    await dialog.getByLabel('Datum').fill(localDate(later));
    await dialog.getByLabel('Begintijd').fill(localTime(later));
    await dialog.getByLabel('Eindtijd').fill(localTime(laterEnd));
    await shot(page, 'booking-agenda-move-tablet');
    const patched = page.waitForResponse((r) =>
      r.url().endsWith(`/api/appointments/${booked.appointmentId}`),
    );
    await dialog.getByRole('button', { name: 'Wijziging opslaan' }).click();
    const patch = await patched;
    expect(patch.status()).toBe(200);
    expect(patch.request().postDataJSON()).toMatchObject({ startsAt: later, endsAt: laterEnd });
    movedTo = later;
    await dialog.waitFor({ state: 'detached' });
    await page.goto(`/app/agenda?view=week&date=${localDate(later)}`);
    await expect.poll(() => block.textContent()).toContain(localTime(later));

    // Checking in: she booked online, so consent for health data is still to be asked.
    await block.click();
    await dialog.getByRole('button', { name: 'Inchecken' }).click();
    await dialog.getByTestId('consent-prompt').waitFor();
    expect(await dialog.getByTestId('appointment-status').textContent()).toBe('Ingecheckt');
    await shot(page, 'booking-agenda-check-in-tablet');
    await page.keyboard.press('Escape');
    await expectCleanBrowser(page, problems, [SESSION_401]);
  });

  test('the practitioner subscribes her phone’s calendar to her own appointments, and revokes it', async () => {
    const { page, problems } = practitioner;
    await page.goto('/app/account');
    await page.getByRole('button', { name: 'Nieuwe link maken' }).click();
    const url = (await page.getByTestId('calendar-feed-url').textContent())?.trim() ?? '';
    expect(url).toMatch(/\/api\/public\/calendar\.ics\?token=/);
    await shot(page, 'booking-calendar-feed-tablet');
    const feed = await page.request.get(url);
    expect(feed.status()).toBe(200);
    expect(feed.headers()['content-type']).toMatch(/text\/calendar/);
    expect(await feed.text()).toContain('BEGIN:VEVENT');
    await page.getByRole('button', { name: 'Link intrekken' }).click();
    await page.getByText('De link werkt niet meer.').waitFor();
    expect((await page.request.get(url)).status()).toBe(404);
    await expectCleanBrowser(page, problems, [/status of 404/]);
  });

  test('someone else trying the same time hears it was just taken, with the next free times', async () => {
    const { page } = await vellum.newPage({ viewport: VIEWPORTS.phone });
    const treatments = await (await page.request.get('/api/public/booking/treatments')).json();
    const treatment = treatments.find((t: { name: string }) => t.name === TREATMENT);
    const statement = await (await page.request.get('/api/public/privacy-statement')).json();
    const response = await page.request.post('/api/public/bookings', {
      headers: { origin: vellum.baseUrl },
      data: {
        treatmentTypeId: treatment.id,
        practitionerId: treatment.practitioners[0].id,
        startsAt: movedTo,
        firstName: 'Noor',
        lastName: 'Visser',
        email: 'noor@example.nl',
        phone: '06 8765 4321',
        language: 'nl',
        statementVersion: statement.version,
        consent: true,
        website: '',
      },
    });
    expect(response.status()).toBe(409);
    const problem = await response.json();
    expect(problem.detail).toBe('this time was just taken');
    expect(problem.nextFreeTimes.length).toBeGreaterThan(0);
    for (const next of problem.nextFreeTimes)
      expect(Date.parse(next.startsAt)).toBeGreaterThan(Date.parse(movedTo));
  });

  test('a visitor whose time is taken while filling in the form picks one of the times offered', async () => {
    const { page, problems } = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await page.goto('/book');
    await page.getByRole('radio', { name: new RegExp(TREATMENT) }).click();
    await page.getByRole('radio', { name: 'Maakt niet uit' }).click();
    await firstFreeDayAfterToday(page).click();
    const time = page.getByTestId('free-time').first();
    await time.click();
    await page.getByRole('textbox', { name: 'Voornaam' }).fill('Lotte');
    await page.getByRole('textbox', { name: 'Achternaam' }).fill('Smit');
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill('lotte@example.nl');
    await page.getByRole('textbox', { name: 'Telefoonnummer' }).fill('0612345678');
    await page.getByRole('checkbox', { name: /toestemming|persoonsgegevens|gegevens/i }).check();

    // Someone else books that time first, through the API.
    const chosen = page.waitForResponse((r) => r.url().endsWith('/api/public/bookings'));
    const treatments = await (await page.request.get('/api/public/booking/treatments')).json();
    const statement = await (await page.request.get('/api/public/privacy-statement')).json();
    const summary = await page.getByTestId('booking-summary').textContent();
    const slots = await (
      await page.request.get(
        `/api/public/booking/slots?treatmentTypeId=${treatments[0].id}&from=${localDate(new Date(Date.now() + 864e5).toISOString())}&to=${localDate(new Date(Date.now() + 7 * 864e5).toISOString())}`,
      )
    ).json();
    const first = slots.find((s: { startsAt: string }) => summary?.includes(localTime(s.startsAt)));
    const other = await page.request.post('/api/public/bookings', {
      headers: { origin: vellum.baseUrl },
      data: {
        treatmentTypeId: treatments[0].id,
        practitionerId: null,
        startsAt: first.startsAt,
        firstName: 'Iris',
        lastName: 'Mulder',
        email: 'iris@example.nl',
        phone: '0611122233',
        language: 'nl',
        statementVersion: statement.version,
        consent: true,
        website: '',
      },
    });
    expect(other.status()).toBe(201);

    await page.getByRole('button', { name: 'Afspraak bevestigen' }).click();
    expect((await chosen).status()).toBe(409);
    const taken = page.getByTestId('time-taken');
    await taken.waitFor();
    expect(await taken.textContent()).toContain('Deze tijd is net door iemand anders geboekt');
    await shot(page, 'booking-time-taken-phone');
    const retry = page.waitForResponse((r) => r.url().endsWith('/api/public/bookings'));
    await taken.getByRole('button').first().click();
    await page.getByRole('button', { name: 'Afspraak bevestigen' }).click();
    expect((await retry).status()).toBe(201);
    await expect.poll(() => heading(page)).toBe('Je afspraak staat vast');
    await expectCleanBrowser(page, problems, [/status of 409/]);
  });

  test('reception of the day: the owner books a known client at a free time from the clinic’s day', async () => {
    const { page, problems } = owner;
    const slots = await (
      await page.request.get(
        `/api/public/booking/slots?treatmentTypeId=${(await (await page.request.get('/api/public/booking/treatments')).json())[0].id}&from=${localDate(new Date().toISOString())}&to=${localDate(new Date(Date.now() + 7 * 864e5).toISOString())}`,
      )
    ).json();
    const day = localDate(slots[0].startsAt);
    await page.goto(`/app/agenda?date=${localDate(movedTo)}`);
    await expect.poll(() => heading(page)).toBe('Agenda');
    await page.getByTestId('agenda-appointment').first().waitFor();
    await shot(page, 'booking-agenda-clinic-day-desktop');

    // With a mouse, an appointment can be dragged to the owner's own column, an hour later.
    const iris = page.getByTestId('agenda-appointment').filter({ hasText: 'Iris Mulder' });
    await iris.scrollIntoViewIfNeeded();
    const box = await iris.boundingBox();
    const target = await page.getByTestId('agenda-column').nth(1).boundingBox();
    if (!box || !target) throw new Error('the agenda is not laid out');
    const before = await irisStart(page);
    const dragged = page.waitForResponse((r) => /\/api\/appointments\/[0-9a-f-]+$/.test(r.url()));
    await page.mouse.move(box.x + 20, box.y + 5);
    await page.mouse.down();
    await page.mouse.move(target.x + 40, box.y + 30, { steps: 5 });
    await page.mouse.move(target.x + 40, box.y + 5 + 64, { steps: 5 });
    await page.mouse.up();
    const drop = await dragged;
    expect(drop.status()).toBe(200);
    const moved = drop.request().postDataJSON();
    expect(Date.parse(moved.startsAt) - Date.parse(before)).toBe(60 * 60_000);
    await expect.poll(() => page.getByTestId('agenda-column').nth(1).textContent()).toContain('Iris Mulder');
    expect(await page.getByRole('dialog').count()).toBe(0);

    await page.getByRole('button', { name: 'Nieuwe afspraak' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nieuwe afspraak' });
    await dialog.getByRole('searchbox', { name: 'Cliënt zoeken' }).fill('Sanne');
    await dialog.getByRole('radio', { name: /Sanne de Vries/ }).check();
    await choose(page, 'Behandeling', new RegExp(TREATMENT));
    await dialog.getByLabel('Datum').fill(day);
    await dialog.getByRole('button', { name: localTime(slots[0].startsAt), exact: true }).click();
    await shot(page, 'booking-agenda-new-appointment-desktop');
    const created = page.waitForResponse((r) => /\/api\/clients\/[0-9a-f-]+\/appointments$/.test(r.url()));
    await dialog.getByRole('button', { name: 'Afspraak maken' }).click();
    expect((await created).status()).toBe(201);
    await dialog.waitFor({ state: 'detached' });
    await expectCleanBrowser(page, problems, [SESSION_401]);
  });

  test('the agenda and the booking page in English, on a phone, a tablet and a desktop', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.goto(`/app/agenda?view=week&date=${localDate(movedTo)}&practitioner=clinic`);
    await expect.poll(() => heading(page)).toBe('Agenda');
    await page.getByTestId('agenda-appointment').first().waitFor();
    await shot(page, 'booking-agenda-week-en-desktop');
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(`/app/agenda?date=${localDate(movedTo)}`);
    await page.getByTestId('agenda-appointment').first().waitFor();
    await shot(page, 'booking-agenda-day-en-phone');
    await page.goto('/app/agenda/schedule');
    await expect.poll(() => heading(page)).toBe('Opening and working hours');
    await shot(page, 'booking-schedule-en-phone');

    for (const [name, viewport] of [
      ['tablet', VIEWPORTS.tablet],
      ['desktop', VIEWPORTS.desktop],
    ] as const) {
      const visitor = await vellum.newPage({ viewport });
      await visitor.page.goto('/book');
      await visitor.page.getByRole('button', { name: 'EN', exact: true }).click();
      await expect.poll(() => heading(visitor.page)).toBe('Book an appointment');
      await visitor.page.getByRole('radio', { name: new RegExp(TREATMENT) }).click();
      await visitor.page.getByRole('radio', { name: 'Anyone' }).click();
      await firstFreeDayAfterToday(visitor.page).click();
      await visitor.page.getByTestId('free-time').first().click();
      await shot(visitor.page, `booking-en-${name}`);
      await expectCleanBrowser(visitor.page, visitor.problems);
    }
  });

  test('a visitor moves her appointment with the reschedule link from the confirmation e-mail', async () => {
    const request = owner.page.request;
    const treatments = await (await request.get('/api/public/booking/treatments')).json();
    const treatment = treatments.find((t: { name: string }) => t.name === TREATMENT);
    const from = localDate(new Date(Date.now() + 3 * 864e5).toISOString());
    const to = localDate(new Date(Date.now() + 15 * 864e5).toISOString()); // at most 14 days a request
    const [slot] = await (
      await request.get(`/api/public/booking/slots?treatmentTypeId=${treatment.id}&from=${from}&to=${to}`)
    ).json();
    const statement = await (await request.get('/api/public/privacy-statement')).json();
    const booked = await request.post('/api/public/bookings', {
      headers: { origin: vellum.baseUrl },
      data: {
        treatmentTypeId: treatment.id,
        practitionerId: null,
        startsAt: slot.startsAt,
        firstName: 'Eva',
        lastName: 'Verzet',
        email: 'eva.verzet@example.nl',
        phone: '0613131313',
        language: 'nl',
        statementVersion: statement.version,
        consent: true,
        website: '',
      },
    });
    expect(booked.status()).toBe(201);
    type Mail = { id: string; recipient: string; kind: string; body: string };
    // The list masks one-time links; the owner opens each mail whole to pass it on by hand.
    const mails = async (kind: string) =>
      Promise.all(
        ((await (await request.get('/api/outbox')).json()) as Mail[])
          .filter((m) => m.recipient === 'eva.verzet@example.nl' && m.kind === kind)
          .map(async (m) => (await (await request.get(`/api/outbox/${m.id}`)).json()) as Mail),
      );
    const linkIn = (mail: Mail | undefined) =>
      /(http\S+\/book\/reschedule#token=[A-Za-z0-9_-]+)/.exec(mail?.body ?? '')?.[1] ?? '';
    const link = linkIn((await mails('booking_confirmation'))[0]);
    expect(link).not.toBe('');
    const open = (page: Page, url: string) => page.goto(new URL(url).pathname + new URL(url).hash);

    const { page, problems } = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await open(page, link);
    await expect.poll(() => heading(page)).toBe('Afspraak verzetten');
    const current = page.getByTestId('reschedule-current');
    await current.waitFor();
    expect(await current.textContent()).toContain(localTime(slot.startsAt));
    expect(await current.textContent()).toContain(TREATMENT);
    // The last free day shown (weeks ahead), so the fresh links are still inside the window.
    await page.getByTestId('free-day').last().click();
    const time = page.getByTestId('free-time').first();
    const chosen = (await time.textContent()) ?? '';
    await time.click();
    expect(await page.getByTestId('reschedule-summary').textContent()).toContain(chosen);
    await shot(page, 'booking-reschedule-phone');
    const moved = page.waitForResponse((r) => r.url().endsWith('/api/public/bookings/reschedule'));
    await page.getByRole('button', { name: 'Afspraak verzetten' }).click();
    const answer = await moved;
    expect(answer.status()).toBe(200);
    const newStart = (await answer.json()).startsAt as string;
    expect(localTime(newStart)).toBe(chosen);
    await page.getByTestId('booking-rescheduled').waitFor();
    await shot(page, 'booking-rescheduled-phone');
    await expectCleanBrowser(page, problems);

    // The e-mail: the new time, an updated invitation and fresh links; the old link is spent.
    const [mail] = await mails('booking_reschedule');
    expect(mail?.body).toContain('is verzet');
    expect(mail?.body).toContain(localTime(newStart));
    const fresh = linkIn(mail);
    expect(fresh).not.toBe('');
    expect(fresh).not.toBe(link);
    const again = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await open(again.page, link);
    await again.page.getByText('Deze link werkt niet (meer)').waitFor();
    await expectCleanBrowser(again.page, again.problems, [/status of 404/]);
    // The old e-mail's cancel link says the appointment moved, and to when, instead of "not valid".
    const oldCancel = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await open(oldCancel.page, link.replace('/book/reschedule#', '/book/cancel#'));
    const movedNote = oldCancel.page.getByTestId('booking-moved');
    await movedNote.waitFor();
    expect(await movedNote.textContent()).toContain('is verzet naar');
    expect(await movedNote.textContent()).toContain(localTime(newStart));
    expect(await oldCancel.page.getByRole('button', { name: 'Ja, annuleer mijn afspraak' }).count()).toBe(0);
    await shot(oldCancel.page, 'booking-cancel-moved-phone');
    await expectCleanBrowser(oldCancel.page, oldCancel.problems);

    // The fresh link, in English on a desktop.
    const desk = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    await open(desk.page, fresh);
    await desk.page.getByTestId('reschedule-current').waitFor();
    await desk.page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(() => heading(desk.page)).toBe('Move your appointment');
    await desk.page.getByRole('radio', { name: 'Anyone' }).click();
    await firstFreeDayAfterToday(desk.page).click();
    await desk.page.getByTestId('free-time').first().waitFor();
    await shot(desk.page, 'booking-reschedule-en-desktop');
    await expectCleanBrowser(desk.page, desk.problems);
  });

  test('a visitor opens the cancel link from the confirmation e-mail and cancels', async () => {
    // A booking at least three days ahead, so the 24-hour cancellation window is still open.
    const request = owner.page.request;
    const [treatment] = await (await request.get('/api/public/booking/treatments')).json();
    const from = localDate(new Date(Date.now() + 3 * 864e5).toISOString());
    const to = localDate(new Date(Date.now() + 15 * 864e5).toISOString()); // at most 14 days a request
    const [slot] = await (
      await request.get(`/api/public/booking/slots?treatmentTypeId=${treatment.id}&from=${from}&to=${to}`)
    ).json();
    const statement = await (await request.get('/api/public/privacy-statement')).json();
    const booked = await request.post('/api/public/bookings', {
      headers: { origin: vellum.baseUrl },
      data: {
        treatmentTypeId: treatment.id,
        practitionerId: null,
        startsAt: slot.startsAt,
        firstName: 'Sam',
        lastName: 'Annuleert',
        email: 'sam.annuleert@example.nl',
        phone: '0612121212',
        language: 'nl',
        statementVersion: statement.version,
        consent: true,
        website: '',
      },
    });
    expect(booked.status()).toBe(201);
    // Without SMTP the e-mail waits in the outbox, which the owner can read.
    // The list masks one-time links; the owner opens the mail whole to pass it on by hand.
    const outbox = (await (await request.get('/api/outbox')).json()) as {
      id: string;
      recipient: string;
      kind: string;
      body: string;
    }[];
    const listed = outbox.find(
      (m) => m.recipient === 'sam.annuleert@example.nl' && m.kind === 'booking_confirmation',
    );
    const mail =
      listed && ((await (await request.get(`/api/outbox/${listed.id}`)).json()) as { body: string });
    const link = /(http\S+\/book\/cancel#token=[A-Za-z0-9_-]+)/.exec(mail?.body ?? '')?.[1] ?? '';
    expect(link).not.toBe('');
    const { page, problems } = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await page.goto(new URL(link).pathname + new URL(link).hash);
    await expect.poll(() => heading(page)).toBe('Afspraak annuleren');
    // Before confirming, the page says which appointment the link cancels, in the clinic's time.
    const shown = page.getByTestId('cancel-appointment');
    await shown.waitFor();
    expect(await shown.textContent()).toContain(treatment.name);
    expect(await shown.textContent()).toContain(localTime(slot.startsAt));
    await shot(page, 'booking-cancel-confirm-phone');
    await page.getByRole('button', { name: 'Ja, annuleer mijn afspraak' }).click();
    await page.getByTestId('booking-cancelled').waitFor();
    await shot(page, 'booking-cancelled-phone');
    await expectCleanBrowser(page, problems);
    // Used: the same link in a new tab answers that it no longer works.
    const again = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await again.page.goto(new URL(link).pathname + new URL(link).hash);
    await again.page.getByText('Deze link werkt niet (meer)').waitFor();
    await expectCleanBrowser(again.page, again.problems, [/status of 404/]);
  });

  test.skipIf(!process.env.E2E_DATABASE_URL)(
    'on PostgreSQL, both instances behind the proxy answered part of this scenario',
    () => {
      const served = vellum.served();
      expect(served).toHaveLength(2);
      // Round robin: each took about half; a proxy that sent everything to one would leave the other at 0.
      for (const count of served) expect(count).toBeGreaterThan(50);
    },
  );
});
