import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startVellum, type Vellum, type VellumPage, VIEWPORTS } from './harness';
import { expectCleanBrowser, screenshots, shoot } from './page-checks';
import { acceptInvitation, enrolAuthenticator, heading, invite, setUpClinic, signIn } from './staff-flows';

// A practitioner registers a client; a second registration of the same person (same name and date
// of birth) is caught before it is saved, but she registers it anyway and records a consult on it.
// She then merges the duplicate into the first record from the client's page: the consult moves
// over, the duplicate is gone.
const OWNER = {
  name: 'Maud Vermeulen',
  email: 'maud@kliniek-iris.example',
  password: 'lavendel langs het tuinpad',
};
const PRACTITIONER = {
  name: 'Julia Peters',
  email: 'julia@kliniek-iris.example',
  password: 'wolken boven het weiland',
};
const SESSION_401 = /status of 401 .*\/api\/auth\/session\]$/;

let vellum: Vellum;
let practitioner: VellumPage;
let firstId = '';
let duplicateId = '';

beforeAll(async () => {
  vellum = await startVellum();
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await vellum?.stop();
});

/** Fills in the new-client form on the clients page and submits it. */
async function registerClient(
  page: Page,
  client: { firstName: string; lastName: string; birthDate: string; email?: string; phone?: string },
) {
  await page.goto('/app/clients');
  await expect.poll(() => heading(page)).toBe('Cliënten');
  await page.getByRole('button', { name: 'Nieuwe cliënt' }).click();
  await page.getByRole('textbox', { name: 'Voornaam' }).fill(client.firstName);
  await page.getByRole('textbox', { name: 'Achternaam' }).fill(client.lastName);
  await page.getByLabel('Geboortedatum').fill(client.birthDate);
  if (client.email) await page.getByRole('textbox', { name: 'E-mailadres' }).fill(client.email);
  if (client.phone) await page.getByRole('textbox', { name: 'Telefoonnummer' }).fill(client.phone);
  await page.getByRole('textbox', { name: 'Plaats' }).fill('Utrecht');
  await page.getByRole('button', { name: 'Cliënt opslaan' }).click();
}

const idFromUrl = (page: Page) => new URL(page.url()).pathname.split('/').pop() ?? '';

