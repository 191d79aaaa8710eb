import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startVellum, type Vellum, VIEWPORTS } from './harness';
import { dialogSettled, expectCleanBrowser, screenshots, shoot } from './page-checks';
import { enrolAuthenticator, heading, setUpClinic, signIn } from './staff-flows';

// The owner of a clinic opens a second location (vestiging) with its own invoice number series,
// archives it again, and learns that the last location cannot be archived.
const OWNER = {
  name: 'Noor Vestiging',
  email: 'noor@kliniek-vestigingen.example',
  password: 'twee huizen aan de gracht',
};

let vellum: Vellum;

beforeAll(async () => {
  vellum = await startVellum();
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await vellum?.stop();
});

describe("the owner's locations", () => {
  test('adds a location, archives it, and may not archive the last', async () => {
    const { page, problems } = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    await setUpClinic(vellum, page, 'Kliniek Vestigingen', OWNER);
    await signIn(page, OWNER.email, OWNER.password);
    await enrolAuthenticator(page, 'locations-owner-desktop');

    await page.getByRole('navigation').getByRole('link', { name: 'Vestigingen' }).click();
    await expect.poll(() => heading(page)).toBe('Vestigingen');
    const rows = page.getByTestId('locations').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const first = (await rows.first().locator('td').first().textContent())?.trim() ?? '';

    await page.getByRole('button', { name: 'Nieuwe vestiging' }).click();
    await page.getByRole('textbox', { name: 'Naam', exact: true }).fill('Amsterdam Zuid');
    await page.getByRole('textbox', { name: 'Plaats' }).fill('Amsterdam');
    await page.getByRole('textbox', { name: 'Factuurvoorvoegsel' }).fill('ams');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => page.getByTestId('locations').textContent()).toContain('AMS');
    await shoot(page, 'locations-list-desktop');

    await page.getByRole('button', { name: 'Amsterdam Zuid archiveren' }).click();
    await dialogSettled(page);
    await page.getByRole('dialog').getByRole('button', { name: 'Archiveren' }).click();
    await expect.poll(() => rows.count()).toBe(1);

    await page.getByRole('button', { name: `${first} archiveren` }).click();
    await dialogSettled(page);
    await page.getByRole('dialog').getByRole('button', { name: 'Archiveren' }).click();
    await expect
      .poll(() => page.getByRole('dialog').getByRole('alert').textContent())
      .toBe('Dit is de laatste vestiging; een kliniek heeft er minstens één.');
    await shoot(page, 'locations-last-refused-desktop');
    await expectCleanBrowser(page, problems, [/status of 409/]);
  });
});
