import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeViolations } from './accessibility';
import type { PageProblems } from './harness';

export const screenshots = path.join(import.meta.dirname, 'screenshots');

/** No CSP violations, no page errors, no unexpected console errors, and browser storage empty. */
export async function expectCleanBrowser(
  page: Page,
  problems: PageProblems,
  allowedConsoleErrors: RegExp[] = [],
) {
  expect(problems.cspViolations).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(
    problems.consoleErrors.filter((error) => !allowedConsoleErrors.some((allowed) => allowed.test(error))),
  ).toEqual([]);
  expect(await page.evaluate('window.localStorage.length')).toBe(0);
  expect(await page.evaluate('window.sessionStorage.length')).toBe(0);
}

/** Screenshot for a human to look at, and an accessibility check of the same state. */
export async function shoot(page: Page, name: string) {
  expect(
    await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
    `${name} fits the width`,
  ).toBe(true);
  expect(await axeViolations(page), `accessibility of ${name}`).toEqual([]);
  await page.screenshot({
    path: path.join(screenshots, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

/**
 * Waits until a JavaScript expression is true in the page. Evaluated through the DevTools protocol
 * each time: Playwright's waitForFunction polls inside the page with `new Function`, which the app's
 * CSP forbids — it only passed when the first check (made over the protocol) was already true.
 */
export async function waitUntil(page: Page, expression: string) {
  await expect.poll(() => page.evaluate(expression), { timeout: 10_000 }).toBe(true);
}

/** A Mantine modal fades in: wait until it and its parents are opaque and nothing animates. */
export async function dialogSettled(page: Page) {
  await waitUntil(
    page,
    `(() => {
      const dialog = document.querySelector('[role="dialog"]');
      if (!dialog) return false;
      for (let node = dialog; node; node = node.parentElement) {
        if (getComputedStyle(node).opacity !== '1') return false;
      }
      return document.getAnimations().every((a) => a.playState !== 'running');
    })()`,
  );
}
