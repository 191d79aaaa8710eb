import { mkdir, readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import type { Download, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startVellum, type Vellum, type VellumPage, VIEWPORTS } from './harness';
import { dialogSettled, expectCleanBrowser, screenshots, shoot } from './page-checks';
import {
  acceptInvitation,
  choose,
  enrolAuthenticator,
  heading,
  invite,
  setUpClinic,
  signIn,
} from './staff-flows';

// A practitioner records a client's consent to use a before/after photo set on the website and
// social media; the owner's marketing export holds that photo. The client withdraws: the export no
// longer holds it and the owner sees where it was published, to take it down (P8.3). The client
// asks in writing to send her dossier to her GP: the practitioner registers the disclosure with the
// scanned letter and makes the package; after a correction the GP is listed to be informed (P8.2).
const OWNER = {
  name: 'Ilse de Boer',
  email: 'ilse@kliniek-esdoorn.example',
  password: 'regen op het zinken dak',
};
const PRACTITIONER = {
  name: 'Fleur Smit',
  email: 'fleur@kliniek-esdoorn.example',
  password: 'een vlinder op de vensterbank',
};
const RECEPTION = {
  name: 'Sem Visser',
  email: 'sem@kliniek-esdoorn.example',
  password: 'koffie bij de balie om negen',
};
const GP = 'Huisartsenpraktijk De Linde, dr. A. Mulder';
const PUBLISHED_AT = 'https://www.instagram.com/kliniek-esdoorn/p/voor-na-1';
const SESSION_401 = /status of 401 .*\/api\/auth\/session\]$/;
const TABLET_768 = { width: 768, height: 1024 };

let vellum: Vellum;
let owner: VellumPage;
let practitioner: VellumPage;
let clientId = '';
let photoSetId = '';
let photoId = '';

beforeAll(async () => {
  vellum = await startVellum();
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await vellum?.stop();
});

/** A call to the API with the page's session (cookies) and its CSRF token. */
async function api(
  page: Page,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: { data?: unknown; multipart?: Record<string, { name: string; mimeType: string; buffer: Buffer }> },
) {
  const session = await page.request.get('/api/auth/session');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.fetch(path, {
    method,
    headers: { 'x-csrf-token': csrfToken },
    data: body?.data as Record<string, unknown> | undefined,
    multipart: body?.multipart,
  });
  expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
  return response.status() === 204 ? undefined : response.json();
}

