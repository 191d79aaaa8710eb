import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { motoInstalled } from '../support/object-store';
import { firstFreeDayAfterToday } from './free-days';
import { startVellum, type Vellum, type VellumPage, VIEWPORTS } from './harness';
import { expectCleanBrowser, screenshots, shoot } from './page-checks';
import { acceptInvitation, choose, enrolAuthenticator, heading, setUpClinic, signIn } from './staff-flows';

// Issue 17's "Done when": a chain of three locations with one shared device, end to end in Chromium.
// The owner opens Amsterdam and Utrecht besides the first location and gives Amsterdam one IPL
// device that two treatments need; a visitor books one of them at Amsterdam on a phone; the other
// treatment at that same time is neither offered nor bookable (the device is taken); the
// receptionist at Utrecht cannot find the Amsterdam client, while the owner can.
// On PostgreSQL as a chain runs it: two instances behind a round-robin proxy, photos in a local S3
// bucket. On PGlite the same scenario on one process.
const onServer = Boolean(process.env.E2E_DATABASE_URL);

const OWNER = {
  name: 'Mila Keten',
  email: 'mila@huidkliniek-keten.example',
  password: 'drie huizen aan drie grachten',
};
const PRACTITIONER_A = {
  name: 'Anouk Amstel',
  email: 'anouk@huidkliniek-keten.example',
  password: 'licht door het raam',
};
const PRACTITIONER_B = {
  name: 'Bram Brouwer',
  email: 'bram@huidkliniek-keten.example',
  password: 'een fiets op de brug',
};
const RECEPTIONIST = {
  name: 'Ruth Domstad',
  email: 'ruth@huidkliniek-keten.example',
  password: 'de toren slaat twaalf',
};
const VISITOR = {
  firstName: 'Lieke',
  lastName: 'Zonneveld',
  email: 'lieke@example.nl',
  phone: '06 2468 1357',
};
const AMSTERDAM = {
  name: 'Amsterdam',
  street: 'Keizersgracht',
  houseNumber: '100',
  postcode: '1015 AA',
  city: 'Amsterdam',
};
const AMSTERDAM_ADDRESS = 'Keizersgracht 100, 1015 AA Amsterdam';
const DEVICE_KIND = 'IPL-apparaat';
const ONTHAREN = 'IPL ontharen';
const VERJONGING = 'IPL huidverjonging';

let vellum: Vellum;
let owner: VellumPage;
let receptionist: VellumPage;
const ids = {
  amsterdam: '',
  utrecht: '',
  device: '',
  practitionerA: '',
  practitionerB: '',
  ontharen: '',
  verjonging: '',
};
let booked: { appointmentId: string; startsAt: string };

beforeAll(async () => {
  vellum = await startVellum(onServer ? { instances: 2, objectStore: motoInstalled() } : {});
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await vellum?.stop();
});

/** A staff API call with the session's CSRF token; expects success and answers the JSON (if any). */
async function api(page: Page, method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) {
  const session = await page.request.get('/api/auth/session');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.fetch(url, {
    method,
    headers: { 'x-csrf-token': csrfToken },
    data: data === undefined ? undefined : (data as Record<string, unknown>),
  });
  expect(response.status(), `${method} ${url}: ${await response.text()}`).toBeLessThan(300);
  return response.status() === 204 ? undefined : response.json();
}

/** Monday to Sunday, 07:00 to 21:00: the scenario finds free times whenever it runs. */
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinutes: 420, endMinutes: 1260 }));

const localDate = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(iso));
const localTime = (iso: string) =>
  new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'Europe/Amsterdam',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

/** Free times of a treatment with one practitioner at one location on one day (public API). */
async function freeTimes(page: Page, treatmentTypeId: string, practitionerId: string, day: string) {
  const response = await page.request.get(
    `/api/public/booking/slots?treatmentTypeId=${treatmentTypeId}&practitionerId=${practitionerId}&locationId=${ids.amsterdam}&from=${day}&to=${day}`,
  );
  expect(response.status()).toBe(200);
  return ((await response.json()) as { startsAt: string }[]).map((s) => s.startsAt);
}

/** A public booking through the API, as the booking page sends it. */
async function bookThroughApi(page: Page, treatmentTypeId: string, practitionerId: string, startsAt: string) {
  const statement = await (await page.request.get('/api/public/privacy-statement')).json();
  return page.request.post('/api/public/bookings', {
    headers: { origin: vellum.baseUrl },
    data: {
      treatmentTypeId,
      practitionerId,
      locationId: ids.amsterdam,
      startsAt,
      firstName: 'Joris',
      lastName: 'Verjong',
      email: 'joris@example.nl',
      phone: '0611223344',
      language: 'nl',
      statementVersion: statement.version,
      consent: true,
      website: '',
    },
  });
}

