import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startVellum, type Vellum, type VellumPage, VIEWPORTS } from './harness';
import { dialogSettled, expectCleanBrowser, screenshots, shoot } from './page-checks';
import { enrolAuthenticator, heading, setUpClinic, signIn } from './staff-flows';

// The owner opens the microneedling intake form, makes a new version with an added yes/no question
// that rules the treatment out, sees the server name a missing English text next to its field,
// previews and publishes it; the client's intake link then shows the new question.
const OWNER = {
  name: 'Iris Smit',
  email: 'iris@kliniek-linde.example',
  password: 'lindebomen langs de gracht',
};
const QUESTION_NL = 'Ben je de afgelopen week in de zon geweest zonder bescherming?';
const QUESTION_EN = 'Have you been in the sun without protection in the past week?';
const BAD_400 = /status of 400 .*\/api\/intake-templates\/microneedling\/versions\]$/;

let vellum: Vellum;
let owner: VellumPage;
let treatmentTypeId = '';

beforeAll(async () => {
  vellum = await startVellum();
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
  const text = await response.text();
  expect(response.status(), `${method} ${path}: ${text}`).toBeLessThan(300);
  return text ? JSON.parse(text) : undefined;
}

describe('the owner’s intake form editor', () => {
  test('the owner lists the intake forms and sees which treatments use them', async () => {
    owner = await vellum.newPage({ viewport: VIEWPORTS.desktop });
    await setUpClinic(vellum, owner.page, 'Kliniek Linde', OWNER);
    await signIn(owner.page, OWNER.email, OWNER.password);
    await enrolAuthenticator(owner.page, 'intake-editor-owner-desktop');
    const { staff } = (await api(owner.page, 'GET', '/api/auth/session')) as { staff: { id: string } };
    treatmentTypeId = (
      (await api(owner.page, 'POST', '/api/treatment-types', {
        name: 'Microneedling',
        durationMinutes: 45,
        priceCents: 12950,
        vatRatePercent: 21,
        intakeTemplateKey: 'microneedling',
        practitionerIds: [staff.id],
      })) as { id: string }
    ).id;

    const { page, problems } = owner;
    await page.goto('/app/catalogue');
    await expect.poll(() => heading(page)).toBe('Catalogus');
    await page.getByRole('tab', { name: 'Intakeformulieren' }).click();
    const row = page.getByTestId('intake-template-microneedling');
    await row.waitFor();
    expect(await row.textContent()).toContain('Microneedling');
    await shoot(page, 'intake-editor-list-desktop');
    await expectCleanBrowser(page, problems);
  }, 120_000);

  test('a new version with an added question that rules the treatment out; errors show at their field', async () => {
    const { page, problems } = owner;
    await page
      .getByTestId('intake-template-microneedling')
      .getByRole('button', { name: /bekijken/i })
      .click();
    await page.getByTestId('intake-template-version').waitFor();
    expect(await page.getByTestId('intake-template-version').textContent()).toContain('Versie 1');
    const before = await page.getByTestId(/^question-/).count();
    expect(before).toBe(0); // the detail lists questions read-only, not as editors
    await page.getByRole('button', { name: 'Nieuwe versie' }).click();
    expect(await page.getByTestId('intake-editor-immutable').textContent()).toContain('versie 2');
    const copied = await page.getByTestId(/^question-/).count();
    expect(copied).toBeGreaterThan(3);

    await page.getByRole('button', { name: 'Vraag toevoegen' }).click();
    const added = page.getByTestId(`question-${copied}`);
    await added.getByRole('textbox', { name: 'Vraag (Nederlands)' }).fill(QUESTION_NL);
    await added.getByRole('textbox', { name: 'Vraag (Engels)' }).fill(QUESTION_EN);
    await added.getByRole('textbox', { name: 'Sleutel van de vraag' }).fill('sun_exposure');
    await added.getByRole('button', { name: 'Contra-indicatie toevoegen' }).click();
    const rule = added.getByTestId('intake-rule');
    await rule
      .getByRole('textbox', { name: 'Melding voor de behandelaar (Nederlands)' })
      .fill('Recent zonverbrand: geen microneedling.');
    // Moved to the top, so the client sees it first.
    for (let i = copied; i > 0; i -= 1) {
      await page.getByRole('button', { name: `Vraag ${i + 1} omhoog` }).click();
    }
    const top = page.getByTestId('question-0');
    expect(await top.getByRole('textbox', { name: 'Vraag (Nederlands)' }).inputValue()).toBe(QUESTION_NL);

    // The English message is missing: the server refuses, naming it, and the editor shows it there.
    await page.getByRole('button', { name: 'Publiceren' }).click();
    const english = top.getByRole('textbox', { name: 'Melding voor de behandelaar (Engels)' });
    await expect.poll(() => english.getAttribute('aria-invalid')).toBe('true');
    await top.getByText('Vul dit in.').waitFor();
    await page.getByText('Controleer de gemarkeerde velden.').waitFor();
    await shoot(page, 'intake-editor-error-desktop');
    await english.fill('Recent sunburn: no microneedling.');
    // Changed, the field no longer shows the old refusal.
    await expect.poll(() => english.getAttribute('aria-invalid')).not.toBe('true');

    // The preview is the client's own form.
    await page.getByRole('button', { name: 'Voorbeeld' }).click();
    const preview = page.getByRole('dialog');
    await preview.getByText(QUESTION_NL).waitFor();
    await dialogSettled(page);
    await shoot(page, 'intake-editor-preview-desktop');
    await preview.getByRole('button', { name: 'Sluiten' }).click();

    // Phone width: the editor fits.
    await page.setViewportSize(VIEWPORTS.phone);
    await top.scrollIntoViewIfNeeded();
    await shoot(page, 'intake-editor-phone');
    await page.setViewportSize(VIEWPORTS.desktop);

    const published = page.waitForResponse(
      (r) =>
        r.url().endsWith('/api/intake-templates/microneedling/versions') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Publiceren' }).click();
    expect((await published).status()).toBe(201);
    await expect.poll(() => page.getByTestId('intake-template-version').textContent()).toContain('Versie 2');
    await page.getByText(QUESTION_NL).waitFor();
    await page
      .getByText(/Sluit de behandeling uit/)
      .first()
      .waitFor();
    await shoot(page, 'intake-editor-published-desktop');
    await expectCleanBrowser(page, problems, [BAD_400]);

    // Version 1 is as it was.
    const first = (await api(page, 'GET', '/api/intake-templates/microneedling/versions/1')) as {
      questions: { key: string }[];
    };
    expect(first.questions.map((q) => q.key)).not.toContain('sun_exposure');
  }, 240_000);

  test('the client’s intake link shows the new question', async () => {
    const { page } = owner;
    const { id: clientId } = (await api(page, 'POST', '/api/clients', {
      firstName: 'Noor',
      lastName: 'Visser',
      email: 'noor@example.nl',
    })) as { id: string };
    // The owner treats her herself: a care relationship opens the medical part of the dossier.
    const { staff } = (await api(page, 'GET', '/api/auth/session')) as { staff: { id: string } };
    await api(page, 'POST', `/api/clients/${clientId}/care-assignments`, { staffId: staff.id });
    await api(page, 'POST', `/api/clients/${clientId}/intake-links`, { treatmentTypeId });
    const outbox = (await api(page, 'GET', '/api/outbox')) as { id: string; recipient: string }[];
    const listed = outbox.find((m) => m.recipient === 'noor@example.nl');
    const mail = (await api(page, 'GET', `/api/outbox/${listed?.id}`)) as { body: string };
    const link = /https?:\/\/\S+\/intake#token=[A-Za-z0-9_-]+/.exec(mail.body)?.[0] ?? '';
    expect(link).not.toBe('');

    const home = await vellum.newPage({ viewport: VIEWPORTS.phone });
    await home.page.goto(new URL(link).pathname + new URL(link).hash);
    await home.page.getByRole('heading', { name: 'Intake microneedling' }).waitFor();
    await home.page.getByText(QUESTION_NL).waitFor();
    await shoot(home.page, 'intake-editor-client-link-phone');
    await expectCleanBrowser(home.page, home.problems);
  }, 120_000);

  test('a new form: a key the server refuses shows at the key field', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Terug naar de formulieren' }).click();
    await page.getByRole('button', { name: 'Nieuw formulier' }).click();
    await page.getByRole('textbox', { name: 'Sleutel', exact: true }).fill('Peeling!');
    await page.getByRole('button', { name: 'Publiceren' }).click();
    await page.getByText('Alleen kleine letters, cijfers en _ (beginnend met een letter).').waitFor();
    await page.getByRole('textbox', { name: 'Sleutel', exact: true }).fill('microneedling');
    await page.getByRole('textbox', { name: 'Naam (Nederlands)' }).fill('Peeling');
    await page.getByRole('textbox', { name: 'Naam (Engels)' }).fill('Peel');
    await page.getByRole('button', { name: 'Vraag toevoegen' }).click();
    const question = page.getByTestId('question-0');
    await question.getByRole('textbox', { name: 'Vraag (Nederlands)' }).fill('Gebruik je retinol?');
    await question.getByRole('textbox', { name: 'Vraag (Engels)' }).fill('Do you use retinol?');
    await page.getByRole('button', { name: 'Publiceren' }).click();
    await page.getByText('Er is al een formulier met deze sleutel.').waitFor();
    await page.getByRole('textbox', { name: 'Sleutel', exact: true }).fill('peeling');
    await page.getByRole('button', { name: 'Publiceren' }).click();
    await page.getByTestId('intake-template-version').waitFor();
    await page.getByText('Gebruik je retinol?').waitFor();
  });
});
