// The browser tests' fixtures: one running stack per worker (the service and its LLM emulator),
// a fresh user per test, screenshots of each step and an accessibility check of each screen.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from './servers';

export const PASSWORD = 'a long enough passphrase for tests';
const SCREENS = join(process.cwd(), 'test-results', 'screens');

let userCounter = 0;
/** A user name no other test of this run uses. */
export function uniqueName(prefix: string): string {
  userCounter += 1;
  return `${prefix}${process.pid % 10000}x${userCounter}`;
}

interface Fixtures {
  /** Saves a full-page screenshot named after the test and the step (test-results/screens). */
  snap: (step: string, target?: Page) => Promise<void>;
  /** Runs axe on the page as it is and fails on any serious or critical violation. */
  expectAccessible: (screen: string, target?: Page) => Promise<void>;
}

export const test = base.extend<Fixtures, { stack: Stack }>({
  stack: [
    async ({}, use) => {
      // The emulator answers after a short delay so a generation lasts long enough to be watched.
      const stack = await Stack.start({ llmArgs: ['--latency-ms', '120'] });
      try {
        await use(stack);
      } finally {
        await stack.stop();
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  baseURL: async ({ stack }, use) => use(stack.url),
  snap: async ({ page }, use, testInfo) => {
    let index = 0;
    const slug = testInfo.titlePath.slice(1).join(' ').replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 60);
    mkdirSync(SCREENS, { recursive: true });
    await use(async (step, target = page) => {
      index += 1;
      const name = `${slug}-${String(index).padStart(2, '0')}-${step.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
      await target.screenshot({ path: join(SCREENS, name), fullPage: true });
    });
  },
  expectAccessible: async ({ page }, use) => {
    await use(async (screen, target = page) => {
      const results = await new AxeBuilder({ page: target }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const described = serious.map(
        (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
      );
      expect(described, `accessibility violations on the ${screen} screen`).toEqual([]);
    });
  },
});

export { expect };

/** Registers a new account through the UI and lands on the dashboard. */
export async function register(page: Page, username: string): Promise<void> {
  await page.goto('/register');
  await page.getByLabel(/^User name/).fill(username);
  await page.getByLabel(/^E-mail/).fill(`${username}@example.com`);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByLabel(/^Repeat the password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My projects' })).toBeVisible();
}

/** Signs in through the UI. */
export async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel(/^User name or e-mail/).fill(username);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Calls the API as the signed-in page does (its cookies, and the CSRF header on unsafe calls). */
export async function callApi(page: Page, method: string, path: string, body?: unknown): Promise<unknown> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name.endsWith('csrf_token'))?.value ?? '';
  const response = await page.request.fetch(path, {
    method,
    headers: method === 'GET' ? {} : { 'X-CSRF-Token': csrf },
    data: body,
  });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

export const SHORT_VISION =
  'A booking portal for the patients of a small clinic: they book, move and cancel appointments online ' +
  'and get reminders, so the front desk answers fewer calls.';
