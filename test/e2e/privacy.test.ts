import { mkdir, readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startVellum, type Vellum, type VellumPage, VIEWPORTS } from './harness';
import { expectCleanBrowser, screenshots, shoot } from './page-checks';
import { choose, enrolAuthenticator, heading, setUpClinic, signIn } from './staff-flows';

// The clinic's privacy promises, end to end: the owner registers a processor and the public privacy
// statement names it; a visitor reports suspected misuse; a client with an e-mail address asks for
// the privacy portal link, downloads her data, withdraws a consent and asks for erasure; the owner
// sees the request with its deadline, carries it out and downloads the certificate.
const OWNER = {
  name: 'Noor Jansen',
  email: 'noor@huidkliniek-linde.example',
  password: 'zonlicht door de lindebomen',
};
const CLIENT = { firstName: 'Lotte', lastName: 'Visser', email: 'lotte.visser@example.nl' };
const PROCESSOR = { name: 'Wolkenhuis Hosting B.V.', purpose: 'Hosting van de praktijksoftware' };
const SESSION_401 = /status of 401 .*\/api\/auth\/session\]$/;

let vellum: Vellum;
let owner: VellumPage;
let visitor: VellumPage;
let clientId = '';
let archiveCode = '';

beforeAll(async () => {
  vellum = await startVellum();
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await vellum?.stop();
});

/** The first bytes of a downloaded file: what it really is, whatever its name says. */
async function magic(download: Download, length: number): Promise<string> {
  const path = await download.path();
  return (await readFile(path)).subarray(0, length).toString('latin1');
}

async function openPrivacyTab(page: Page, tab: string) {
  await page.getByRole('navigation').getByRole('link', { name: 'Privacy', exact: true }).click();
  await expect.poll(() => heading(page)).toBe('Privacy');
  await page.getByRole('tab', { name: tab }).click();
}

