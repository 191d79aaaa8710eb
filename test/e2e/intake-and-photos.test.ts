/// <reference lib="dom" />
// page.evaluate() callbacks run in Chromium and use the DOM.
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { motoInstalled } from '../support/object-store';
import { startVellum, type Vellum, type VellumPage, VIEWPORTS } from './harness';

const onServer = Boolean(process.env.E2E_DATABASE_URL);

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

// A practitioner has a client fill in and sign an intake on the clinic's tablet (client mode),
// opens the PDF, e-mails a one-time link the client signs at home, and takes before/after photos
// that she compares side by side and with a slider.
const OWNER = {
  name: 'Sanne Bakker',
  email: 'sanne@kliniek-roos.example',
  password: 'herfstbladeren in de tuin',
};
const PRACTITIONER = {
  name: 'Lotte Jansen',
  email: 'lotte@kliniek-roos.example',
  password: 'stille ochtend bij de zee',
};
const SESSION_401 = /status of 401 .*\/api\/auth\/session\]$/;
const WRONG_PASSWORD_400 = /status of 400 .*\/api\/auth\/client-mode\/exit\]$/;

let vellum: Vellum;
let owner: VellumPage;
let practitioner: VellumPage;
let clientId = '';

beforeAll(async () => {
  // On PostgreSQL as a chain runs it (issue 17): two instances behind a round-robin proxy, photos in
  // object storage (a local S3-compatible server). On PGlite as a clinic runs it: one process, the folder.
  vellum = await startVellum(onServer ? { instances: 2, objectStore: motoInstalled() } : {});
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await vellum?.stop();
});

/** A call to the API with the page's session (cookies) and its CSRF token. */
async function api(page: Page, method: 'GET' | 'POST', path: string, data?: unknown) {
  const session = await page.request.get('/api/auth/session');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.fetch(path, {
    method,
    headers: { 'x-csrf-token': csrfToken },
    data: data === undefined ? undefined : (data as Record<string, unknown>),
  });
  expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
  return response.json();
}

