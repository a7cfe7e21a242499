import { callApi, expect, PASSWORD, register, signIn, SHORT_VISION, test, uniqueName } from './support/fixtures';

test('sign-in and registration screens are labelled and keyboard usable', async ({ page, snap, expectAccessible }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await snap('sign in');
  await expectAccessible('sign in');
  // The whole form is reachable with the keyboard, in reading order.
  await page.keyboard.press('Tab');
  await expect(page.getByLabel(/^User name or e-mail/)).toBeFocused();
  await page.keyboard.type('nobody-here');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel(/^Password/)).toBeFocused();
  await page.keyboard.type('a wrong passphrase for nobody');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('The user name or password is not right.');

  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
  await page.getByLabel(/^Password/).fill('password');
  await page.getByLabel(/^Repeat the password/).fill('passwork');
  await expect(page.getByText('The passwords differ.')).toBeVisible();
  await snap('register');
  await expectAccessible('register');
});

test('settings: keys are write-only and clearable, default limits feed the wizard', async ({ page, snap, expectAccessible }) => {
  await register(page, uniqueName('sam'));
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  const keyForm = page.getByRole('form', { name: /OpenAI API key/ });
  await expect(keyForm.getByText('Not set')).toBeVisible();
  await keyForm.getByLabel(/OpenAI key/).fill('sk-my-own-key-123');
  await keyForm.getByRole('button', { name: 'Save key' }).click();
  await expect(keyForm.getByText('Set', { exact: true })).toBeVisible();
  await expect(keyForm.getByLabel(/^Replace the OpenAI key/)).toHaveValue('');
  await expect(page.getByText('sk-my-own-key-123')).toHaveCount(0);

  const limits = page.getByRole('form', { name: 'Default work-item limits' });
  await limits.getByLabel(/^Epics/).fill('3');
  await limits.getByLabel(/^Tasks per story/).fill('4');
  await limits.getByRole('button', { name: 'Save limits' }).click();
  await expect(limits.getByText('Saved.')).toBeVisible();

  // Notifications: switches saved, the webhook URL accepted once and never shown again.
  const notices = page.getByRole('form', { name: 'Notifications' });
  await notices.getByRole('checkbox', { name: 'fails' }).uncheck();
  await notices.getByLabel(/^Webhook URL/).fill('https://contoso.webhook.office.com/webhookb2/secret-hook-42');
  await notices.getByRole('button', { name: 'Save notifications' }).click();
  await expect(notices.getByText('Saved.')).toBeVisible();
  await expect(notices.getByText('Set', { exact: true })).toBeVisible();
  await expect(page.getByText(/secret-hook-42/)).toHaveCount(0);
  await snap('settings');
  await expectAccessible('settings');

  await keyForm.getByRole('button', { name: 'Clear key' }).click();
  await expect(keyForm.getByText('Not set')).toBeVisible();

  // A new project starts from the saved defaults.
  await page.reload();
  await expect(page.getByRole('form', { name: /OpenAI API key/ }).getByText('Not set')).toBeVisible();
  await expect(page.getByRole('form', { name: 'Notifications' }).getByRole('checkbox', { name: 'fails' })).not.toBeChecked();
  await page.getByRole('link', { name: 'New project' }).click();
  await page.getByLabel(/^Project name/).fill('Defaults check');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Healthcare').check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel(/^Product vision/).fill(SHORT_VISION);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel(/^Epics/)).toHaveValue('3');
  await expect(page.getByLabel(/^Tasks per story/)).toHaveValue('4');
});