describe('registering a client twice, and merging the duplicate', () => {
  test('the owner sets up the clinic and invites a practitioner, who signs in on a tablet', async () => {
    const owner = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    await setUpClinic(vellum, owner.page, 'Kliniek Iris', OWNER);
    await signIn(owner.page, OWNER.email, OWNER.password);
    await enrolAuthenticator(owner.page, 'clients-owner-desktop');
    const link = await invite(owner.page, PRACTITIONER);
    practitioner = await vellum.newPage({ viewport: VIEWPORTS.tablet });
    await acceptInvitation(practitioner.page, link, PRACTITIONER, 'clients-practitioner-tablet');
  });

  test('a first registration has no possible duplicates and is saved at once', async () => {
    const { page } = practitioner;
    const checked = page.waitForResponse((r) => r.url().endsWith('/api/clients/possible-duplicates'));
    await registerClient(page, {
      firstName: 'Eva',
      lastName: 'de Wit',
      birthDate: '1990-05-17',
      email: 'eva@example.nl',
    });
    expect(await (await checked).json()).toEqual([]);
    await page.waitForURL(/\/app\/clients\/[0-9a-f-]{36}$/);
    firstId = idFromUrl(page);
    await expect.poll(() => heading(page)).toBe('Eva de Wit');
  });

  test('a second registration with the same name and date of birth shows the first one', async () => {
    const { page } = practitioner;
    await registerClient(page, {
      firstName: 'eva',
      lastName: 'de wit',
      birthDate: '1990-05-17',
      phone: '06 1234 5678',
    });
    const dialog = page.getByRole('dialog', { name: 'Bestaat deze cliënt al?' });
    await dialog.waitFor();
    const candidate = dialog.getByTestId('duplicate-candidate');
    expect(await candidate.count()).toBe(1);
    const text = await candidate.textContent();
    expect(text).toContain('Eva de Wit');
    expect(text).toContain('17 mei 1990');
    expect(text).toContain('eva@example.nl');
    expect(text).toContain('Utrecht');
    const open = candidate.getByRole('link', { name: 'Deze cliënt openen' });
    expect(await open.getAttribute('href')).toBe(`/app/clients/${firstId}`);
    // Nothing was saved yet: the form waits behind the dialog.
    expect(page.url()).toMatch(/\/app\/clients$/);
    await shoot(page, 'clients-possible-duplicate-tablet');

    // Back to the form keeps what was typed; saving again asks again.
    await dialog.getByRole('button', { name: 'Terug naar het formulier' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('textbox', { name: 'Voornaam' }).inputValue()).toBe('eva');
    await page.getByRole('button', { name: 'Cliënt opslaan' }).click();
    await dialog.waitFor();

    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/clients') && r.request().method() === 'POST',
    );
    await dialog.getByRole('button', { name: 'Toch als nieuwe cliënt registreren' }).click();
    expect((await created).status()).toBe(201);
    await page.waitForURL((url) => /\/app\/clients\/[0-9a-f-]{36}$/.test(url.pathname));
    duplicateId = idFromUrl(page);
    expect(duplicateId).not.toBe(firstId);
    await expect.poll(() => heading(page)).toBe('eva de wit');

    // Something in the duplicate's dossier, to see it move.
    await page.getByText('Er staat nog niets in het dossier.').waitFor();
    await page.getByRole('button', { name: 'Behandeling of consult' }).click();
    await page.getByRole('radio', { name: 'Consult' }).check();
    await page.getByRole('textbox', { name: 'Wat is er gedaan' }).fill('Kennismaking, huid bekeken.');
    await page.getByRole('textbox', { name: 'Wat is er besproken' }).fill('Eerst een proefbehandeling.');
    await page.getByRole('button', { name: 'Consult opslaan' }).click();
    await page.getByTestId('timeline-consult').waitFor();
  });

  test('she merges the duplicate into the first record and sees what moved', async () => {
    const { page, problems } = practitioner;
    await page.goto(`/app/clients/${firstId}`);
    await expect.poll(() => heading(page)).toBe('Eva de Wit');
    await page.getByRole('button', { name: 'Dubbele registratie samenvoegen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dubbele registratie samenvoegen met Eva de Wit' });
    await dialog.waitFor();
    // The search starts with the client's name; the client itself is not offered.
    expect(await dialog.getByRole('searchbox').inputValue()).toBe('Eva de Wit');
    const candidate = dialog.getByTestId('merge-candidate');
    await candidate.waitFor();
    expect(await candidate.count()).toBe(1);
    expect(await candidate.textContent()).toContain('06 1234 5678');
    await candidate.getByRole('button', { name: 'Kiezen' }).click();

    const survivor = dialog.getByTestId('merge-survivor');
    const duplicate = dialog.getByTestId('merge-duplicate');
    expect(await survivor.textContent()).toMatch(/Blijft bestaan.*Eva de Wit.*eva@example\.nl/);
    expect(await duplicate.textContent()).toMatch(/Wordt verwijderd.*eva de wit.*06 1234 5678/);
    expect(await dialog.getByTestId('merge-explanation').textContent()).toContain(
      'De gekozen dubbele registratie wordt verwijderd.',
    );
    await shoot(page, 'clients-merge-confirm-tablet');

    const merged = page.waitForResponse((r) => r.url().endsWith(`/api/clients/${firstId}/merge`));
    await dialog.getByRole('button', { name: 'Samenvoegen', exact: true }).click();
    const response = await merged;
    expect(response.status()).toBe(200);
    expect(response.request().postDataJSON()).toEqual({ duplicateId });
    await dialog.waitFor({ state: 'detached' });

    const result = page.getByTestId('merge-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('de dubbele registratie van eva de wit is verwijderd');
    const moved = await result
      .getByTestId('merge-moved')
      .evaluateAll((items) => items.map((item) => item.textContent));
    expect(moved).toContain('Behandelingen en consulten1');
    expect(moved).toContain('Foto’s0');
    // The survivor took over the phone number it did not have, and the consult is in its dossier.
    await page.getByTestId('client-details').getByText('06 1234 5678').waitFor();
    // The address is the place alone: the country is not repeated when it is the Netherlands (a
    // client without an address read "Adres: NL").
    const details = await page.getByTestId('client-details').textContent();
    expect(details).toContain('AdresUtrecht');
    expect(details).not.toContain('NL');
    await page.getByTestId('timeline-consult').waitFor();
    await shoot(page, 'clients-merge-done-tablet');

    // The duplicate is gone.
    await page.goto(`/app/clients/${duplicateId}`);
    await page.getByTestId('no-access').waitFor();

    await page.setViewportSize(VIEWPORTS.desktop);
    await page.goto(`/app/clients/${firstId}`);
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('button', { name: 'Merge a duplicate into this client' }).click();
    await page.getByRole('dialog', { name: 'Merge a duplicate into Eva de Wit' }).waitFor();
    await page.getByText('No other clients found.').waitFor();
    await shoot(page, 'clients-merge-search-en-desktop');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'NL', exact: true }).click();
    await page.setViewportSize(VIEWPORTS.tablet);

    await expectCleanBrowser(page, problems, [
      SESSION_401,
      new RegExp(`status of 404 .*/api/clients/${duplicateId}\\]$`),
    ]);
  });
});
