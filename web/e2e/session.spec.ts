import { expect, register, test, uniqueName } from './support/fixtures';

test('the session is refreshed silently before the access token expires', async ({ page }) => {
  // The page's clock runs fast; the service's does not, so the refresh must happen on the page's
  // own schedule, a minute before the 30-minute token would expire.
  await page.clock.install();
  await register(page, uniqueName('ray'));
  const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/auth/refresh') && r.request().method() === 'POST');
  const csrfBefore = (await page.context().cookies()).find((c) => c.name.endsWith('csrf_token'))?.value;
  await page.clock.runFor('28:00');
  expect(await page.evaluate(() => performance.getEntriesByName(`${location.origin}/api/auth/refresh`).length)).toBe(0);
  await page.clock.runFor('01:30');
  const answer = await refreshed;
  expect(answer.status()).toBe(200);
  expect(answer.request().headers()['x-csrf-token']).toBe(csrfBefore);
  // Still signed in, with the rotated cookies.
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Provider API keys' })).toBeVisible();
});
