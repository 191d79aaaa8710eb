import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startVellum, type Vellum, type VellumPage, VIEWPORTS } from './harness';
import { expectCleanBrowser, screenshots, shoot } from './page-checks';
import { acceptInvitation, choose, enrolAuthenticator, heading, setUpClinic, signIn } from './staff-flows';

// At the desk: the owner fills the catalogue and the clinic's details on invoices (address, phone,
// an IBAN whose checksum is checked); reception opens a client, adds a treatment from the catalogue,
// a typed line and a regular-client discount, looks at the server's preview (no number yet), issues
// the invoice, takes a card payment, hands over the PDF, and later corrects the invoice with a credit
// note and a refund; at the end she downloads the accountant's export.
const OWNER = {
  name: 'Sanne Bakker',
  email: 'sanne@kliniek-linde.example',
  password: 'zonnebloemen aan de dijk',
};
const RECEPTION = {
  name: 'Noor Smit',
  email: 'noor@kliniek-linde.example',
  password: 'fietsen langs de gracht',
};
const SESSION_401 = /status of 401 .*\/api\/auth\/session\]$/;
const CLINIC_DETAILS_400 = /status of 400 .*\/api\/invoices\/clinic-details\]$/;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
const year = today.slice(0, 4);
const FIRST = `${year}-000001`;
const SECOND = `${year}-000002`;
const run = promisify(execFile);

let vellum: Vellum;
let owner: VellumPage;
let reception: VellumPage;
let clientId = '';
let downloads = '';

beforeAll(async () => {
  vellum = await startVellum();
  await mkdir(screenshots, { recursive: true });
  downloads = await mkdtemp(path.join(tmpdir(), 'vellum-invoices-'));
});

afterAll(async () => {
  await vellum?.stop();
  if (downloads) await rm(downloads, { recursive: true, force: true });
});

async function api(page: Page, method: 'GET' | 'POST', url: string, data?: unknown) {
  const session = await page.request.get('/api/auth/session');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.fetch(url, {
    method,
    headers: { 'x-csrf-token': csrfToken },
    data: data === undefined ? undefined : (data as Record<string, unknown>),
  });
  expect(response.status(), `${method} ${url}: ${await response.text()}`).toBeLessThan(300);
  return response.json();
}

/** Text content with the no-break space of formatted amounts ("€ 95,00") as a plain space. */
const textOf = async (locator: Locator) => ((await locator.textContent()) ?? '').replaceAll('\u00a0', ' ');

/** The rows of the client's invoices as "number | status". */
async function invoiceRows(page: Page) {
  const rows = page.getByTestId('client-invoices').getByTestId('invoice-row');
  return rows.evaluateAll((items) =>
    items.map(
      (row) =>
        `${row.querySelector('td .mantine-Text-root')?.textContent} | ${row.querySelector('[data-testid="invoice-status"]')?.textContent}`,
    ),
  );
}

/** Downloads a PDF through the menu and answers its text (pdftotext keeps the layout). */
async function pdfText(page: Page, number: string, language: 'Nederlands' | 'English') {
  await page.getByRole('button', { name: `PDF van ${number} downloaden` }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: language }).click();
  const file = path.join(downloads, `${number}-${language}.pdf`);
  await (await download).saveAs(file);
  await page.getByRole('menu').waitFor({ state: 'detached' });
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  return stdout;
}