function jpeg(label: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
    <rect width="800" height="600" fill="#e8c4b0"/><circle cx="400" cy="300" r="150" fill="#b97c6a"/>
    <text x="40" y="80" font-size="56" font-family="sans-serif" fill="#222">${label}</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

async function zipEntries(download: Download): Promise<string[]> {
  return Object.keys(unzipSync(new Uint8Array(await readFile(await download.path()))));
}

async function downloadExport(page: Page): Promise<string[]> {
  const section = page.getByTestId('client-marketing-disclosures');
  const download = page.waitForEvent('download');
  await section.getByRole('button', { name: 'Marketingexport downloaden' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('marketing-photos.zip');
  return zipEntries(file);
}

describe('marketing photos and disclosures on the client page', () => {
  test('the owner sets up the clinic and a practitioner; the practitioner registers a client with a photo set', async () => {
    owner = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    await setUpClinic(vellum, owner.page, 'Kliniek Esdoorn', OWNER);
    await signIn(owner.page, OWNER.email, OWNER.password);
    await enrolAuthenticator(owner.page, 'marketing-owner-desktop');
    const link = await invite(owner.page, PRACTITIONER);
    practitioner = await vellum.newPage({ viewport: VIEWPORTS.tablet });
    await acceptInvitation(practitioner.page, link, PRACTITIONER, 'marketing-practitioner-tablet');

    const { page } = practitioner;
    await page.goto('/app/clients');
    await expect.poll(() => heading(page)).toBe('Cliënten');
    await page.getByRole('button', { name: 'Nieuwe cliënt' }).click();
    await page.getByRole('textbox', { name: 'Voornaam' }).fill('Mila');
    await page.getByRole('textbox', { name: 'Achternaam' }).fill('Hendriks');
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill('mila.hendriks@example.nl');
    await page.getByRole('button', { name: 'Cliënt opslaan' }).click();
    await page.waitForURL(/\/app\/clients\/[0-9a-f-]{36}$/);
    clientId = new URL(page.url()).pathname.split('/').pop() ?? '';

    ({ id: photoSetId } = (await api(page, 'POST', `/api/clients/${clientId}/photo-sets`, {
      data: { bodyArea: 'Gezicht' },
    })) as { id: string });
    const uploaded = (await api(page, 'POST', `/api/clients/${clientId}/photo-sets/${photoSetId}/photos`, {
      multipart: { after: { name: 'na.jpg', mimeType: 'image/jpeg', buffer: await jpeg('NA') } },
    })) as { ids: string[] };
    photoId = uploaded.ids[0] ?? '';
    expect(photoId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('[P8.3] the practitioner records the marketing consent with its reason and channels', async () => {
    const { page } = practitioner;
    await page.reload();
    const section = page.getByTestId('client-marketing-disclosures');
    await section.getByRole('heading', { name: 'Foto’s voor marketing en verstrekkingen' }).waitFor();
    const set = section.getByTestId('marketing-set');
    await set.getByText('Gezicht', { exact: true }).waitFor();
    expect(await set.getAttribute('data-state')).toBe('none');

    await set.getByRole('button', { name: 'Toestemming vastleggen voor fotoset Gezicht' }).click();
    const form = set.getByRole('form', { name: 'Toestemming voor marketing: Gezicht' });
    await form.waitFor();
    // Nothing is ticked in advance: without a reason and a channel, nothing is sent.
    await form.getByRole('button', { name: 'Toestemming vastleggen' }).click();
    await form.getByText('Kies minstens één kanaal').waitFor();
    await form.getByRole('radio', { name: 'Als model' }).check();
    await form.getByRole('checkbox', { name: 'Website' }).check();
    await form.getByRole('checkbox', { name: 'Social media' }).check();
    await form.getByRole('textbox', { name: 'Toelichting' }).fill('Voor-en-nafoto’s voor de nieuwe website');
    expect(await form.getByTestId('marketing-sentence').textContent()).toContain('Kliniek Esdoorn');
    await page.setViewportSize(TABLET_768);
    await shoot(page, 'marketing-consent-form-tablet-768');
    const recorded = page.waitForResponse(
      (r) =>
        r.url().endsWith(`/photo-sets/${photoSetId}/marketing-consent`) && r.request().method() === 'POST',
    );
    await form.getByRole('button', { name: 'Toestemming vastleggen' }).click();
    const response = await recorded;
    expect(response.status()).toBe(201);
    expect(response.request().postDataJSON()).toEqual({
      decision: 'granted',
      reason: 'model',
      reasonNote: 'Voor-en-nafoto’s voor de nieuwe website',
      channels: ['website', 'social_media'],
      language: 'nl',
      channel: 'desk',
    });
    await expect.poll(() => set.getAttribute('data-state')).toBe('live');
    expect(await set.getByTestId('marketing-state').textContent()).toBe('Mag gebruikt worden');
    await shoot(page, 'marketing-consent-live-tablet-768');
    await page.setViewportSize(VIEWPORTS.tablet);
  });

  test('[P8.3] the owner downloads the marketing export: it holds the photo', async () => {
    const { page } = owner;
    await page.goto(`/app/clients/${clientId}`);
    await expect.poll(() => heading(page)).toBe('Mila Hendriks');
    const section = page.getByTestId('client-marketing-disclosures');
    // The owner does not treat this client: no medical parts, only the clinic-wide tools.
    await section.getByText(/^Open eerst het dossier/).waitFor();
    expect(await section.getByTestId('marketing-set').count()).toBe(0);
    expect(await downloadExport(page)).toEqual([`${photoSetId}/${photoId}.jpg`]);
    await shoot(page, 'marketing-owner-tools-desktop');
  });

  test('[P8.3] the owner, now caring for the client too, records where she published the set', async () => {
    const { page } = owner;
    const { staff } = (await api(page, 'GET', '/api/auth/session')) as { staff: { id: string } };
    await api(page, 'POST', `/api/clients/${clientId}/care-assignments`, { data: { staffId: staff.id } });
    await page.reload();
    await page.getByRole('button', { name: 'Dossier openen' }).click();
    const set = page.getByTestId('client-marketing-disclosures').getByTestId('marketing-set');
    await set.getByTestId('marketing-terms').waitFor();
    expect(await set.getByTestId('marketing-terms').textContent()).toBe(
      'Reden: Als model · Kanalen: Website, Social media · Voor-en-nafoto’s voor de nieuwe website',
    );
    const form = set.getByRole('form', { name: 'Publicatie vastleggen: Gezicht' });
    await choose(page, 'Kanaal', 'Social media');
    await form.getByRole('textbox', { name: 'Waar gepubliceerd' }).fill(PUBLISHED_AT);
    const published = page.waitForResponse((r) => r.url().endsWith('/api/marketing/publications'));
    await form.getByRole('button', { name: 'Publicatie vastleggen' }).click();
    const response = await published;
    expect(response.status()).toBe(201);
    expect(response.request().postDataJSON()).toEqual({
      photoSetId,
      channel: 'social_media',
      location: PUBLISHED_AT,
    });
    await form.getByTestId('marketing-published').waitFor();
    await shoot(page, 'marketing-owner-publication-desktop');
  });

  test('[P8.3] the consent is withdrawn: the export no longer holds the photo and the owner sees what to take down', async () => {
    const { page } = practitioner;
    const set = page.getByTestId('client-marketing-disclosures').getByTestId('marketing-set');
    await set.getByRole('button', { name: 'Toestemming intrekken voor fotoset Gezicht' }).click();
    const dialog = page.getByRole('dialog', { name: 'Toestemming voor marketing intrekken' });
    await dialog.waitFor();
    await dialogSettled(page);
    await shoot(page, 'marketing-withdraw-confirm-tablet');
    const withdrawn = page.waitForResponse(
      (r) =>
        r.url().endsWith(`/photo-sets/${photoSetId}/marketing-consent`) && r.request().method() === 'POST',
    );
    await dialog.getByRole('button', { name: 'Ja, intrekken' }).click();
    expect((await withdrawn).request().postDataJSON()).toMatchObject({ decision: 'withdrawn' });
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => set.getAttribute('data-state')).toBe('withdrawn');
    expect(await set.getByTestId('marketing-takedown-notice').textContent()).toContain(
      'de eigenaar van de praktijk ziet de lijst',
    );
    await shoot(page, 'marketing-withdrawn-tablet');

    const owners = owner.page;
    await owners.reload();
    await owners.getByRole('button', { name: 'Dossier openen' }).click();
    const notice = owners.getByTestId('marketing-set').getByTestId('marketing-takedown-notice');
    await notice.getByText('Haal de foto’s hier weg:').waitFor();
    expect(await notice.getByRole('listitem').textContent()).toContain(`Social media: ${PUBLISHED_AT}`);
    const takedowns = owners.getByTestId('marketing-takedowns').getByRole('listitem');
    await takedowns.first().waitFor();
    expect(await takedowns.count()).toBe(1);
    expect(await takedowns.textContent()).toContain(`Social media: ${PUBLISHED_AT}`);
    expect(await downloadExport(owners)).toEqual([]);
    await shoot(owners, 'marketing-takedowns-desktop');
    await owners.setViewportSize(TABLET_768);
    await shoot(owners, 'marketing-takedowns-tablet-768');
    await owners.setViewportSize(VIEWPORTS.desktop);

    const marked = owners.waitForResponse((r) => r.url().endsWith('/taken-down'));
    await takedowns.getByRole('button', { name: `Weggehaald: ${PUBLISHED_AT}` }).click();
    expect((await marked).status()).toBe(204);
    await owners.getByText('Er hoeft niets weggehaald te worden.').waitFor();
    await expectCleanBrowser(owners, owner.problems, [SESSION_401]);
  });

  test('[P8.2] a disclosure is registered with the scanned request, and its package made and downloaded', async () => {
    const { page } = practitioner;
    const section = page.getByTestId('client-marketing-disclosures');
    await section.getByText('Er zijn geen verstrekkingen.').waitFor();
    await section.getByRole('button', { name: 'Verstrekking registreren' }).click();
    const form = section.getByRole('form', { name: 'Verstrekking registreren' });
    await form.waitFor();
    // Without the written request, nothing is sent.
    await form.getByRole('button', { name: 'Verstrekking registreren' }).click();
    await form.getByText('Zonder schriftelijk verzoek kan niets worden verstrekt').waitFor();
    await form.getByRole('textbox', { name: 'Ontvanger' }).fill(GP);
    await form.getByRole('textbox', { name: 'Waarvoor' }).fill('Verwijzing naar de dermatoloog');
    await form.getByRole('checkbox', { name: /^Gezicht · / }).check();
    const letter = Buffer.from('%PDF-1.4\n% verzoek van Mila Hendriks om mijn dossier te sturen\n%%EOF\n');
    await form
      .locator('input[type=file]')
      .setInputFiles({ name: 'verzoek-mila.pdf', mimeType: 'application/pdf', buffer: letter });
    await shoot(page, 'disclosure-form-tablet');
    const registered = page.waitForResponse(
      (r) => r.url().endsWith(`/api/clients/${clientId}/disclosures`) && r.request().method() === 'POST',
    );
    await form.getByRole('button', { name: 'Verstrekking registreren' }).click();
    const response = await registered;
    expect(response.status()).toBe(201);
    expect(response.request().postDataJSON()).toMatchObject({
      recipient: GP,
      includesDossier: true,
      photoSetIds: [photoSetId],
      request: { fileName: 'verzoek-mila.pdf', contentBase64: letter.toString('base64') },
    });

    const item = section.getByTestId('disclosure');
    await item.waitFor();
    expect(await item.getAttribute('data-status')).toBe('registered');
    expect(await item.getByTestId('disclosure-status').textContent()).toBe('Nog niet verstrekt');

    const scan = page.waitForEvent('download');
    await item.getByRole('button', { name: `Verzoek downloaden van ${GP}` }).click();
    const scanFile = await scan;
    expect(scanFile.suggestedFilename()).toBe('verzoek-mila.pdf');
    expect(await readFile(await scanFile.path())).toEqual(letter);

    await item.getByRole('button', { name: `Pakket maken voor ${GP}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Pakket maken' });
    await dialog.getByText(/vastgelegd in het logboek/).waitFor();
    await dialogSettled(page);
    await shoot(page, 'disclosure-package-confirm-tablet');
    const pack = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Pakket maken en downloaden' }).click();
    const entries = await zipEntries(await pack);
    expect(entries).toContain('dossier.pdf');
    expect(entries).toContain('README.txt');
    expect(entries.filter((e) => e.endsWith(`${photoId}.jpg`))).toHaveLength(1);
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => item.getAttribute('data-status')).toBe('disclosed');
    expect(await item.getByTestId('disclosure-status').textContent()).toMatch(/^Verstrekt /);
  });

  test('[P8.2] after a correction of the client’s details, the recipient is listed to be informed', async () => {
    const { page } = practitioner;
    await api(page, 'PATCH', `/api/clients/${clientId}`, { data: { phone: '06 1122 3344' } });
    await page.reload();
    const inform = page.getByTestId('disclosures-inform');
    await inform.waitFor();
    expect(await inform.textContent()).toContain(GP);
    await shoot(page, 'disclosures-inform-tablet');

    // The client withdraws her request: nothing more may go to the GP, and the page no longer offers it.
    const { version } = (await api(page, 'GET', '/api/public/privacy-statement')) as { version: number };
    await api(page, 'POST', `/api/clients/${clientId}/consents`, {
      data: {
        scope: 'third_party',
        subject: GP,
        decision: 'withdrawn',
        channel: 'desk',
        language: 'nl',
        statementVersion: version,
      },
    });
    await page.reload();
    const item = page.getByTestId('disclosure');
    await expect.poll(() => item.getAttribute('data-status')).toBe('withdrawn');
    expect(await item.getByTestId('disclosure-status').textContent()).toBe('Verzoek ingetrokken');
    expect(await item.getByRole('button', { name: `Pakket maken voor ${GP}` }).count()).toBe(0);
    const disclosures = (await api(page, 'GET', `/api/clients/${clientId}/disclosures`)) as { id: string }[];
    const refused = await page.request.get(
      `/api/clients/${clientId}/disclosures/${disclosures[0]?.id}/package.zip`,
    );
    expect(refused.status()).toBe(409);
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByTestId('client-marketing-disclosures').getByText('Inform recipients').waitFor();
    await shoot(page, 'marketing-and-disclosures-en-desktop');
    await page.getByRole('button', { name: 'NL', exact: true }).click();
    await expectCleanBrowser(page, practitioner.problems, [SESSION_401]);
  });
  test('reception sees neither marketing consents nor disclosures, and the API refuses them', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Team' }).click();
    await expect.poll(() => heading(page)).toBe('Team');
    await page.getByRole('textbox', { name: 'Naam', exact: true }).fill(RECEPTION.name);
    await page.getByRole('textbox', { name: 'E-mailadres', exact: true }).fill(RECEPTION.email);
    await choose(page, 'Rol', 'Receptie');
    await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    const link = (await page.getByTestId('invitation-link').textContent()) ?? '';
    const reception = await vellum.newPage({ viewport: VIEWPORTS.tablet });
    await acceptInvitation(reception.page, link, RECEPTION, 'marketing-reception-tablet');

    await reception.page.goto(`/app/clients/${clientId}`);
    await expect.poll(() => heading(reception.page)).toBe('Mila Hendriks');
    await reception.page.getByTestId('client-privacy').waitFor();
    expect(await reception.page.getByTestId('client-marketing-disclosures').count()).toBe(0);
    for (const path of [
      `/api/clients/${clientId}/disclosures`,
      `/api/clients/${clientId}/photo-sets`,
      '/api/marketing/export.zip',
      '/api/marketing/takedowns',
    ]) {
      const status = (await reception.page.request.get(path)).status();
      expect([403, 404], path).toContain(status);
    }
    await expectCleanBrowser(reception.page, reception.problems, [SESSION_401]);
  });
});
