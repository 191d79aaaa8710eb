import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startVellum, type Vellum, type VellumPage, VIEWPORTS } from './harness';
import { expectCleanBrowser, screenshots, shoot, waitUntil } from './page-checks';
import { enrolAuthenticator, heading, setUpClinic, signIn } from './staff-flows';

// The owner opens the webshop (two home-use products, a photo, stock); a visitor on a phone buys
// both and pays in (the fake) Mollie's checkout; the confirmation e-mail carries the invoice PDF;
// the desk marks the order picked up; the buyer withdraws one product and gets the receipt.
const OWNER = {
  name: 'Lies Verbeek',
  email: 'lies@kliniek-duin.example',
  password: 'schelpen op het strand',
};
const BUYER = { name: 'Mila Jansen', email: 'mila@example.nl', phone: '06 1111 2222' };
const SUNSCREEN = 'Zonnecrème SPF 50';
const SERUM = 'Serum vitamine C';
const SESSION_401 = /status of 401 .*\/api\/auth\/session\]$/;
// The fake Mollie's checkout page has no icon; Chromium asks for one on the fake's origin.
const FAKE_MOLLIE_ICON = /^Failed to load resource: .*https:\/\/127\.0\.0\.1:\d+\/favicon\.ico\]$/;
const run = promisify(execFile);

interface Mail {
  to: string[];
  raw: string;
}

let vellum: Vellum;
let owner: VellumPage;
let smtp: SMTPServer;
let workDir = '';
const mails: Mail[] = [];
let withdrawLink = '';
let orderNumber = '';

/** A local SMTP server: Vellum's mailer sends the outbox there, the test reads what arrived. */
async function startSmtp(): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  return new Promise((resolve) =>
    smtp.listen(0, '127.0.0.1', () => resolve((smtp.server.address() as { port: number }).port)),
  );
}

/** The decoded text parts of a MIME message (quoted-printable or base64) joined. */
function textOf(raw: string): string {
  const parts = raw.split(/\r?\n--[^\r\n]+/);
  return parts
    .filter((part) => /content-type: text\/plain/i.test(part))
    .map((part) => {
      const [head = '', ...rest] = part.split(/\r?\n\r?\n/);
      const body = rest.join('\n\n');
      if (/content-transfer-encoding: base64/i.test(head))
        return Buffer.from(body, 'base64').toString('utf8');
      if (/content-transfer-encoding: quoted-printable/i.test(head)) {
        const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
        return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
      }
      return body;
    })
    .join('\n');
}

/** The PDF attached to a MIME message. */
function pdfOf(raw: string): Buffer | undefined {
  const part = raw.split(/\r?\n--[^\r\n]+/).find((item) => /content-type: application\/pdf/i.test(item));
  if (!part) return undefined;
  const [, ...rest] = part.split(/\r?\n\r?\n/);
  return Buffer.from(rest.join('').replace(/\s+/g, ''), 'base64');
}

/** Waits (the mailer sends every 30 s) for a mail to the buyer whose text matches. */
async function mailTo(address: string, match: RegExp): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      () => {
        found = mails.find((mail) => mail.to.includes(address) && match.test(textOf(mail.raw)));
        return Boolean(found);
      },
      { timeout: 75_000, interval: 1_000 },
    )
    .toBe(true);
  return found as Mail;
}

async function api(page: Page, method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) {
  const session = await page.request.get('/api/auth/session');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.fetch(url, {
    method,
    headers: { 'x-csrf-token': csrfToken },
    data: data === undefined ? undefined : (data as Record<string, unknown>),
  });
  const text = await response.text();
  expect(response.status(), `${method} ${url}: ${text}`).toBeLessThan(300);
  return text ? JSON.parse(text) : undefined;
}

const amounts = (text: string | null) => (text ?? '').replaceAll('\u00a0', ' ');
const open = (page: Page, url: string) => page.goto(new URL(url).pathname + new URL(url).hash);

beforeAll(async () => {
  const smtpPort = await startSmtp();
  vellum = await startVellum({ mollie: true, env: { VELLUM_SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } });
  await mkdir(screenshots, { recursive: true });
  workDir = await mkdtemp(path.join(tmpdir(), 'vellum-webshop-'));
});