test('account: change the password and end another device’s session', async ({ browser, baseURL, page, snap, expectAccessible }) => {
  const username = uniqueName('cat');
  await register(page, username);
  const laptop = await browser.newContext({ baseURL, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' });
  try {
    const other = await laptop.newPage();
    await signIn(other, username);
    await expect(other.getByRole('heading', { level: 1, name: 'My projects' })).toBeVisible();

    await page.getByRole('link', { name: 'Account' }).click();
    const devices = page.getByRole('region', { name: 'Signed-in devices' });
    await expect(devices.getByRole('row')).toHaveCount(3);
    await expect(devices.getByText('This device')).toBeVisible();
    await snap('account');
    await expectAccessible('account');
    await devices.getByRole('button', { name: /^End the session of/ }).click();
    await expect(devices.getByRole('row')).toHaveCount(2);

    // The other device is signed out on its next request.
    await other.goto('/settings');
    await expect(other.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  } finally {
    await laptop.close();
  }

  const newPassword = 'another long passphrase to use';
  await page.getByLabel(/^Current password/).fill(PASSWORD);
  await page.getByLabel(/^New password/).fill(newPassword);
  await page.getByLabel(/^Repeat the new password/).fill(newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: /password/i })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await signIn(page, username, PASSWORD);
  await expect(page.getByRole('alert')).toContainText('The user name or password is not right.');
  await signIn(page, username, newPassword);
  await expect(page.getByRole('heading', { level: 1, name: 'My projects' })).toBeVisible();
});

test('admin: users listed, a lock lifted, an account disabled and enabled again; others see no admin screen', async ({ browser, baseURL, page, request, stack, snap, expectAccessible }) => {
  const adminName = uniqueName('root');
  await stack.createAdmin(adminName, PASSWORD);
  const username = uniqueName('ed');
  await register(page, username);
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await page.goto('/admin');
  await expect(page.getByRole('alert')).toHaveText('Only administrators can manage users.');
  // Someone guesses the user's password until the account locks.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const answer = await request.post('/api/auth/login', { data: { username, password: 'a wrong guess of a password' } });
    expect(answer.status()).toBe(401);
  }

  const adminContext = await browser.newContext({ baseURL });
  try {
    const admin = await adminContext.newPage();
    await signIn(admin, adminName);
    await admin.getByRole('link', { name: 'Admin' }).click();
    await expect(admin.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
    const row = admin.getByRole('row').filter({ hasText: username });
    await expect(row).toBeVisible();
    await expect(row.getByText(/^Locked until/)).toBeVisible();
    // The notification outbox is listed under the users (empty: this stack sends no mail).
    await expect(admin.getByRole('heading', { level: 2, name: 'Notifications' })).toBeVisible();
    await expect(admin.getByText('No deliveries.')).toBeVisible();
    await snap('admin users', admin);
    await expectAccessible('admin', admin);
    await row.getByRole('button', { name: `Unlock ${username}` }).click();
    await expect(row.getByText(/^Locked until/)).toHaveCount(0);
    await row.getByRole('button', { name: `Disable ${username}` }).click();
    const confirm = admin.getByRole('dialog', { name: `Disable ${username}?` });
    await expect(confirm).toContainText('Every session of this account ends at once');
    await confirm.getByRole('button', { name: 'Disable the account' }).click();
    await expect(row.getByRole('button', { name: `Enable ${username}` })).toBeVisible();

    // The disabled user is signed out and cannot sign in.
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await signIn(page, username);
    await expect(page.getByRole('alert')).toContainText('You cannot sign in with this account.');

    await row.getByRole('button', { name: `Enable ${username}` }).click();
    await expect(row.getByRole('button', { name: `Disable ${username}` })).toBeVisible();
    await signIn(page, username);
    await expect(page.getByRole('heading', { level: 1, name: 'My projects' })).toBeVisible();
  } finally {
    await adminContext.close();
  }
});

test('readable at phone width: no sideways scrolling, navigation still reachable', async ({ page, snap, expectAccessible }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await register(page, uniqueName('pia'));
  const project = (await callApi(page, 'POST', '/api/projects', { name: 'Phone check', domains: ['healthcare'], vision: SHORT_VISION })) as { id: string };
  for (const path of ['/', '/projects/new', `/projects/${project.id}`, `/projects/${project.id}/backlog`, '/settings', '/account']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `sideways scrolling on ${path}`).toBeLessThanOrEqual(0);
  }
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Phone check' })).toBeVisible();
  await snap('dashboard on a phone');
  await expectAccessible('dashboard on a phone');
  // A skip link is the first stop of the keyboard and visible when focused.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeVisible();
  // Focus is visible on every control the keyboard reaches.
  for (let stop = 0; stop < 6; stop += 1) {
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    });
    expect(outline, `focus outline of stop ${stop + 2}`).toBe('solid 3px');
  }
});

test('a refused request shows the service’s own explanation', async ({ page, request, snap }) => {
  const username = uniqueName('twin');
  await register(page, username);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();

  const answer = await request.post('/api/auth/register', {
    data: { username, email: `other-${username}@example.com`, password: PASSWORD },
  });
  expect(answer.status()).toBe(400);
  const problem = (await answer.json()) as { detail: string };
  expect(problem.detail.length).toBeGreaterThan(0);

  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel(/^User name/).fill(username);
  await page.getByLabel(/^E-mail/).fill(`third-${username}@example.com`);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByLabel(/^Repeat the password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The account was not created');
  await expect(alert).toContainText(problem.detail);
  await snap('name taken');
});