/** A photo-like JPEG: a coloured gradient with a circle, made with sharp. */
function jpeg(hue: string, label: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="${hue}"/><stop offset="1" stop-color="#f5e6da"/></linearGradient></defs>
    <rect width="800" height="600" fill="url(#g)"/>
    <circle cx="400" cy="300" r="160" fill="#c98b7a" opacity="0.7"/>
    <text x="40" y="80" font-size="56" font-family="sans-serif" fill="#222">${label}</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/** Client mode shows neither the client's name nor the staff pages, whatever the address. */
async function expectNoDossier(page: Page) {
  expect(await page.locator('#root').evaluate((root) => (root as HTMLElement).inert)).toBe(true);
  expect(await page.getByRole('region', { name: 'Intakes' }).count()).toBe(0);
  expect(await page.getByRole('heading', { name: 'Dossier' }).count()).toBe(0);
  expect(await page.locator('body').textContent()).not.toContain('de Wit');
}

/** Answers every yes/no question with "Nee". */
async function answerNo(scope: ReturnType<Page['getByRole']>) {
  const no = scope.getByRole('radio', { name: 'Nee', exact: true });
  const count = await no.count();
  expect(count).toBeGreaterThan(3);
  for (let i = 0; i < count; i += 1) await no.nth(i).check();
}

/** Draws a signature on the canvas with the mouse. */
async function drawSignature(page: Page) {
  const canvas = page.getByTestId('signature-pad');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no signature canvas');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 40, y);
  await page.mouse.down();
  for (let step = 1; step <= 24; step += 1) {
    await page.mouse.move(box.x + 40 + step * 14, y + Math.sin(step / 2) * 40, { steps: 2 });
  }
  await page.mouse.up();
}

describe('intake in client mode, by link, and before/after photos', () => {
  test('the owner sets up the clinic, a treatment type with an intake, and a practitioner', async () => {
    owner = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    await setUpClinic(vellum, owner.page, 'Kliniek Roos', OWNER);
    await signIn(owner.page, OWNER.email, OWNER.password);
    await enrolAuthenticator(owner.page, 'intake-owner-desktop');
    const link = await invite(owner.page, PRACTITIONER);
    practitioner = await vellum.newPage({ viewport: VIEWPORTS.tablet });
    await acceptInvitation(practitioner.page, link, PRACTITIONER, 'intake-practitioner-tablet');

    const templates = (await api(owner.page, 'GET', '/api/intake-templates')) as { key: string }[];
    expect(templates.map((t) => t.key)).toContain('microneedling');
    const { staff } = (await api(practitioner.page, 'GET', '/api/auth/session')) as { staff: { id: string } };
    await api(owner.page, 'POST', '/api/treatment-types', {
      name: 'Microneedling',
      durationMinutes: 45,
      priceCents: 12950,
      vatRatePercent: 21,
      intakeTemplateKey: 'microneedling',
      practitionerIds: [staff.id],
    });
  });

  test('the client fills in and signs the intake on the tablet in client mode', async () => {
    const { page } = practitioner;
    await page.goto('/app/clients');
    await expect.poll(() => heading(page)).toBe('Cliënten');
    await page.getByRole('button', { name: 'Nieuwe cliënt' }).click();
    await page.getByRole('textbox', { name: 'Voornaam' }).fill('Eva');
    await page.getByRole('textbox', { name: 'Achternaam' }).fill('de Wit');
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill('eva@example.nl');
    await page.getByRole('button', { name: 'Cliënt opslaan' }).click();
    await page.waitForURL(/\/app\/clients\/[0-9a-f-]{36}$/);
    clientId = new URL(page.url()).pathname.split('/').pop() ?? '';

    const intakes = page.getByRole('region', { name: 'Intakes' });
    await intakes.getByText('Nog geen intakes.').waitFor();
    // The clinic's only treatment with an intake form is chosen already: the buttons work at once.
    await expect
      .poll(() =>
        intakes.getByRole('combobox', { name: 'Behandeling voor het intakeformulier' }).inputValue(),
      )
      .toBe('Microneedling');
    expect(await intakes.getByRole('button', { name: 'Link per e-mail sturen' }).isEnabled()).toBe(true);
    await intakes.getByRole('button', { name: 'Intake op de tablet' }).click();

    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Intake microneedling' }).waitFor();
    // Client mode covers the staff area and shows nothing about the client.
    expect(await dialog.textContent()).not.toContain('de Wit');
    expect(await dialog.textContent()).not.toContain('eva@example.nl');
    expect(await page.locator('#root').evaluate((root) => (root as HTMLElement).inert)).toBe(true);
    expect(await dialog.getByTestId('intake-treatment').textContent()).toMatch(/Microneedling.*€\s129,50/);

    // English for the client, and back.
    await dialog.getByText('English', { exact: true }).click();
    await dialog.getByRole('heading', { name: 'Microneedling intake' }).waitFor();
    await dialog.getByText('Nederlands', { exact: true }).click();
    await dialog.getByRole('heading', { name: 'Intake microneedling' }).waitFor();

    // The server holds the lock: the session reaches nothing else, and a reload brings the form back.
    expect((await page.request.get(`/api/clients/${clientId}`)).status()).toBe(403);
    await page.reload();
    await dialog.getByRole('heading', { name: 'Intake microneedling' }).waitFor();
    await expectNoDossier(page);

    // "Cancel" is for staff: it locks; a client who pressed it by mistake goes back to the form.
    await dialog.getByRole('button', { name: 'Afbreken (medewerker)' }).click();
    await dialog.getByRole('heading', { name: 'Tablet vergrendeld' }).waitFor();
    await dialog.getByRole('button', { name: 'Terug naar het formulier' }).click();
    await dialog.getByRole('heading', { name: 'Intake microneedling' }).waitFor();

    // Nothing answered: each required question and the signature say so, nothing is sent.
    await dialog.getByRole('button', { name: 'Ondertekenen' }).click();
    expect(await dialog.getByText('Beantwoord deze vraag.').count()).toBeGreaterThan(3);
    await dialog.getByText('Zet je handtekening in het vak.').waitFor();

    await answerNo(dialog);
    await drawSignature(page);
    await shoot(page, 'intake-client-mode-tablet');
    const signed = page.waitForResponse(
      (r) => r.url().endsWith(`/api/clients/${clientId}/intakes`) && r.request().method() === 'POST',
    );
    await dialog.getByRole('button', { name: 'Ondertekenen' }).click();
    const response = await signed;
    expect(response.status()).toBe(201);
    const body = response.request().postDataJSON();
    expect(body.signature).toMatch(/^data:image\/png;base64,/);
    expect(body.answers.pregnant ?? Object.values(body.answers)[0]).toBe(false);
    expect(body.language).toBe('nl');

    await dialog.getByText('Geef de tablet terug aan je behandelaar.').waitFor();
    expect(await dialog.textContent()).not.toContain('de Wit');
    await shoot(page, 'intake-client-mode-done-tablet');
    await dialog.getByRole('button', { name: /Terug naar de medewerkersweergave/ }).click();

    // Back to staff only with the password of the signed-in practitioner; a reload changes nothing.
    await dialog.getByRole('heading', { name: 'Tablet vergrendeld' }).waitFor();
    await page.reload();
    await dialog.getByRole('heading', { name: 'Tablet vergrendeld' }).waitFor();
    await expectNoDossier(page);
    const password = dialog.getByRole('textbox', { name: `Wachtwoord van ${PRACTITIONER.name}` });
    await password.fill('niet mijn wachtwoord');
    await dialog.getByRole('button', { name: 'Ontgrendelen' }).click();
    await dialog.getByText('Dit wachtwoord klopt niet.', { exact: false }).waitFor();
    await shoot(page, 'intake-client-mode-lock-tablet');
    await password.fill(PRACTITIONER.password);
    await dialog.getByRole('button', { name: 'Ontgrendelen' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => heading(page)).toBe('Eva de Wit');
    expect((await page.request.get(`/api/clients/${clientId}`)).status()).toBe(200);

    const row = intakes.getByTestId('intake-row').first();
    await expect.poll(() => row.getAttribute('data-status')).toBe('signed');
    expect(await row.textContent()).toMatch(/Ondertekend op/);
    expect(await row.textContent()).toContain('Intake microneedling, versie 1');

    const pdf = page.waitForResponse((r) => /\/intakes\/[0-9a-f-]{36}\/pdf/.test(r.url()));
    const popup = page
      .context()
      .waitForEvent('page', { timeout: 5_000 })
      .catch(() => undefined);
    await row.getByRole('button', { name: 'PDF openen' }).click();
    const pdfResponse = await pdf;
    expect(pdfResponse.status()).toBe(200);
    expect(pdfResponse.headers()['content-type']).toContain('application/pdf');
    const again = await page.request.get(new URL(pdfResponse.url()).pathname);
    expect((await again.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await (await popup)?.close();
    await shoot(page, 'intake-signed-tablet');
  });

  test('the practitioner e-mails a one-time link; the client signs at home', async () => {
    const { page } = practitioner;
    const intakes = page.getByRole('region', { name: 'Intakes' });
    await choose(page, 'Behandeling voor het intakeformulier', 'Microneedling');
    await intakes.getByRole('button', { name: 'Link per e-mail sturen' }).click();
    const sent = intakes.getByTestId('intake-link-sent');
    await sent.waitFor();
    expect(await sent.textContent()).toContain('eva@example.nl staat in de uitgaande e-mail');

    const outbox = (await api(owner.page, 'GET', '/api/outbox')) as { id: string; recipient: string }[];
    // The list masks the link; the owner opens the mail whole to pass it on by hand.
    const listed = outbox.find((m) => m.recipient === 'eva@example.nl');
    const mail = (await api(owner.page, 'GET', `/api/outbox/${listed?.id}`)) as { body: string } | undefined;
    const link = /https?:\/\/\S+\/intake#token=[A-Za-z0-9_-]+/.exec(mail?.body ?? '')?.[0];
    expect(link, mail?.body).toBeDefined();

    const home = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await home.page.goto(
      new URL(new URL(link ?? '').pathname + new URL(link ?? '').hash, vellum.baseUrl).href,
    );
    await home.page.getByRole('heading', { name: 'Intake microneedling' }).waitFor();
    expect(home.page.url()).not.toContain('token');
    // The token left the address bar, yet a reload still shows the form while the link is valid.
    await home.page.reload();
    await home.page.getByRole('heading', { name: 'Intake microneedling' }).waitFor();
    expect(home.page.url()).not.toContain('token');
    expect(await home.page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
    await answerNo(home.page.getByRole('main'));
    await drawSignature(home.page);
    await shoot(home.page, 'intake-link-form-phone');
    await home.page.getByRole('button', { name: 'Ondertekenen' }).click();
    await home.page.getByRole('heading', { name: 'Dank je wel!' }).waitFor();
    await shoot(home.page, 'intake-link-done-phone');
    await expectCleanBrowser(home.page, home.problems);

    // The link is used up.
    await home.page.goto('about:blank');
    await home.page.goto(
      new URL(new URL(link ?? '').pathname + new URL(link ?? '').hash, vellum.baseUrl).href,
    );
    await home.page.getByRole('heading', { name: 'Deze link werkt niet meer' }).waitFor();
    await expectCleanBrowser(home.page, home.problems, [/status of 404/]);

    await page.reload();
    // The client page loads several sections after a reload; give the intake list time on a busy machine.
    await expect
      .poll(
        async () =>
          page
            .getByTestId('intake-row')
            .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))),
        { timeout: 10_000 },
      )
      .toEqual(['signed', 'signed']);
  });

  test('before and after photos of the treatment, compared side by side and with a slider', async () => {
    const { page } = practitioner;
    await page.getByRole('button', { name: 'Behandeling of consult' }).click();
    await choose(page, 'Behandeling', 'Microneedling');
    await page.getByRole('textbox', { name: 'Wat is er gedaan' }).fill('Microneedling gezicht, twee passes.');
    await page.getByRole('button', { name: 'Behandeling opslaan' }).click();
    await page.getByTestId('timeline-treatment').waitFor();

    const photos = page.getByRole('region', { name: 'Foto’s' });
    await photos.getByRole('button', { name: 'Nieuwe fotoset' }).click();
    await photos.getByRole('textbox', { name: 'Lichaamsdeel' }).fill('Gezicht');
    await choose(page, 'Hoort bij behandeling', /^Microneedling · /);
    await shoot(page, 'photos-new-set-tablet');
    const created = page.waitForResponse(
      (r) => r.url().endsWith(`/api/clients/${clientId}/photo-sets`) && r.request().method() === 'POST',
    );
    await photos.getByRole('button', { name: 'Fotoset aanmaken' }).click();
    expect((await created).request().postDataJSON()).toMatchObject({
      bodyArea: 'Gezicht',
      treatmentId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const set = photos.getByTestId('photo-set');
    await set.getByRole('heading', { name: 'Gezicht' }).waitFor();
    expect(await set.getByTestId('photo-set-treatment').textContent()).toMatch(
      /^Bij behandeling: Microneedling · /,
    );

    const before = set.locator('input[type="file"]').nth(0);
    const after = set.locator('input[type="file"]').nth(1);
    expect(await before.getAttribute('accept')).toBe('image/jpeg,image/png');
    expect(await before.getAttribute('capture')).toBe('environment');
    expect(await before.getAttribute('multiple')).not.toBeNull();

    const uploaded = page.waitForResponse(
      (r) => r.url().endsWith('/photos') && r.request().method() === 'POST',
    );
    await before.setInputFiles([
      { name: 'voor-1.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#d9a38f', 'VOOR 1') },
      { name: 'voor-2.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#c7907d', 'VOOR 2') },
    ]);
    const first = await uploaded;
    expect(first.status()).toBe(201);
    expect(first.request().headers()['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const second = page.waitForResponse(
      (r) => r.url().endsWith('/photos') && r.request().method() === 'POST',
    );
    await after.setInputFiles([
      { name: 'na.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#f2d4c4', 'NA') },
    ]);
    expect((await second).status()).toBe(201);
    if (onServer && motoInstalled()) {
      // The three photos went to the bucket (sealed: the store holds ciphertext only, unit-tested).
      expect((await vellum.objectKeys()).length).toBeGreaterThanOrEqual(3);
    }

    await set.getByRole('button', { name: /^Voorfoto 1/ }).waitFor();
    await set.getByRole('button', { name: /^Nafoto 1/ }).waitFor();
    // Thumbnails come from object URLs, never from a URL the browser could cache.
    await expect
      .poll(() => set.locator('img').evaluateAll((images) => images.map((i) => (i as HTMLImageElement).src)))
      .toHaveLength(3);
    for (const src of await set
      .locator('img')
      .evaluateAll((images) => images.map((i) => (i as HTMLImageElement).src))) {
      expect(src).toMatch(/^blob:/);
    }

    await set.getByRole('button', { name: /^Voorfoto 2/ }).click();
    await set.getByRole('button', { name: /^Nafoto 1/ }).click();
    const comparison = set.getByTestId('comparison');
    await comparison.getByRole('img', { name: 'Voorfoto' }).waitFor();
    await comparison.getByRole('img', { name: 'Nafoto' }).waitFor();
    await waitUntil(
      page,
      `[...document.querySelectorAll('[data-testid="comparison"] img')].every((i) => i.complete && i.naturalWidth > 0)`,
    );
    await comparison.scrollIntoViewIfNeeded();
    await shoot(page, 'photos-comparison-side-by-side-tablet');

    await comparison.getByText('Schuifregelaar', { exact: true }).click();
    const slider = comparison.getByRole('slider', { name: 'Grens tussen voor- en nafoto' });
    await slider.focus();
    for (let i = 0; i < 15; i += 1) await page.keyboard.press('ArrowLeft');
    expect(await slider.inputValue()).toBe('35');
    expect(await slider.getAttribute('aria-valuetext')).toBe('35% voorfoto, 65% nafoto');
    // "Voor" on the left, "Na" on the right, and the after photo fills the right of the border.
    const tagBox = async (text: string) =>
      (await comparison.getByText(text, { exact: true }).last().boundingBox())?.x ?? 0;
    expect(await tagBox('Voor')).toBeLessThan(await tagBox('Na'));
    expect(
      await comparison
        .locator('img')
        .nth(1)
        .evaluate((img) => getComputedStyle(img).clipPath),
    ).toBe('inset(0px 0px 0px 35%)');
    await waitUntil(
      page,
      `[...document.querySelectorAll('[data-testid="comparison"] img')].every((i) => i.complete && i.naturalWidth > 0)`,
    );
    await shoot(page, 'photos-comparison-slider-tablet');
    await expectCleanBrowser(page, practitioner.problems, [SESSION_401, WRONG_PASSWORD_400]);
    await expectCleanBrowser(owner.page, owner.problems, [SESSION_401]);
  });
});