afterAll(async () => {
  await vellum?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the webshop', () => {
  test('the owner opens the shop: settings, a product photo and description, stock', async () => {
    owner = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    const { page } = owner;
    await setUpClinic(vellum, page, 'Kliniek Duin', OWNER);
    await signIn(page, OWNER.email, OWNER.password);
    await enrolAuthenticator(page, 'webshop-owner-desktop');
    await api(page, 'PUT', '/api/invoices/clinic-details', {
      vatNumber: 'NL123456789B01',
      chamberOfCommerce: '12345678',
      iban: 'NL91 ABNA 0417 1643 00',
    });
    for (const [name, brand, priceCents] of [
      [SUNSCREEN, 'Heliocare', 3250],
      [SERUM, 'SkinCeuticals', 1250],
    ] as const) {
      await api(page, 'POST', '/api/products', {
        name,
        brand,
        soldForHomeUse: true,
        usedInTreatments: false,
        priceCents,
        vatRatePercent: 21,
      });
    }

    // The shop settings: a tab of the catalogue.
    await page.getByRole('navigation').getByRole('link', { name: 'Catalogus' }).click();
    await page.getByRole('tab', { name: 'Webshop' }).click();
    await page.getByRole('switch', { name: 'Webshop aan' }).check();
    await page.getByRole('textbox', { name: 'Verzendkosten' }).fill('4,95');
    await page.getByRole('checkbox', { name: /hygiënezegel/ }).check();
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/shop/settings') && r.request().method() === 'PUT',
    );
    await page.getByRole('button', { name: 'Opslaan' }).click();
    expect((await saved).request().postDataJSON()).toEqual({
      enabled: true,
      shippingCents: 495,
      hygieneSealExcluded: true,
      lowStockAt: 3,
    });
    await page.getByText('Opgeslagen.').waitFor();
    await shoot(page, 'webshop-settings-desktop');

    // A photo and a description for the sunscreen, where the catalogue's products are edited.
    await page.getByRole('tab', { name: 'Producten' }).click();
    await page.getByRole('button', { name: `${SUNSCREEN} wijzigen` }).click();
    const shopFields = page.getByTestId('product-shop');
    await shopFields
      .getByRole('textbox', { name: 'Omschrijving in de webshop' })
      .fill('Lichte crème voor elke dag.');
    await shopFields.getByRole('button', { name: 'Opslaan' }).click();
    await shopFields.getByText('Opgeslagen.').waitFor();
    const photo = path.join(workDir, 'zonnecreme.jpg');
    await writeFile(
      photo,
      await sharp({ create: { width: 480, height: 360, background: '#e8c9b8', channels: 3 } })
        .jpeg()
        .toBuffer(),
    );
    const chooser = page.waitForEvent('filechooser');
    await shopFields.getByRole('button', { name: 'Foto kiezen' }).click();
    await (await chooser).setFiles(photo);
    await shopFields.getByText('Foto opgeslagen.').waitFor();
    await shoot(page, 'webshop-product-desktop');

    // Stock: five of each, with a reason.
    await page.goto('/app/stock');
    await expect.poll(() => heading(page)).toBe('Voorraad');
    for (const name of [SUNSCREEN, SERUM]) {
      await page.getByRole('button', { name: `Voorraad van ${name} aanpassen` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: /Erbij/ }).fill('5');
      await dialog.getByRole('textbox', { name: /Reden/ }).fill('Levering');
      await dialog.getByRole('button', { name: 'Opslaan' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    await expect
      .poll(() => page.getByTestId('stock').locator('tbody tr td:nth-child(4)').allTextContents())
      .toEqual(['5', '5']);
    await shoot(page, 'webshop-stock-desktop');
  }, 180_000);

  test('a visitor on a phone buys both products and pays with iDEAL', async () => {
    const { page, problems } = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await page.goto('/');
    await page.getByTestId('shop-nav').click();
    await expect.poll(() => heading(page)).toBe('Webshop');
    const cards = page.getByTestId('shop-product');
    await expect.poll(() => cards.count()).toBe(2);
    const sunscreen = cards.filter({ hasText: SUNSCREEN });
    expect(amounts(await sunscreen.getByTestId('price').textContent())).toBe('€ 32,50');
    await sunscreen.getByText('Lichte crème voor elke dag.').waitFor();
    await sunscreen.getByText('Op voorraad').waitFor();
    await waitUntil(
      page,
      `(() => { const image = document.querySelector('img[alt="Foto van ${SUNSCREEN}"]'); return !!image && image.complete && image.naturalWidth > 0; })()`,
    );
    await sunscreen.getByRole('button', { name: /In winkelmand/ }).click();
    await cards
      .filter({ hasText: SERUM })
      .getByRole('button', { name: /In winkelmand/ })
      .click();
    await shoot(page, 'webshop-shop-phone');
    await page.getByTestId('to-cart').click();
    await expect.poll(() => heading(page)).toBe('Winkelmand');
    expect(amounts(await page.getByTestId('cart-subtotal').textContent())).toBe('€ 45,00');
    await shoot(page, 'webshop-cart-phone');
    await page.getByTestId('to-checkout').click();
    await expect.poll(() => heading(page)).toBe('Afrekenen');

    // Without consent and terms the form says so at the fields.
    await page.getByTestId('to-overview').click();
    await page.getByText('Zonder je toestemming kunnen we de bestelling niet aannemen.').waitFor();
    await page.getByRole('textbox', { name: 'Naam' }).fill(BUYER.name);
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill(BUYER.email);
    await page.getByRole('textbox', { name: 'Telefoonnummer' }).fill(BUYER.phone);
    await page.getByRole('radio', { name: 'Thuisbezorgen' }).check();
    await page.getByTestId('address-fields').waitFor();
    await page.getByRole('radio', { name: 'Afhalen in de praktijk' }).check();
    await page.getByTestId('address-fields').waitFor({ state: 'detached' });
    await page.getByTestId('shop-consent').check();
    await page.getByText(/Privacyverklaring versie 1\./).waitFor();
    const terms = page.getByTestId('shop-terms');
    expect(await terms.textContent()).toContain('binnen 14 dagen');
    expect(await terms.textContent()).toContain('Uitgezonderd: verzegelde verzorgingsproducten');
    await page.getByRole('checkbox', { name: /akkoord met de voorwaarden/ }).check();
    await shoot(page, 'webshop-checkout-phone');
    const quoted = page.waitForResponse((r) => r.url().endsWith('/api/public/shop/quote'));
    await page.getByTestId('to-overview').click();
    expect((await quoted).status()).toBe(200);
    expect(amounts(await page.getByTestId('quote-total').textContent())).toBe('€ 45,00');
    await shoot(page, 'webshop-overview-phone');

    const placed = page.waitForResponse((r) => r.url().endsWith('/api/public/shop/orders'));
    await page.getByRole('button', { name: 'Betalen met iDEAL' }).click();
    const order = await placed;
    expect(order.status()).toBe(201);
    const body = order.request().postDataJSON() as Record<string, unknown>;
    expect(body).toMatchObject({ payment: 'online', fulfilment: 'pick_up', termsAccepted: true });
    // Prices come from the server only: the order sends none.
    expect(JSON.stringify(body)).not.toContain('Cents');

    // Mollie's (fake) checkout: the visitor pays and comes back to the order page.
    await page.waitForURL(/\/checkout\/tr_/);
    await page.getByRole('button', { name: 'paid' }).click();
    await page.waitForURL((url) => url.pathname === '/shop/order');
    await page.getByText('Bedankt, je betaling is gelukt').waitFor({ timeout: 20_000 });
    orderNumber = /^Bestelling (\S+)$/.exec((await heading(page)) ?? '')?.[1] ?? '';
    expect(orderNumber).toMatch(/^W\d{4}-\d+$/);
    expect(await page.getByTestId('order-lines').textContent()).toContain(SERUM);
    // The token left the address bar; the cart left the tab's storage.
    expect(new URL(page.url()).hash).toBe('');
    await shoot(page, 'webshop-paid-phone');
    await expectCleanBrowser(page, problems, [FAKE_MOLLIE_ICON]);
  }, 120_000);

  test('a failed payment cancels the order, says so and releases the stock', async () => {
    const { page, problems } = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await page.goto('/shop');
    await page
      .getByTestId('shop-product')
      .filter({ hasText: SERUM })
      .getByRole('button', { name: /In winkelmand/ })
      .click();
    await page.getByTestId('to-cart').click();
    await page.getByTestId('to-checkout').click();
    await page.getByRole('textbox', { name: 'Naam' }).fill('Iris Bos');
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill('iris@example.nl');
    await page.getByRole('textbox', { name: 'Telefoonnummer' }).fill('0633334444');
    await page.getByTestId('shop-consent').check();
    await page.getByRole('checkbox', { name: /akkoord met de voorwaarden/ }).check();
    await page.getByTestId('to-overview').click();
    await page.getByRole('button', { name: 'Betalen met iDEAL' }).click();
    await page.waitForURL(/\/checkout\/tr_/);
    await page.getByRole('button', { name: 'failed' }).click();
    await page.waitForURL((url) => url.pathname === '/shop/order');
    const status = page.getByTestId('order-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 20_000 }).toBe('cancelled');
    expect(await status.textContent()).toContain('De betaling is niet gelukt');
    await shoot(page, 'webshop-payment-failed-phone');
    await page.getByRole('link', { name: 'Opnieuw bestellen' }).click();
    await expect.poll(() => heading(page)).toBe('Webshop');
    await expectCleanBrowser(page, problems, [FAKE_MOLLIE_ICON]);
  }, 120_000);

  test('the confirmation e-mail carries the invoice PDF and the withdrawal link', async () => {
    const mail = await mailTo(BUYER.email, /Bedankt voor uw bestelling/);
    const text = textOf(mail.raw);
    expect(text).toMatch(new RegExp(`1 × .*${SUNSCREEN}: € 32,50`));
    withdrawLink = /(http\S+\/shop\/withdraw#[A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';
    expect(withdrawLink).not.toBe('');
    const pdf = pdfOf(mail.raw);
    expect(pdf?.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(workDir, 'invoice.pdf');
    await writeFile(file, pdf as Buffer);
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    expect(stdout).toContain('Kliniek Duin');
    expect(stdout).toContain(SUNSCREEN);
    expect(stdout).toContain(SERUM);
    expect(stdout).toContain(BUYER.name);
    expect(stdout.replaceAll('\u00a0', ' ')).toMatch(/45,00/);
  }, 120_000);

  test('the desk marks the order picked up', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Bestellingen' }).click();
    await expect.poll(() => heading(page)).toBe('Bestellingen');
    await page.getByRole('link', { name: `Bestelling ${orderNumber} openen` }).click();
    await expect.poll(() => heading(page)).toBe(`Bestelling ${orderNumber}`);
    await page.getByTestId('client-link').getByText('Nieuw dossier aangemaakt').waitFor();
    await page
      .getByRole('button', { name: `PDF van ${orderNumber}`, exact: false })
      .or(page.getByRole('button', { name: /PDF van/ }))
      .first()
      .waitFor();
    await shoot(page, 'webshop-order-desktop');
    await page.getByTestId('mark-completed').click();
    await expect.poll(() => page.getByTestId('order-status-badge').textContent()).toBe('Afgerond');
  }, 60_000);

  test('the buyer withdraws one product and gets the receipt', async () => {
    const { page, problems } = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await open(page, withdrawLink);
    await expect.poll(() => heading(page)).toBe('Overeenkomst herroepen');
    await page.getByRole('textbox', { name: new RegExp(`^Aantal .*${SERUM}$`) }).fill('1');
    await page.getByTestId('withdraw-next').click();
    await page.getByRole('heading', { name: 'Bevestig je herroeping' }).waitFor();
    await shoot(page, 'webshop-withdraw-confirm-phone');
    await page.getByRole('button', { name: 'Ik wil mijn overeenkomst herroepen' }).click();
    const receipt = page.getByTestId('withdraw-receipt');
    await receipt.waitFor();
    expect(await receipt.textContent()).toMatch(new RegExp(`1 × .*${SERUM}`));
    await shoot(page, 'webshop-withdraw-receipt-phone');
    await expectCleanBrowser(page, problems);

    const mail = await mailTo(BUYER.email, /herroeping ontvangen/);
    expect(textOf(mail.raw)).toMatch(new RegExp(`1 × .*${SERUM}`));

    // The desk sees the withdrawal with the date by which to refund.
    await owner.page.reload();
    const withdrawals = owner.page.getByTestId('staff-withdrawals');
    await withdrawals.getByText(/Terugbetalen uiterlijk/).waitFor();
    await shoot(owner.page, 'webshop-order-withdrawn-desktop');

    // She refunds it: the dialog starts from the withdrawn line, and says at once what is missing.
    await owner.page.getByRole('button', { name: 'Terugbetalen', exact: true }).click();
    const refund = owner.page.getByRole('dialog', { name: `Terugbetalen voor bestelling ${orderNumber}` });
    const serumBack = refund.getByRole('textbox', { name: new RegExp(`^Aantal terug.*${SERUM}`) });
    expect(await serumBack.inputValue()).toBe('1');
    await serumBack.fill('0');
    await refund.getByRole('button', { name: /^Terugbetalen via Mollie/ }).click();
    await refund.getByText('Kies minstens één product.').waitFor();
    await refund.getByText('Gebruik minstens 3 tekens.').waitFor();
    await serumBack.fill('1');
    await refund.getByRole('textbox', { name: 'Reden' }).fill('Herroepen binnen de bedenktijd');
    const refunded = owner.page.waitForResponse((r) => r.url().endsWith('/refunds'));
    await refund.getByRole('button', { name: /^Terugbetalen via Mollie/ }).click();
    expect((await refunded).status()).toBe(200);
    await refund.waitFor({ state: 'detached' });
    await expectCleanBrowser(owner.page, owner.problems, [SESSION_401]);
  }, 120_000);

  test('the shop in English on a desktop', async () => {
    const { page, problems } = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto('/shop');
    await page.getByRole('button', { name: 'EN' }).click();
    await expect.poll(() => heading(page)).toBe('Shop');
    await page.getByText('In stock').first().waitFor();
    await shoot(page, 'webshop-shop-desktop-en');
    await expectCleanBrowser(page, problems);
  }, 60_000);
});
