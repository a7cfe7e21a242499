import { expect, PASSWORD, register, signIn, test, uniqueName } from './support/fixtures';
import { Stack } from './support/servers';

// A service of its own with small limits: three failed sign-ins lock an account, eight sign-in
// attempts a minute are allowed per address.
test('lockout and rate limiting are explained with the time left', async ({ browser, snap, expectAccessible }) => {
  const stack = await Stack.start({ env: { LOCKOUT_THRESHOLD: '3', LOGIN_RATE_LIMIT: '8', LOGIN_RATE_WINDOW_SECONDS: '60' } });
  const context = await browser.newContext({ baseURL: stack.url });
  try {
    const page = await context.newPage();
    const username = uniqueName('lou');
    await register(page, username);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();

    const alert = page.getByRole('alert');
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await signIn(page, username, 'not the right passphrase');
      await expect(alert).toContainText('The user name or password is not right.');
    }
    await signIn(page, username, PASSWORD);
    await expect(alert).toContainText('This account is locked after too many failed sign-ins.');
    await expect(alert).toContainText(/Try again in \d+ (minutes?|seconds?)/);
    await expect(alert).toContainText(/Time left: /);
    await snap('locked', page);
    await expectAccessible('sign in (locked)', page);

    // Keep trying until the address runs out of attempts.
    for (let attempt = 0; attempt < 8; attempt += 1) {
      await signIn(page, username, PASSWORD);
      await expect(alert).toBeVisible();
      if ((await alert.innerText()).includes('Too many attempts')) break;
    }
    await expect(alert).toContainText(/Too many attempts from your network\. Please wait \d+ (minutes?|seconds?)/);
    await expect(alert).toContainText(/Time left: /);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
    await snap('rate limited', page);
  } finally {
    await context.close();
    await stack.stop();
  }
});
