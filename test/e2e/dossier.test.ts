import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startVellum, type Vellum, type VellumPage, VIEWPORTS } from './harness';
import { expectCleanBrowser, screenshots, shoot } from './page-checks';
import {
  acceptInvitation,
  choose,
  enrolAuthenticator,
  heading,
  invite,
  setUpClinic,
  signIn,
} from './staff-flows';

// The owner fills the catalogue; a practitioner registers a client and records a treatment (with a
// product batch and device settings), a skin analysis, a product for home and an e-mail, then reads
// them back in the dossier timeline. The owner, without a care relationship, sees no dossier.
const OWNER = {
  name: 'Noor Visser',
  email: 'noor@kliniek-linde.example',
  password: 'zomeravond aan het water',
};
const PRACTITIONER = {
  name: 'Iris de Boer',
  email: 'iris@kliniek-linde.example',
  password: 'zachte regen op het dak',
};

const EML = [
  'From: "Femke Smit" <femke@example.nl>',
  'To: info@kliniek-linde.example',
  'Subject: =?UTF-8?Q?Vraag_over_roodheid_na_de_behandeling?=',
  'Date: Tue, 10 Mar 2026 09:15:00 +0100',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Hallo Iris,',
  '',
  'Mijn huid is nog wat rood. Is dat normaal, of moet ik iets doen? Groet, Femke =E2=98=BA',
  '',
].join('\r\n');

let vellum: Vellum;
let owner: VellumPage;
let practitioner: VellumPage;
let clientId = '';

beforeAll(async () => {
  vellum = await startVellum();
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await vellum?.stop();
});