describe('a chain of three locations', () => {
  test('the owner sets up the clinic and adds Amsterdam and Utrecht on the Vestigingen page', async () => {
    owner = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    const { page } = owner;
    await setUpClinic(vellum, page, 'Huidkliniek Keten', OWNER);
    await signIn(page, OWNER.email, OWNER.password);
    await enrolAuthenticator(page, 'chain-owner-desktop');

    await page.getByRole('navigation').getByRole('link', { name: 'Vestigingen' }).click();
    await expect.poll(() => heading(page)).toBe('Vestigingen');
    const rows = page.getByTestId('locations').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    for (const place of [
      AMSTERDAM,
      { name: 'Utrecht', street: 'Oudegracht', houseNumber: '12', postcode: '3511 AA', city: 'Utrecht' },
    ]) {
      const before = await rows.count();
      await page.getByRole('button', { name: 'Nieuwe vestiging' }).click();
      await page.getByRole('textbox', { name: 'Naam', exact: true }).fill(place.name);
      await page.getByRole('textbox', { name: 'Straat' }).fill(place.street);
      await page.getByRole('textbox', { name: 'Huisnummer' }).fill(place.houseNumber);
      await page.getByRole('textbox', { name: 'Postcode' }).fill(place.postcode);
      await page.getByRole('textbox', { name: 'Plaats' }).fill(place.city);
      const saved = page.waitForResponse(
        (r) => r.url().endsWith('/api/locations') && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: 'Opslaan' }).click();
      expect((await saved).status()).toBe(201);
      await expect.poll(() => rows.count()).toBe(before + 1);
    }

    const locations = (await api(page, 'GET', '/api/locations')) as { id: string; name: string }[];
    expect(locations).toHaveLength(3);
    ids.amsterdam = locations.find((l) => l.name === 'Amsterdam')?.id ?? '';
    ids.utrecht = locations.find((l) => l.name === 'Utrecht')?.id ?? '';
    // Each location its own opening hours (the hours editor is covered by booking.test.ts).
    for (const place of locations)
      await api(page, 'PUT', '/api/schedule/opening-hours', { hours: EVERY_DAY, locationId: place.id });
    const schedule = (await api(page, 'GET', '/api/schedule')) as { openingHours: { locationId: string }[] };
    expect(new Set(schedule.openingHours.map((h) => h.locationId)).size).toBe(3);
    await expectCleanBrowser(page, owner.problems);
  });

  test('the owner adds the IPL device kind and one unit at Amsterdam on "Ruimtes en apparaten"', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Ruimtes en apparaten' }).click();
    await expect.poll(() => heading(page)).toBe('Ruimtes en apparaten');
    const kinds = page.getByRole('region', { name: 'Soorten' });
    await kinds.getByRole('textbox', { name: 'Naam van de soort' }).fill(DEVICE_KIND);
    await choose(page, 'Ruimte of apparaat', 'Apparaat');
    const kindSaved = page.waitForResponse(
      (r) => r.url().endsWith('/api/resource-types') && r.request().method() === 'POST',
    );
    await kinds.getByRole('button', { name: 'Soort toevoegen' }).click();
    expect((await kindSaved).status()).toBe(201);
    await kinds.getByText(`${DEVICE_KIND} · Apparaat`).waitFor();

    const amsterdam = page.getByRole('region', { name: 'Amsterdam', exact: true });
    // The first kind is already chosen at every location: nothing to pick when there is one.
    for (const place of ['Amsterdam', 'Utrecht'])
      await expect
        .poll(() =>
          page
            .getByRole('region', { name: place, exact: true })
            .getByRole('combobox', { name: 'Soort', exact: true })
            .inputValue(),
        )
        .toBe(DEVICE_KIND);
    await amsterdam.getByRole('textbox', { name: 'Naam', exact: true }).fill('IPL 1');
    const unitSaved = page.waitForResponse(
      (r) => r.url().endsWith('/api/resources') && r.request().method() === 'POST',
    );
    await amsterdam.getByRole('button', { name: 'Toevoegen aan deze vestiging' }).click();
    const unit = await unitSaved;
    expect(unit.status()).toBe(201);
    expect(unit.request().postDataJSON()).toMatchObject({ locationId: ids.amsterdam, name: 'IPL 1' });
    await amsterdam.getByRole('cell', { name: 'IPL 1', exact: true }).waitFor();
    // The other two locations have none.
    expect(await page.getByText('Deze vestiging heeft nog geen ruimtes of apparaten.').count()).toBe(2);
    await shoot(page, 'chain-resources-desktop');

    const types = (await api(page, 'GET', '/api/resource-types')) as { id: string; name: string }[];
    ids.device = types.find((t) => t.name === DEVICE_KIND)?.id ?? '';
    const units = (await api(page, 'GET', '/api/resources')) as {
      locationId: string;
      resourceTypeId: string;
    }[];
    expect(units).toEqual([
      expect.objectContaining({ locationId: ids.amsterdam, resourceTypeId: ids.device }),
    ]);
    await expectCleanBrowser(page, owner.problems);
  });

  test('two practitioners join at Amsterdam and a receptionist at Utrecht; two treatments need the device', async () => {
    const { page } = owner;
    const members = [
      { ...PRACTITIONER_A, role: 'practitioner', locationIds: [ids.amsterdam] },
      { ...PRACTITIONER_B, role: 'practitioner', locationIds: [ids.amsterdam] },
      { ...RECEPTIONIST, role: 'reception', locationIds: [ids.utrecht] },
    ] as const;
    for (const member of members) {
      const { link } = (await api(page, 'POST', '/api/staff/invitations', {
        name: member.name,
        email: member.email,
        role: member.role,
        locationIds: member.locationIds,
      })) as { link: string };
      const joining = await vellum.newPage({ viewport: VIEWPORTS.tablet });
      const url = new URL(link);
      await acceptInvitation(
        joining.page,
        url.pathname + url.hash,
        member,
        `chain-${member.role}-${member.email.split('@')[0]}`,
      );
      if (member.role === 'reception') receptionist = joining;
      else await joining.context.close();
    }
    const team = (await api(page, 'GET', '/api/staff')) as { id: string; email: string }[];
    ids.practitionerA = team.find((m) => m.email === PRACTITIONER_A.email)?.id ?? '';
    ids.practitionerB = team.find((m) => m.email === PRACTITIONER_B.email)?.id ?? '';
    for (const id of [ids.practitionerA, ids.practitionerB]) {
      expect(await api(page, 'GET', `/api/staff/${id}/locations`)).toEqual({ locationIds: [ids.amsterdam] });
      await api(page, 'PUT', `/api/staff/${id}/working-hours`, {
        hours: EVERY_DAY,
        locationId: ids.amsterdam,
      });
    }

    for (const name of [ONTHAREN, VERJONGING]) {
      const { id } = (await api(page, 'POST', '/api/treatment-types', {
        name,
        description: 'Met het IPL-apparaat.',
        durationMinutes: 30,
        priceCents: 9500,
        vatRatePercent: 21,
        practitionerIds: [ids.practitionerA, ids.practitionerB],
        locationIds: [ids.amsterdam],
        resourceTypeIds: [ids.device],
      })) as { id: string };
      if (name === ONTHAREN) ids.ontharen = id;
      else ids.verjonging = id;
    }
    // Offered at Amsterdam only.
    const atUtrecht = await (
      await page.request.get(`/api/public/booking/treatments?locationId=${ids.utrecht}`)
    ).json();
    expect(atUtrecht.map((t: { name: string }) => t.name)).not.toContain(ONTHAREN);
  });

  test('a visitor on a phone chooses Amsterdam, books IPL ontharen with the first practitioner and sees the address', async () => {
    const { page, problems } = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await page.goto('/book');
    await expect.poll(() => heading(page)).toBe('Afspraak maken');
    const step = page.getByRole('radiogroup', { name: 'Bij welke vestiging wil je komen?' });
    await step.getByRole('radio', { name: /Utrecht/ }).waitFor();
    expect(await step.getByRole('radio').count()).toBe(3);
    await step.getByRole('radio', { name: /Amsterdam/ }).click();
    await shoot(page, 'chain-booking-location-phone');

    await page.getByRole('radio', { name: new RegExp(ONTHAREN) }).click();
    await page.getByRole('radio', { name: 'Anouk' }).click();
    const day = firstFreeDayAfterToday(page);
    await day.waitFor();
    await day.click();
    await page.getByTestId('free-time').first().click();
    await page.getByRole('textbox', { name: 'Voornaam' }).fill(VISITOR.firstName);
    await page.getByRole('textbox', { name: 'Achternaam' }).fill(VISITOR.lastName);
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill(VISITOR.email);
    await page.getByRole('textbox', { name: 'Telefoonnummer' }).fill(VISITOR.phone);
    await page.getByRole('checkbox', { name: /toestemming|persoonsgegevens|gegevens/i }).check();
    const posted = page.waitForResponse((r) => r.url().endsWith('/api/public/bookings'));
    await page.getByRole('button', { name: 'Afspraak bevestigen' }).click();
    const response = await posted;
    expect(response.status()).toBe(201);
    expect(response.request().postDataJSON()).toMatchObject({
      locationId: ids.amsterdam,
      treatmentTypeId: ids.ontharen,
      practitionerId: ids.practitionerA,
    });
    booked = await response.json();

    await expect.poll(() => heading(page)).toBe('Je afspraak staat vast');
    expect(await page.getByTestId('booked-time').textContent()).toContain(localTime(booked.startsAt));
    expect(await page.getByTestId('booked-location').textContent()).toBe(`Amsterdam, ${AMSTERDAM_ADDRESS}`);
    await shoot(page, 'chain-booking-confirmation-phone');
    await expectCleanBrowser(page, problems);
  });

  test('the device is taken at that time: the other treatment is not offered there and its booking answers 409', async () => {
    const { page } = owner;
    const day = localDate(booked.startsAt);
    // The second practitioner is free at that time; the only IPL unit is not.
    const verjonging = await freeTimes(page, ids.verjonging, ids.practitionerB, day);
    expect(verjonging.length).toBeGreaterThan(0);
    expect(verjonging).not.toContain(booked.startsAt);
    const refused = await bookThroughApi(page, ids.verjonging, ids.practitionerB, booked.startsAt);
    expect(refused.status(), await refused.text()).toBe(409);
    expect((await refused.json()).detail).toBe('this time was just taken');

    // An hour later the device is free again, and the same booking goes through.
    const later = verjonging.find((t) => Date.parse(t) >= Date.parse(booked.startsAt) + 3600_000);
    expect(later).toBeDefined();
    const accepted = await bookThroughApi(page, ids.verjonging, ids.practitionerB, later as string);
    expect(accepted.status(), await accepted.text()).toBe(201);
  });

  test('the receptionist at Utrecht does not find the Amsterdam client; the owner does', async () => {
    const { page, problems } = receptionist;
    await page.goto('/app/clients');
    await expect.poll(() => heading(page)).toBe('Cliënten');
    const searched = page.waitForResponse((r) => r.url().includes('/api/clients?q=Lieke'));
    await page
      .getByRole('searchbox', { name: /Naam, e-mailadres of telefoonnummer/ })
      .fill('Lieke Zonneveld');
    const answer = await searched;
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toEqual([]);
    await page.getByText('Geen cliënten gevonden.').waitFor();
    expect(await page.locator('main').textContent()).not.toContain(VISITOR.lastName);
    await shoot(page, 'chain-reception-search-tablet');

    // The agenda of Amsterdam's day shows the receptionist no name of that client.
    const day = localDate(booked.startsAt);
    const agenda = page.waitForResponse((r) => r.url().includes('/api/agenda?'));
    await page.goto(`/app/agenda?view=day&date=${day}&location=${ids.amsterdam}`);
    await expect.poll(() => heading(page)).toBe('Agenda');
    await agenda;
    expect(await page.locator('main').textContent()).not.toContain(VISITOR.lastName);
    const midnight = Date.parse(`${day}T00:00:00Z`);
    const from = new Date(midnight - 2 * 3600_000).toISOString();
    const to = new Date(midnight + 26 * 3600_000).toISOString();
    const read = await page.request.get(`/api/agenda?from=${from}&to=${to}&locationId=${ids.amsterdam}`);
    expect(read.status()).toBe(200);
    const entries = (await read.json()) as { startsAt: string; client: unknown }[];
    expect(JSON.stringify(entries)).not.toContain(VISITOR.lastName);
    // She sees that the practitioner is taken then, not by whom.
    expect(entries.find((e) => e.startsAt === booked.startsAt)).toMatchObject({ client: null });
    await shoot(page, 'chain-reception-agenda-tablet');
    await expectCleanBrowser(page, problems);

    const found = (await api(owner.page, 'GET', '/api/clients?q=Lieke%20Zonneveld')) as {
      lastName: string;
    }[];
    expect(found.map((c) => c.lastName)).toEqual([VISITOR.lastName]);
  });

  test("the confirmation e-mail in the outbox names Amsterdam's address", async () => {
    const request = owner.page.request;
    type Mail = { id: string; recipient: string; kind: string; body: string };
    const list = (await (await request.get('/api/outbox')).json()) as Mail[];
    const confirmation = list.find((m) => m.recipient === VISITOR.email && m.kind === 'booking_confirmation');
    expect(confirmation).toBeDefined();
    const mail = (await (await request.get(`/api/outbox/${confirmation?.id}`)).json()) as Mail;
    expect(mail.body).toContain(AMSTERDAM_ADDRESS);
    expect(mail.body).not.toContain('Oudegracht');
  });

  test.skipIf(!onServer)(
    'on PostgreSQL, both instances behind the proxy answered part of this scenario',
    () => {
      const served = vellum.served();
      expect(served).toHaveLength(2);
      for (const count of served) expect(count).toBeGreaterThan(20);
    },
  );
});