describe('invoices at the desk', () => {
  test('the owner sets up the clinic, the catalogue, the details on invoices and invites reception', async () => {
    owner = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    const { page } = owner;
    await setUpClinic(vellum, page, 'Kliniek Linde', OWNER);
    await signIn(page, OWNER.email, OWNER.password);
    await enrolAuthenticator(page, 'invoices-owner-desktop');
    await api(page, 'POST', '/api/treatment-types', {
      name: 'Chemische peeling',
      durationMinutes: 45,
      priceCents: 9500,
      vatRatePercent: 21,
    });
    await api(page, 'POST', '/api/products', {
      name: 'Zonnecrème SPF 50',
      brand: 'Heliocare',
      soldForHomeUse: true,
      priceCents: 3250,
      vatRatePercent: 21,
    });

    await page.getByRole('navigation').getByRole('link', { name: 'Facturen' }).click();
    await expect.poll(() => heading(page)).toBe('Facturen');
    await page.getByText(`Geen facturen in ${year}.`).waitFor();
    const details = page.getByRole('form', { name: 'Gegevens op de factuur' });
    await details.getByRole('textbox', { name: 'Straat' }).fill('Lindelaan');
    await details.getByRole('textbox', { name: 'Huisnummer' }).fill('4');
    await details.getByRole('textbox', { name: 'Postcode' }).fill('3512ab');
    await details.getByRole('textbox', { name: 'Plaats' }).fill('Utrecht');
    await details.getByRole('textbox', { name: 'Telefoon' }).fill('030-1234567');
    await details.getByRole('textbox', { name: 'Btw-nummer' }).fill('NL12345');
    await details.getByRole('textbox', { name: 'KvK-nummer' }).fill('12345678');
    // The right shape, a failing checksum: refused in the form before anything is sent.
    await details.getByRole('textbox', { name: 'IBAN' }).fill('NL00ABNA0000000000');
    await details.getByRole('button', { name: 'Gegevens opslaan' }).click();
    await details.getByText('Geen Nederlands btw-nummer (NL123456789B01).').waitFor();
    await details.getByText('Geen geldig IBAN (de controlecijfers kloppen niet).').waitFor();
    await shoot(page, 'invoices-clinic-details-error-desktop');

    await details.getByRole('textbox', { name: 'Btw-nummer' }).fill('NL123456789B01');
    await details.getByRole('textbox', { name: 'IBAN' }).fill('NL91 ABNA 0417 1643 00');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/invoices/clinic-details'));
    await details.getByRole('button', { name: 'Gegevens opslaan' }).click();
    const response = await saved;
    expect(response.status()).toBe(204);
    expect(response.request().postDataJSON()).toEqual({
      street: 'Lindelaan',
      houseNumber: '4',
      postcode: '3512ab',
      city: 'Utrecht',
      phone: '030-1234567',
      website: null,
      vatNumber: 'NL123456789B01',
      chamberOfCommerce: '12345678',
      iban: 'NL91 ABNA 0417 1643 00',
    });
    await details.getByText('Opgeslagen. Nieuwe PDF’s tonen deze gegevens.').waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Team' }).click();
    await expect.poll(() => heading(page)).toBe('Team');
    await page.getByRole('textbox', { name: 'Naam', exact: true }).fill(RECEPTION.name);
    await page.getByRole('textbox', { name: 'E-mailadres', exact: true }).fill(RECEPTION.email);
    await choose(page, 'Rol', 'Receptie');
    await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    const link = (await page.getByTestId('invitation-link').textContent()) ?? '';
    reception = await vellum.newPage({ viewport: VIEWPORTS.tablet });
    await acceptInvitation(reception.page, link, RECEPTION, 'invoices-reception-tablet');
  });

  test('reception previews and issues an invoice with a treatment, a typed line and a discount', async () => {
    const { page } = reception;
    await page.goto('/app/clients');
    await expect.poll(() => heading(page)).toBe('Cliënten');
    await page.getByRole('button', { name: 'Nieuwe cliënt' }).click();
    await page.getByRole('textbox', { name: 'Voornaam' }).fill('Lotte');
    await page.getByRole('textbox', { name: 'Achternaam' }).fill('Jansen');
    await page.getByRole('textbox', { name: 'Straat' }).fill('Oudegracht');
    await page.getByRole('textbox', { name: 'Huisnummer' }).fill('12');
    await page.getByRole('textbox', { name: 'Postcode' }).fill('3511 AB');
    await page.getByRole('textbox', { name: 'Plaats' }).fill('Utrecht');
    await page.getByRole('button', { name: 'Cliënt opslaan' }).click();
    await page.waitForURL(/\/app\/clients\/[0-9a-f-]{36}$/);
    clientId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await expect.poll(() => heading(page)).toBe('Lotte Jansen');

    const section = page.getByRole('region', { name: 'Facturen' });
    await section.getByText('Nog geen facturen of creditnota’s.').waitFor();
    await section.getByRole('button', { name: 'Nieuwe factuur' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nieuwe factuur' });
    await dialog.waitFor();
    await choose(page, 'Uit de catalogus', /^Chemische peeling — € 95,00$/);
    const first = dialog.getByRole('group', { name: 'Regel 1' });
    expect(await first.getByRole('textbox', { name: 'Omschrijving' }).inputValue()).toBe('Chemische peeling');
    expect(await first.getByRole('textbox', { name: 'Prijs per stuk (incl. btw)' }).inputValue()).toBe(
      '€ 95,00',
    );

    await dialog.getByRole('button', { name: 'Vrije regel toevoegen' }).click();
    const second = dialog.getByRole('group', { name: 'Regel 2' });
    await second.getByRole('textbox', { name: 'Omschrijving' }).fill('Boek “Gezonde huid”');
    await second.getByRole('textbox', { name: 'Aantal' }).fill('2');
    // A minus in a price is kept and refused with a pointer to discounts, never silently dropped.
    await second.getByRole('textbox', { name: 'Prijs per stuk (incl. btw)' }).fill('-19,95');
    await second
      .getByText('Een negatief bedrag is een korting: voeg het toe met “Korting toevoegen”.')
      .waitFor();
    await second.getByRole('textbox', { name: 'Prijs per stuk (incl. btw)' }).fill('19,95');
    await second.getByRole('combobox', { name: 'Btw-tarief' }).click();
    await page.getByRole('option', { name: '9%', exact: true }).click();

    // A discount is its own line: a positive amount, shown and computed as a minus.
    await dialog.getByRole('button', { name: 'Korting toevoegen' }).click();
    const discount = dialog.getByRole('group', { name: 'Korting 1' });
    await discount.getByRole('textbox', { name: 'Omschrijving' }).fill('Korting vaste klant');
    // A "%" typed into the euro field makes it a percentage, number kept (it was dropped: "10%" went
    // on the invoice as € 10). The label says which it is.
    await discount.getByRole('textbox', { name: 'Korting in €' }).pressSequentially('5%');
    const percent = discount.getByRole('textbox', { name: 'Korting in %' });
    await percent.waitFor();
    expect(await percent.inputValue()).toBe('5 %');
    await discount.getByText('€', { exact: true }).click();
    await discount.getByRole('textbox', { name: 'Korting in €' }).fill('10');

    // The preview is the server's arithmetic; it stores nothing and takes no number.
    const previewed = page.waitForResponse((r) => r.url().endsWith('/api/invoices/preview'));
    await dialog.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
    expect((await previewed).status()).toBe(200);
    const preview = dialog.getByTestId('invoice-preview');
    await preview.waitFor();
    expect(await textOf(preview.getByTestId('preview-discount'))).toContain('Korting vaste klant');
    expect(await textOf(preview.getByTestId('preview-discount'))).toContain('€ -10,00');
    const totals = dialog.getByTestId('new-invoice-totals');
    const text = await textOf(totals);
    expect(text).toContain('Korting€ -10,00');
    expect(text).toContain('btw 9%€ 3,29');
    expect(text).toContain('btw 21%€ 14,75');
    expect(text).toContain('Totaal excl. btw€ 106,86');
    expect(await textOf(dialog.getByTestId('new-invoice-total'))).toBe('€ 124,90');
    await shoot(page, 'invoices-new-invoice-tablet');

    const issued = page.waitForResponse(
      (r) => r.url().endsWith(`/api/clients/${clientId}/invoices`) && r.request().method() === 'POST',
    );
    await dialog.getByRole('button', { name: 'Factuur maken' }).click();
    const response = await issued;
    expect(response.status()).toBe(201);
    expect(response.request().postDataJSON()).toEqual({
      lines: [
        { description: 'Chemische peeling', quantity: 1, unitPriceCents: 9500, vatRatePercent: 21 },
        { description: 'Boek “Gezonde huid”', quantity: 2, unitPriceCents: 1995, vatRatePercent: 9 },
      ],
      discounts: [{ description: 'Korting vaste klant', vatRatePercent: 21, amountCents: 1000 }],
      invoiceDiscount: null,
      note: null,
    });
    expect(((await response.json()) as { number: string }).number).toBe(FIRST);
    await dialog.waitFor({ state: 'detached' });
    await section.getByText(`Factuur ${FIRST} is gemaakt.`).waitFor();
    await expect.poll(() => invoiceRows(page)).toEqual([`${FIRST} | Open`]);
  });

  test('she records a card payment, the amount filled in with what is open', async () => {
    const { page } = reception;
    await page.getByRole('button', { name: `Betaling vastleggen voor ${FIRST}` }).click();
    const dialog = page.getByRole('dialog', { name: `Betaling vastleggen — ${FIRST}` });
    await dialog.waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Bedrag' }).inputValue()).toBe('€ 124,90');
    expect(await dialog.getByLabel('Datum').inputValue()).toBe(today);
    await dialog.getByRole('radio', { name: 'Pin' }).check();
    // More than is open is refused at the field before anything is sent.
    const amount = dialog.getByRole('textbox', { name: 'Bedrag' });
    await amount.fill('130');
    await dialog.getByRole('button', { name: 'Betaling vastleggen' }).click();
    await dialog.getByText('Meer dan er open staat.').waitFor();
    await amount.fill('124,90');
    await shoot(page, 'invoices-payment-tablet');
    const paid = page.waitForResponse((r) => r.url().endsWith('/payments'));
    await dialog.getByRole('button', { name: 'Betaling vastleggen' }).click();
    const response = await paid;
    expect(response.status()).toBe(201);
    expect(response.request().postDataJSON()).toEqual({
      method: 'card',
      amountCents: 12490,
      paidOn: today,
      reference: null,
    });
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => invoiceRows(page)).toEqual([`${FIRST} | Betaald`]);
  });

  test('the PDF holds the number, the total and the clinic’s details', async () => {
    const { page } = reception;
    const dutch = await pdfText(page, FIRST, 'Nederlands');
    expect(dutch).toContain(FIRST);
    expect(dutch).toContain('124,90');
    expect(dutch).toContain('NL123456789B01');
    expect(dutch).toContain('Lindelaan 4');
    expect(dutch).toContain('3512 AB Utrecht');
    expect(dutch).toContain('Telefoon: 030-1234567');
    expect(dutch).toContain('Korting vaste klant');
    expect(dutch).toContain('€ -10,00');
    expect(dutch).toMatch(
      /Datum: \d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}/,
    );
    const english = await pdfText(page, FIRST, 'English');
    expect(english).toContain(FIRST);
    expect(english).toContain('124.90');
  });

  test('a credit note corrects the invoice after a warning, and the refund is recorded on it', async () => {
    const { page } = reception;
    await page.getByRole('button', { name: `Factuur ${FIRST} crediteren` }).click();
    const dialog = page.getByRole('dialog', { name: `Creditnota voor ${FIRST}` });
    await dialog.waitFor();
    expect(await dialog.getByTestId('credit-warning').textContent()).toContain('Dit is definitief');
    await dialog.getByRole('button', { name: 'Definitief crediteren' }).click();
    await dialog.getByText('Geef een reden van minstens 3 tekens.').waitFor();
    await dialog.getByRole('textbox', { name: 'Reden' }).fill('Behandeling niet doorgegaan');
    await shoot(page, 'invoices-credit-note-tablet');
    const credited = page.waitForResponse((r) => r.url().endsWith('/credit-note'));
    await dialog.getByRole('button', { name: 'Definitief crediteren' }).click();
    const response = await credited;
    expect(response.status()).toBe(201);
    expect(response.request().postDataJSON()).toEqual({ reason: 'Behandeling niet doorgegaan' });
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`Creditnota ${SECOND} is gemaakt.`).waitFor();
    await expect
      .poll(() => invoiceRows(page))
      .toEqual([`${SECOND} | Terug te betalen`, `${FIRST} | Gecrediteerd`]);
    expect(await page.getByRole('button', { name: `Factuur ${FIRST} crediteren` }).count()).toBe(0);

    await page.getByRole('button', { name: `Terugbetaling vastleggen voor ${SECOND}` }).click();
    const refund = page.getByRole('dialog', { name: `Terugbetaling vastleggen — ${SECOND}` });
    expect(await refund.getByRole('textbox', { name: 'Bedrag' }).inputValue()).toBe('€ 124,90');
    const refunded = page.waitForResponse((r) => r.url().endsWith('/payments'));
    await refund.getByRole('button', { name: 'Terugbetaling vastleggen' }).click();
    expect((await refunded).request().postDataJSON()).toMatchObject({ method: 'card', amountCents: -12490 });
    await expect
      .poll(() => invoiceRows(page))
      .toEqual([`${SECOND} | Terugbetaald`, `${FIRST} | Gecrediteerd`]);
    await page.getByText(`Terugbetaling vastgelegd op ${SECOND}.`).waitFor();
    expect(await pdfText(page, SECOND, 'Nederlands')).toContain(SECOND);
    await shoot(page, 'invoices-client-section-tablet');
  });

  test('reception sees the year on the invoices page; in English on a desktop', async () => {
    const { page, problems } = reception;
    // On a tablet the menu is folded away; the link is there for reception.
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Facturen' }).count()).toBe(1);
    await page.goto('/app/invoices');
    await expect.poll(() => heading(page)).toBe('Facturen');
    await page.getByTestId('year-invoices').waitFor();
    expect(await page.getByTestId('year-invoice-row').count()).toBe(2);
    expect(await textOf(page.getByTestId('total-invoiced'))).toBe('Gefactureerd (incl. btw)€ 124,90');
    expect(await textOf(page.getByTestId('total-credited'))).toBe('Gecrediteerd (creditnota’s)€ -124,90');
    expect(await textOf(page.getByTestId('total-vat-21'))).toBe('btw 21% (na creditnota’s)€ 0,00');
    expect(await textOf(page.getByTestId('total-paid'))).toBe('Betaald (na terugbetalingen)€ 0,00');
    expect(await textOf(page.getByTestId('total-open'))).toBe('Open€ 0,00');
    // The accountant's export of the year: the CSV's VAT at 21% is the page's (after credit notes: 0).
    const exportForm = page.getByRole('form', { name: 'Export voor de boekhouder' });
    await exportForm.getByLabel('Van').fill(`${year}-01-01`);
    await exportForm.getByLabel('Tot en met').fill(`${year}-12-31`);
    const exported = page.waitForEvent('download');
    await exportForm.getByRole('button', { name: 'Export voor de boekhouder' }).click();
    const zipFile = path.join(downloads, 'export.zip');
    await (await exported).saveAs(zipFile);
    const files = unzipSync(new Uint8Array(await readFile(zipFile)));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'factuurregels.csv',
        'betalingen.csv',
        `pdf/${FIRST}.pdf`,
        `ubl/${SECOND}.xml`,
      ]),
    );
    const csv = new TextDecoder().decode(files['factuurregels.csv']);
    expect(csv).toContain(`${FIRST};`);
    expect(csv).toContain('Korting vaste klant;1;-8,26;21;-1,74;-10,00');
    // Only the owner sets the clinic's details.
    expect(await page.getByRole('form', { name: 'Gegevens op de factuur' }).count()).toBe(0);
    await shoot(page, 'invoices-year-tablet');

    await page.setViewportSize(VIEWPORTS.desktop);
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Invoices');
    await page.getByText('Invoiced (incl. VAT)').waitFor();
    await shoot(page, 'invoices-year-en-desktop');
    await page.goto(`/app/clients/${clientId}`);
    await page.getByRole('region', { name: 'Invoices' }).getByText('Refunded').waitFor();
    await shoot(page, 'invoices-client-section-en-desktop');
    await page.getByRole('button', { name: 'NL', exact: true }).click();

    await expectCleanBrowser(page, problems, [SESSION_401]);
    await expectCleanBrowser(owner.page, owner.problems, [SESSION_401, CLINIC_DETAILS_400]);
  });
});