describe('the catalogue and the medical dossier', () => {
  test('the owner sets up the clinic and invites a practitioner, who signs in on a tablet', async () => {
    owner = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    await setUpClinic(vellum, owner.page, 'Kliniek Linde', OWNER);
    await signIn(owner.page, OWNER.email, OWNER.password);
    await enrolAuthenticator(owner.page, 'dossier-owner-desktop');
    const link = await invite(owner.page, PRACTITIONER);
    expect(link).toMatch(/\/app\/invitation#token=/);

    practitioner = await vellum.newPage({ viewport: VIEWPORTS.tablet });
    await acceptInvitation(practitioner.page, link, PRACTITIONER, 'dossier-practitioner-tablet');
  });

  test('the owner adds a treatment type for the practitioner, a product and a device', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Catalogus' }).click();
    await expect.poll(() => heading(page)).toBe('Catalogus');

    await page.getByRole('button', { name: 'Nieuwe behandeling' }).click();
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    expect(await page.getByText('Vul dit veld in.').count()).toBe(2); // name and price
    await page.getByRole('textbox', { name: 'Naam', exact: true }).fill('Microneedling');
    await page.getByRole('textbox', { name: 'Duur' }).fill('45');
    await page.getByRole('textbox', { name: 'Prijs' }).fill('129,50');
    await page.getByRole('textbox', { name: 'Omschrijving' }).fill('Stimuleert de aanmaak van collageen.');
    await choose(page, 'Behandelaars', PRACTITIONER.name);
    await page.keyboard.press('Escape');
    await page.getByRole('checkbox', { name: 'Voor- en nafoto’s horen bij deze behandeling' }).check();
    await shoot(page, 'catalogue-treatment-type-form-desktop');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/treatment-types') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    const body = (await saved).request().postDataJSON();
    expect(body).toMatchObject({
      name: 'Microneedling',
      durationMinutes: 45,
      priceCents: 12950,
      vatRatePercent: 21,
    });
    expect(body.practitionerIds).toHaveLength(1);
    const types = page.getByTestId('treatment-types');
    await types.waitFor();
    expect(await types.textContent()).toMatch(/€\s129,50/);
    expect(await types.textContent()).toContain(PRACTITIONER.name);
    await shoot(page, 'catalogue-treatment-types-desktop');

    await page.getByRole('tab', { name: 'Producten' }).click();
    await page.getByRole('button', { name: 'Nieuw product' }).click();
    // The form's own check (a zod schema) names what is missing before anything is sent.
    await page.getByRole('checkbox', { name: 'Wordt verkocht voor thuisgebruik' }).check();
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    expect(await page.getByText('Vul dit veld in.').count()).toBe(2); // the name and the sale price
    await page.getByRole('checkbox', { name: 'Wordt verkocht voor thuisgebruik' }).uncheck();
    await page.getByRole('textbox', { name: 'Naam', exact: true }).fill('Hyaluronserum');
    await page.getByRole('textbox', { name: 'Merk' }).fill('Dermalogica');
    await page.getByRole('checkbox', { name: 'Wordt verkocht voor thuisgebruik' }).check();
    await page.getByRole('textbox', { name: 'Verkoopprijs' }).fill('39,95');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByTestId('products').waitFor();
    expect(await page.getByTestId('products').textContent()).toMatch(/€\s39,95/);
    await shoot(page, 'catalogue-products-desktop');

    await page.getByRole('tab', { name: 'Apparaten' }).click();
    await page.getByRole('button', { name: 'Nieuw apparaat' }).click();
    await page.getByRole('textbox', { name: 'Naam', exact: true }).fill('Dermapen 4');
    const settings = page.getByRole('combobox', { name: 'Instellingen' });
    await settings.fill('naalddiepte (mm)');
    await settings.press('Enter');
    await settings.fill('snelheid');
    await settings.press('Enter');
    await shoot(page, 'catalogue-device-form-desktop');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByTestId('devices').waitFor();
    expect(await page.getByTestId('devices').textContent()).toContain('naalddiepte (mm)');
    await shoot(page, 'catalogue-devices-desktop');
    await expectCleanBrowser(page, owner.problems, [/status of 401 .*\/api\/auth\/session\]$/]);
  });

  test('the practitioner registers a client and records a treatment with batch and settings', async () => {
    const { page } = practitioner;
    await page.goto('/app/clients');
    await expect.poll(() => heading(page)).toBe('Cliënten');
    await page.getByRole('button', { name: 'Nieuwe cliënt' }).click();
    await page.getByRole('textbox', { name: 'Voornaam' }).fill('Femke');
    await page.getByRole('textbox', { name: 'Achternaam' }).fill('Smit');
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill('femke@example.nl');
    await page.getByRole('button', { name: 'Cliënt opslaan' }).click();
    await page.waitForURL(/\/app\/clients\/[0-9a-f-]{36}$/);
    clientId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.getByText('Er staat nog niets in het dossier.').waitFor();
    await shoot(page, 'dossier-empty-tablet');

    await page.getByRole('button', { name: 'Behandeling of consult' }).click();
    await choose(page, 'Behandeling', 'Microneedling');
    await page.getByRole('textbox', { name: 'Wat is er gedaan' }).fill('Microneedling gezicht, drie passes.');
    await page.getByRole('textbox', { name: 'Wat is er besproken' }).fill('Twee dagen geen make-up; SPF 50.');
    await page.getByRole('button', { name: 'Product toevoegen' }).click();
    await page.getByRole('button', { name: 'Apparaat toevoegen' }).click();
    // Nothing chosen yet: both selects say so, nothing is sent.
    await page.getByRole('button', { name: 'Behandeling opslaan' }).click();
    expect(await page.getByText('Vul dit veld in.').count()).toBe(2);
    await choose(page, 'Product 1', /Hyaluronserum/);
    await page.getByRole('textbox', { name: 'Batch- of lotnummer' }).fill('LOT-2026-0042');
    await page.getByRole('textbox', { name: 'Hoeveelheid' }).fill('2 ml');
    await choose(page, 'Apparaat 1', 'Dermapen 4');
    await page.getByRole('textbox', { name: 'naalddiepte (mm)' }).fill('1,5');
    await page.getByRole('textbox', { name: 'snelheid' }).fill('8');
    await shoot(page, 'dossier-treatment-form-tablet');
    const recorded = page.waitForResponse((r) => r.url().endsWith(`/api/clients/${clientId}/treatments`));
    await page.getByRole('button', { name: 'Behandeling opslaan' }).click();
    const response = await recorded;
    expect(response.status()).toBe(201);
    expect(response.request().postDataJSON()).toMatchObject({
      kind: 'treatment',
      products: [{ batch: 'LOT-2026-0042', amount: '2 ml' }],
      devices: [
        {
          settings: [
            { name: 'naalddiepte (mm)', value: '1,5' },
            { name: 'snelheid', value: '8' },
          ],
        },
      ],
    });
    await page.getByTestId('timeline-treatment').waitFor();
  });

  test('the practitioner adds a skin analysis, a product for home and an e-mail from a file', async () => {
    const { page } = practitioner;
    await page.getByRole('button', { name: 'Huidanalyse', exact: true }).click();
    await choose(page, 'Huidtype (Fitzpatrick)', /^Type II:/);
    const conditions = page.getByRole('combobox', { name: 'Huidcondities' });
    await conditions.fill('rosacea');
    await conditions.press('Enter');
    await conditions.fill('vochtarm');
    await conditions.press('Enter');
    await choose(page, 'Bij behandeling', /Microneedling/);
    await page
      .getByRole('textbox', { name: 'Bevindingen' })
      .fill('Rode wangen, lichte schilfering rond de neus.');
    await shoot(page, 'dossier-analysis-form-tablet');
    await page.getByRole('button', { name: 'Analyse opslaan' }).click();
    await page.getByTestId('timeline-analysis').waitFor();

    await page.getByRole('button', { name: 'Product voor thuis' }).click();
    await choose(page, 'Product', /Hyaluronserum/);
    await page.getByRole('textbox', { name: 'Advies' }).fill('Ochtend en avond twee druppels.');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByTestId('timeline-homeProduct').waitFor();

    await page.getByRole('button', { name: 'E-mail', exact: true }).click();
    await page.locator('input[type="file"]').setInputFiles({
      name: 'vraag.eml',
      mimeType: 'message/rfc822',
      buffer: Buffer.from(EML),
    });
    const from = page.getByRole('textbox', { name: 'Van (e-mailadres)' });
    await expect.poll(() => from.inputValue()).toBe('femke@example.nl');
    expect(await page.getByRole('textbox', { name: 'Onderwerp' }).inputValue()).toBe(
      'Vraag over roodheid na de behandeling',
    );
    expect(await page.getByLabel('Ontvangen op').inputValue()).toBe('2026-03-10T09:15');
    expect(await page.getByRole('textbox', { name: 'Tekst' }).inputValue()).toContain('Groet, Femke ☺');
    await shoot(page, 'dossier-email-form-tablet');
    const kept = page.waitForResponse((r) => r.url().endsWith(`/api/clients/${clientId}/emails`));
    await page.getByRole('button', { name: 'E-mail bewaren' }).click();
    expect((await kept).status()).toBe(201);
    expect((await kept).request().postDataJSON().eml).toContain('Content-Transfer-Encoding');
    await page.getByTestId('timeline-email').waitFor();
  });

  test('the timeline shows everything, newest first, and opens the full report', async () => {
    const { page, problems } = practitioner;
    const timeline = page.getByTestId('dossier-timeline');
    const kinds = await timeline
      .locator(':scope > li')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')));
    // The e-mail was received on 10 March, before everything recorded today.
    expect(kinds).toHaveLength(4);
    expect(kinds.at(-1)).toBe('timeline-email');
    expect(kinds.slice(0, 3).sort()).toEqual([
      'timeline-analysis',
      'timeline-homeProduct',
      'timeline-treatment',
    ]);

    const treatment = page.getByTestId('timeline-treatment');
    expect(await treatment.textContent()).toContain(PRACTITIONER.name);
    await treatment.getByRole('button', { name: /^Openen/ }).click();
    await treatment.getByText('LOT-2026-0042').waitFor();
    expect(await treatment.textContent()).toContain('naalddiepte (mm): 1,5');
    await page
      .getByTestId('timeline-analysis')
      .getByRole('button', { name: /^Openen/ })
      .click();
    await page
      .getByTestId('timeline-email')
      .getByRole('button', { name: /^Openen/ })
      .click();
    await page.getByText('Mijn huid is nog wat rood').waitFor();
    await shoot(page, 'dossier-timeline-tablet');

    await page.setViewportSize(VIEWPORTS.desktop);
    await shoot(page, 'dossier-timeline-desktop');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Dossier', exact: true }).waitFor();
    await page.getByText('Batch or lot number').waitFor();
    await shoot(page, 'dossier-timeline-en-desktop');
    await page.getByRole('button', { name: 'NL', exact: true }).click();
    await page.setViewportSize(VIEWPORTS.tablet);

    await expectCleanBrowser(page, problems, [
      /status of 401 .*\/api\/auth\/session\]$/,
      // The intake module (which answers this) is still being built; until then the check says 404.
      /status of 404 .*\/contra-indications\?treatmentTypeId=/,
    ]);
  });

  test('the owner, who does not treat the client, sees contact details but no dossier', async () => {
    const { page, problems } = owner;
    await page.goto(`/app/clients/${clientId}`);
    await expect.poll(() => heading(page)).toBe('Femke Smit');
    // The dossier is asked for only when the owner opens it (no refused read on every look-up).
    const dossierRead = page.waitForResponse((r) => r.url().endsWith(`/api/clients/${clientId}/dossier`));
    await page.getByRole('button', { name: 'Dossier openen', exact: true }).click();
    expect((await dossierRead).status()).toBe(404);
    await page.getByText('Dossier: geen toegang').waitFor();
    expect(await page.getByText('LOT-2026-0042').count()).toBe(0);
    await shoot(page, 'dossier-owner-no-access-desktop');
    await expectCleanBrowser(page, problems, [
      /status of 401 .*\/api\/auth\/session\]$/,
      new RegExp(`status of 404 .*/api/clients/${clientId}/dossier\\]$`),
    ]);
  });
});