describe('privacy: the statement, the portal and erasure on request', () => {
  test('[P7.1] the owner registers a processor with its agreement, and the public privacy statement names it', async () => {
    owner = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    const { page } = owner;
    await setUpClinic(vellum, page, 'Huidkliniek Linde', OWNER);
    await signIn(page, OWNER.email, OWNER.password);
    await enrolAuthenticator(page, 'privacy-owner-desktop');

    await openPrivacyTab(page, 'Verwerkers');
    await page.getByText('Er zijn geen verwerkers geregistreerd.').waitFor();
    await page.getByRole('textbox', { name: 'Naam', exact: true }).fill(PROCESSOR.name);
    await page.getByRole('textbox', { name: 'Waarvoor' }).fill(PROCESSOR.purpose);
    await page.getByRole('textbox', { name: 'Welke gegevens' }).fill('Alle cliëntgegevens, versleuteld');
    await page.getByRole('textbox', { name: 'Land of regio' }).fill('NL');
    await page.getByLabel('Datum overeenkomst').fill('2026-01-15');
    await page.locator('input[type=file]').setInputFiles({
      name: 'verwerkersovereenkomst.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% verwerkersovereenkomst\n%%EOF\n'),
    });
    const added = page.waitForResponse(
      (r) => r.url().endsWith('/api/processors') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Verwerker toevoegen' }).click();
    expect((await added).status()).toBe(201);
    const listed = page.getByTestId('processors').getByRole('listitem');
    await listed.first().waitFor();
    expect(await listed.textContent()).toContain(PROCESSOR.name);
    const agreement = page.waitForEvent('download');
    await listed.getByRole('button', { name: /verwerkersovereenkomst\.pdf/ }).click();
    expect(await magic(await agreement, 5)).toBe('%PDF-');
    await shoot(page, 'privacy-processors-desktop');

    visitor = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await visitor.page.goto('/');
    await visitor.page.getByRole('link', { name: 'Privacyverklaring', exact: true }).click();
    await visitor.page.waitForURL('**/privacy');
    await expect.poll(() => heading(visitor.page)).toBe('Privacyverklaring van Huidkliniek Linde');
    expect(await visitor.page.getByTestId('statement-version').textContent()).toMatch(
      /^Versie \d+, gepubliceerd op \d+ \w+ \d{4}$/,
    );
    await visitor.page.getByText(`${PROCESSOR.name}: ${PROCESSOR.purpose}`).waitFor();
    await shoot(visitor.page, 'privacy-statement-phone');

    await visitor.page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(() => heading(visitor.page)).toBe('Privacy statement of Huidkliniek Linde');
    await visitor.page.getByText(`${PROCESSOR.name}: ${PROCESSOR.purpose}`).waitFor();
    await visitor.page.setViewportSize(VIEWPORTS.tablet);
    await shoot(visitor.page, 'privacy-statement-en-tablet');
    await visitor.page.getByRole('button', { name: 'NL', exact: true }).click();
    await visitor.page.setViewportSize(VIEWPORTS.phone);
  });

  test('the owner sees there is no backup yet, makes one now, and sees its time, size and result', async () => {
    const { page } = owner;
    await openPrivacyTab(page, 'Wisverzoeken');
    const backup = page.getByTestId('backup-status');
    await backup.getByTestId('backup-warning').getByText('Er is nog geen back-up').waitFor();
    expect(await backup.getByTestId('backup-result').textContent()).toBe('Nog geen back-up');
    const made = page.waitForResponse(
      (r) => r.url().endsWith('/api/backups') && r.request().method() === 'POST',
    );
    await backup.getByRole('button', { name: 'Nu een back-up maken' }).click();
    expect((await made).status()).toBe(200);
    await backup.getByTestId('backup-made').waitFor();
    expect(await backup.getByTestId('backup-result').textContent()).toBe('Gelukt');
    expect(await backup.getByTestId('backup-size').textContent()).toMatch(/^\d+(,\d)?\s(kB|MB)$/);
    expect(await backup.getByTestId('backup-at').textContent()).toMatch(/\d{4}/);
    expect(await backup.getByTestId('backup-warning').count()).toBe(0);
    await shoot(page, 'privacy-backup-desktop');
  });

  test('the owner sees on the retention tab that no retention run has destroyed anything yet', async () => {
    const { page } = owner;
    await openPrivacyTab(page, 'Bewaartermijn');
    const run = page.getByTestId('retention-run');
    await run.getByText('Vernietigen van verlopen dossiers').waitFor();
    expect(await run.getByTestId('retention-run-last').textContent()).toBe(
      'Er is nog niet eerder vernietigd.',
    );
  });

  test('[P10.2] a visitor reports suspected misuse; the owner sees it with the 72-hour clock', async () => {
    const { page } = visitor;
    await page.getByRole('link', { name: 'Misbruik melden' }).click();
    await expect.poll(() => heading(page)).toBe('Vermoeden van misbruik melden');
    expect(await page.getByTestId('privacy-email').textContent()).toBe('privacy@huidkliniek-linde.example');
    // The robot trap is out of reach: not in the accessibility tree, not reachable by keyboard.
    expect(await page.locator('#report-website').getAttribute('tabindex')).toBe('-1');
    await page
      .getByRole('textbox', { name: 'Wat heb je gezien of gemerkt?' })
      .fill('Ik kreeg een e-mail met de afspraak van iemand anders erin.');
    await page.getByRole('textbox', { name: /Hoe kunnen we je bereiken/ }).fill('06 9876 5432');
    await shoot(page, 'privacy-report-phone');
    await page.getByRole('button', { name: 'Melding versturen' }).click();
    const reference = page.getByTestId('incident-reference');
    await reference.waitFor();
    expect(await reference.textContent()).toMatch(/^INC-\d{4}-\d{4,}$/);

    await openPrivacyTab(owner.page, 'Incidenten');
    const incident = owner.page.getByTestId('incident');
    await incident.waitFor();
    expect(await incident.textContent()).toContain(
      'Ik kreeg een e-mail met de afspraak van iemand anders erin.',
    );
    expect(await incident.getByTestId('incident-clock').textContent()).toMatch(
      /^nog 7[12] uur om te melden$/,
    );
  });

  test('[P1.1] the owner registers the client, records her consents at the desk and her paper file', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Cliënten' }).click();
    await expect.poll(() => heading(page)).toBe('Cliënten');
    await page.getByRole('button', { name: 'Nieuwe cliënt' }).click();
    await page.getByRole('textbox', { name: 'Voornaam' }).fill(CLIENT.firstName);
    await page.getByRole('textbox', { name: 'Achternaam' }).fill(CLIENT.lastName);
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill(CLIENT.email);
    await page.getByRole('button', { name: 'Cliënt opslaan' }).click();
    await page.waitForURL(/\/app\/clients\/[0-9a-f-]{36}$/);
    clientId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await expect.poll(() => heading(page)).toBe(`${CLIENT.firstName} ${CLIENT.lastName}`);

    const privacy = page.getByTestId('client-privacy');
    await privacy.getByTestId('consent-missing').waitFor();
    for (const scope of ['Medische gegevens', 'Nieuwsbrief']) {
      await privacy.getByRole('button', { name: 'Toestemming vastleggen' }).click();
      await choose(page, 'Toestemming voor', scope);
      expect(await privacy.getByTestId('consent-sentence').textContent()).toContain('Huidkliniek Linde');
      const recorded = page.waitForResponse(
        (r) => r.url().endsWith(`/api/clients/${clientId}/consents`) && r.request().method() === 'POST',
      );
      await privacy.getByRole('button', { name: 'Vastleggen', exact: true }).click();
      expect((await recorded).status()).toBe(201);
    }
    const current = privacy.getByTestId('consents-current').getByRole('listitem');
    await expect.poll(() => current.count()).toBe(2);
    expect(await privacy.getByTestId('consent-missing').count()).toBe(0);

    await privacy.getByRole('textbox', { name: 'Waar het ligt' }).fill('Archiefkast behandelkamer 1, la 2');
    await privacy.getByRole('button', { name: 'Papieren dossier registreren' }).click();
    const code = privacy.getByTestId('paper-archive-code');
    await code.waitFor();
    archiveCode = /P-\d{4}-\d{4}/.exec((await code.textContent()) ?? '')?.[0] ?? '';
    expect(archiveCode).not.toBe('');
    await page.setViewportSize(VIEWPORTS.tablet);
    await shoot(page, 'privacy-client-section-tablet');
    await page.setViewportSize(VIEWPORTS.desktop);
  });

  test('[P9.2] the client opens the portal by e-mail, downloads her data, withdraws a consent and asks for erasure', async () => {
    const { page } = visitor;
    await page.getByRole('link', { name: 'Mijn gegevens', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Mijn gegevens');
    // Known or not, the answer is the same: the page never says who is a client.
    const answers: string[] = [];
    for (const email of ['niemand@example.nl', CLIENT.email]) {
      await page.getByRole('textbox', { name: 'E-mailadres' }).fill(email);
      const asked = page.waitForResponse((r) => r.url().endsWith('/api/public/privacy-portal/link'));
      await page.getByRole('button', { name: 'Stuur mij een link' }).click();
      const response = await asked;
      expect(response.status()).toBe(202);
      const status = page.getByRole('status');
      answers.push(((await status.textContent()) ?? '').replace(email, '…'));
      if (email === CLIENT.email) await shoot(page, 'privacy-portal-sent-phone');
      await status.getByRole('button', { name: 'Een ander e-mailadres gebruiken' }).click();
    }
    expect(answers[0]).toBe(answers[1]);

    // The link reaches the client by e-mail; without SMTP it waits in the owner's outbox.
    const outbox = await owner.page.request.get('/api/outbox');
    expect(outbox.status()).toBe(200);
    const mails = (await outbox.json()) as { id: string; recipient: string; body: string }[];
    expect(mails.some((mail) => mail.recipient === 'niemand@example.nl')).toBe(false);
    // The list masks the link; the owner opens the mail whole to pass it on by hand.
    const listed = mails.find(
      (m) => m.recipient === CLIENT.email && m.body.includes('/privacy-portal#token='),
    );
    const mail =
      listed &&
      ((await (await owner.page.request.get(`/api/outbox/${listed.id}`)).json()) as { body: string });
    const link = /https?:\/\/\S+\/privacy-portal#token=[A-Za-z0-9_-]+/.exec(mail?.body ?? '')?.[0] ?? '';
    expect(link).not.toBe('');

    await page.goto(new URL(link).pathname + new URL(link).hash);
    await page.getByTestId('portal-details').waitFor();
    await expect.poll(() => heading(page)).toBe('Jouw gegevens bij Huidkliniek Linde');
    // The token is read once and taken out of the address bar and the history.
    expect(page.url()).not.toContain('token');
    expect(await page.getByTestId('portal-details').textContent()).toContain(CLIENT.email);
    // The access log by day (the newest open), by role with counts, never by name.
    expect(await page.getByTestId('portal-access-day').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('portal-access-log').textContent()).toMatch(/Eigenaar van de praktijk/);
    expect(await page.getByTestId('portal-access-log').textContent()).not.toContain(OWNER.name);
    await shoot(page, 'privacy-portal-overview-phone');

    // While the export is being made the page says so and how far it is, not a dead button: the
    // request is held here until the page shows it, then let through.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let progressId = '';
    await page.route('**/api/public/privacy-portal/export.zip', async (route) => {
      progressId = (route.request().postDataJSON() as { progressId: string }).progressId;
      await held;
      await route.continue();
    });
    const zip = page.waitForEvent('download');
    await page.getByRole('button', { name: /^Download alles \(zip met foto/ }).click();
    const preparing = page.getByTestId('export-progress');
    await preparing.getByText('Je gegevens worden klaargezet', { exact: false }).waitFor();
    expect(await preparing.getByTestId('export-progress-step').textContent()).toBe('Wordt voorbereid…');
    expect(progressId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    release();
    expect(await magic(await zip, 4)).toBe('PK\u0003\u0004');
    await preparing.waitFor({ state: 'detached' });
    await page.unroute('**/api/public/privacy-portal/export.zip');
    // Saved under a Dutch name for a Dutch client, not "my-data".
    expect((await zip).suggestedFilename()).toBe('mijn-gegevens.zip');
    const pdf = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download als PDF' }).click();
    expect(await magic(await pdf, 5)).toBe('%PDF-');
    expect((await pdf).suggestedFilename()).toBe('mijn-gegevens.pdf');

    const newsletter = page.locator('[data-testid="portal-consent"][data-scope="newsletter"]');
    await newsletter.getByRole('button', { name: 'Toestemming intrekken: Nieuwsbrief' }).click();
    const dialog = page.getByRole('dialog', { name: 'Toestemming intrekken' });
    await dialog.waitFor();
    const withdrawn = page.waitForResponse((r) => r.url().endsWith('/api/public/privacy-portal/consents'));
    await dialog.getByRole('button', { name: 'Ja, intrekken' }).click();
    expect((await withdrawn).status()).toBe(204);
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => newsletter.textContent()).toContain('Ingetrokken');
    expect(await newsletter.getByRole('button').count()).toBe(0);

    await page.getByRole('button', { name: 'Wis mijn gegevens' }).click();
    const erase = page.getByRole('dialog', { name: 'Weet je zeker dat je alles wilt laten wissen?' });
    await erase.waitFor();
    const confirm = erase.getByRole('button', { name: 'Ja, wis mijn gegevens' });
    expect(await confirm.isDisabled()).toBe(true);
    await erase
      .getByRole('checkbox', { name: 'Ik begrijp dat dit niet ongedaan kan worden gemaakt' })
      .check();
    await shoot(page, 'privacy-portal-erase-confirm-phone');
    const requested = page.waitForResponse((r) => r.url().endsWith('/api/public/privacy-portal/erasure'));
    await confirm.click();
    const { deadlineAt } = (await (await requested).json()) as { deadlineAt: string };
    const days = (new Date(deadlineAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);
    const deadline = page.getByTestId('portal-erasure-deadline');
    await deadline.waitFor();
    expect(await deadline.textContent()).toMatch(/Wij doen dat uiterlijk op \d+ \w+ \d{4}\./);
    await page.setViewportSize(VIEWPORTS.desktop);
    await shoot(page, 'privacy-portal-erasure-requested-desktop');
    await expectCleanBrowser(page, visitor.problems);
  });

  test('[P9.2] the owner sees the request with its deadline, carries it out and downloads the certificate', async () => {
    const { page } = owner;
    await openPrivacyTab(page, 'Wisverzoeken');
    const request = page.locator('[data-testid="erasure-request"][data-open="true"]');
    await request.waitFor();
    expect(await request.textContent()).toContain(`${CLIENT.firstName} ${CLIENT.lastName}`);
    expect(await request.textContent()).toContain('via Mijn gegevens');
    expect(await request.getByTestId('deadline-badge').textContent()).toMatch(/^nog 1[34] dagen$/);
    await shoot(page, 'privacy-erasure-requests-desktop');

    await request.getByRole('button', { name: 'Nu wissen' }).click();
    const dialog = page.getByRole('dialog', {
      name: `Gegevens van ${CLIENT.firstName} ${CLIENT.lastName} wissen`,
    });
    await dialog.waitFor();
    await dialog.getByRole('checkbox').check();
    const executed = page.waitForResponse((r) =>
      /\/api\/erasure-requests\/[0-9a-f-]+\/execute$/.test(r.url()),
    );
    await dialog.getByRole('button', { name: 'Definitief wissen' }).click();
    expect((await executed).status()).toBe(200);
    const certificate = page
      .getByRole('dialog', { name: 'Gegevens gewist' })
      .getByTestId('erasure-certificate');
    await certificate.waitFor();
    expect(await certificate.textContent()).toContain('Sleutel vernietigd');
    // She had no invoices: nothing financial is kept, said in Dutch (the server's phrase is English).
    expect(await certificate.textContent()).toContain('Niets bewaard');
    expect(await certificate.textContent()).not.toContain('none kept');
    expect(await certificate.textContent()).toContain('Financiële gegevens (facturen, betalingen)');
    await shoot(page, 'privacy-erasure-certificate-desktop');
    const download = page.waitForEvent('download');
    await page.getByRole('dialog').getByRole('button', { name: 'Bewijs downloaden (PDF)' }).click();
    expect(await magic(await download, 5)).toBe('%PDF-');
    await page.getByRole('dialog').getByRole('button', { name: 'Sluiten' }).last().click();

    // The client is gone; her paper file is on the list to destroy, by archive code only.
    await page.locator('[data-testid="erasure-request"][data-open="false"]').first().waitFor();
    expect(await page.locator('[data-testid="erasure-request"][data-open="true"]').count()).toBe(0);
    await page.getByRole('tab', { name: 'Papier vernietigen' }).click();
    const paper = page.getByTestId('paper-destruction');
    await paper.waitFor();
    expect(await paper.textContent()).toContain(archiveCode);
    expect(await paper.textContent()).not.toContain(CLIENT.lastName);
    await page.getByRole('button', { name: `Bevestigen dat ${archiveCode} is vernietigd` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ja, vernietigd' }).click();
    await paper.getByText(/^Vernietigd op /).waitFor();

    const gone = await page.request.get(`/api/clients/${clientId}`);
    expect(gone.status()).toBe(404);
    await expectCleanBrowser(page, owner.problems, [SESSION_401]);
  });
});
