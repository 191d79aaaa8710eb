import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startVellum, type Vellum, type VellumPage, VIEWPORTS } from './harness';
import { dialogSettled, expectCleanBrowser, screenshots, shoot } from './page-checks';
import { choose, enrolAuthenticator, heading, setUpClinic, signIn } from './staff-flows';

// A correction request (GDPR art. 16), end to end: a client opens the privacy portal by e-mail on
// her phone, sees who looked at her file grouped by day, and asks for a correction; the owner sees
// it on the start page with the days left, refuses it with a reason in the Privacy page, and the
// client sees the reason in the portal and gets it by e-mail.
const OWNER = {
  name: 'Noor Jansen',
  email: 'noor@huidkliniek-esdoorn.example',
  password: 'zonlicht door de esdoornbladeren',
};
const CLIENT = { firstName: 'Fenna', lastName: 'Bakker', email: 'fenna.bakker@example.nl' };
const REASON = 'Je antwoord over latex staat zo in de intake die je ondertekende.';

let vellum: Vellum;
let owner: VellumPage;
let client: VellumPage;
let portalLink = '';

beforeAll(async () => {
  vellum = await startVellum();
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await vellum?.stop();
});

describe('the privacy portal: a correction request, handled by the owner', () => {
  test('the owner sets up the clinic and registers the client', async () => {
    owner = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    const { page } = owner;
    await setUpClinic(vellum, page, 'Huidkliniek Esdoorn', OWNER);
    await signIn(page, OWNER.email, OWNER.password);
    await enrolAuthenticator(page, 'correction-owner-desktop');
    await page.getByRole('navigation').getByRole('link', { name: 'Cliënten' }).click();
    await expect.poll(() => heading(page)).toBe('Cliënten');
    await page.getByRole('button', { name: 'Nieuwe cliënt' }).click();
    await page.getByRole('textbox', { name: 'Voornaam' }).fill(CLIENT.firstName);
    await page.getByRole('textbox', { name: 'Achternaam' }).fill(CLIENT.lastName);
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill(CLIENT.email);
    await page.getByRole('button', { name: 'Cliënt opslaan' }).click();
    await page.waitForURL(/\/app\/clients\/[0-9a-f-]{36}$/);
    await expect.poll(() => heading(page)).toBe(`${CLIENT.firstName} ${CLIENT.lastName}`);
  });

  test('the client opens the portal on her phone, sees the log by day and asks for a correction', async () => {
    client = await vellum.newPage({ viewport: VIEWPORTS.phone });
    const { page } = client;
    await page.goto('/privacy-portal');
    await page.getByRole('textbox', { name: 'E-mailadres' }).fill(CLIENT.email);
    const asked = page.waitForResponse((r) => r.url().endsWith('/api/public/privacy-portal/link'));
    await page.getByRole('button', { name: 'Stuur mij een link' }).click();
    expect((await asked).status()).toBe(202);

    // Without SMTP the link waits in the owner's outbox; the owner opens it whole.
    const mails = (await (await owner.page.request.get('/api/outbox')).json()) as {
      id: string;
      recipient: string;
      body: string;
    }[];
    const listed = mails.find(
      (m) => m.recipient === CLIENT.email && m.body.includes('/privacy-portal#token='),
    );
    const mail =
      listed &&
      ((await (await owner.page.request.get(`/api/outbox/${listed.id}`)).json()) as { body: string });
    portalLink = /https?:\/\/\S+\/privacy-portal#token=[A-Za-z0-9_-]+/.exec(mail?.body ?? '')?.[0] ?? '';
    expect(portalLink).not.toBe('');

    await page.goto(new URL(portalLink).pathname + new URL(portalLink).hash);
    await page.getByTestId('portal-details').waitFor();
    // Who looked, per day: the owner's registration today, by role and never by name.
    const log = page.getByTestId('portal-access-log');
    await log.waitFor();
    expect(await page.getByTestId('portal-access-day').count()).toBe(1);
    expect(await log.textContent()).toContain('Eigenaar van de praktijk');
    expect(await log.textContent()).not.toContain(OWNER.name);

    const form = page.getByTestId('portal-correction-form');
    await form.scrollIntoViewIfNeeded();
    // Sent empty: the fields say what is missing, nothing is sent.
    await form.getByRole('button', { name: 'Verzoek versturen' }).click();
    expect(await form.getByText('Vul dit veld in.').count()).toBeGreaterThan(0);
    await choose(page, 'Waar gaat het over?', 'Een antwoord in je medische intake');
    await form.getByRole('textbox', { name: 'Wat klopt er niet?' }).fill('Bij allergieën staat latex');
    await form.getByRole('textbox', { name: 'Wat moet het zijn?' }).fill('Ik ben niet allergisch voor latex');
    const sent = page.waitForResponse((r) =>
      r.url().endsWith('/api/public/privacy-portal/correction-request'),
    );
    await form.getByRole('button', { name: 'Verzoek versturen' }).click();
    expect((await sent).status()).toBe(201);
    await page.getByText('Je verzoek is ontvangen').waitFor();
    await page.getByTestId('portal-corrections').waitFor();
    expect(await page.getByTestId('portal-correction-status').textContent()).toMatch(
      /^In behandeling, uiterlijk/,
    );
    await shoot(page, 'portal-correction-sent-phone');
    // The log now starts the day with what the client did herself.
    expect(await page.getByTestId('portal-access-day').first().textContent()).toContain(
      'Jij — verzoek om correctie verstuurd',
    );
    // A phone-sized page, not 13,000 px.
    expect(await page.evaluate('document.documentElement.scrollHeight')).toBeLessThan(8000);
    await expectCleanBrowser(page, client.problems);
  });

  test('the owner sees it on the start page with the days left, and refuses it with a reason', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Start' }).click();
    const task = page.getByText(`Verzoek om correctie van ${CLIENT.firstName} ${CLIENT.lastName}`);
    await task.waitFor();
    await task.click();
    await page.getByTestId('correction-request').first().waitFor();
    const card = page.getByTestId('correction-request').first();
    expect(await card.textContent()).toContain('Ik ben niet allergisch voor latex');
    expect(await card.getByTestId('deadline-badge').getAttribute('data-days')).toMatch(/^(28|29|30|31)$/);
    await shoot(page, 'correction-requests-desktop');

    await card.getByRole('button', { name: 'Afhandelen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Verzoek om correctie afhandelen' });
    await dialog.getByText('Afgewezen', { exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Waarom niet?' }).fill(REASON);
    await dialogSettled(page);
    await shoot(page, 'correction-handle-dialog-desktop');
    const handled = page.waitForResponse((r) =>
      /\/api\/correction-requests\/[0-9a-f-]+\/handle$/.test(r.url()),
    );
    await dialog.getByRole('button', { name: 'Opslaan en cliënt mailen' }).click();
    expect((await handled).status()).toBe(204);
    await expect.poll(() => card.getAttribute('data-open')).toBe('false');
    expect(await card.textContent()).toContain(REASON);

    const mails = (await (await page.request.get('/api/outbox')).json()) as {
      recipient: string;
      subject: string;
    }[];
    expect(mails).toContainEqual(
      expect.objectContaining({
        recipient: CLIENT.email,
        subject: 'Huidkliniek Esdoorn: je verzoek om correctie',
      }),
    );
    await expectCleanBrowser(page, owner.problems);
  });

  test('the client sees the refusal and its reason in the portal', async () => {
    const { page } = client;
    // Reloading the opened link still works while the link does (the token is kept in this tab's history).
    await page.reload();
    await page.getByTestId('portal-corrections').waitFor();
    await expect
      .poll(() => page.getByTestId('portal-correction-status').textContent())
      .toMatch(/^Afgewezen op/);
    expect(await page.getByTestId('portal-corrections').textContent()).toContain(REASON);
    await shoot(page, 'portal-correction-refused-phone');
  });
});
