// Pushing a generated backlog to Azure DevOps, against the Azure DevOps emulator: the connection
// saved and tested in Settings, the push followed live on the project page, each item with its
// work item id and link, the past pushes and a push's items, and the removal of what it created.
import { callApi, expect, register, SHORT_VISION, test, uniqueName } from './support/fixtures';
import { FAKE_ADO_PAT, FAKE_ADO_PROJECT } from './support/servers';

const LIMITS = { max_epics: 1, max_features_per_epic: 1, max_stories_per_feature: 2, max_tasks_per_story: 1, max_test_cases_per_story: 1 };

test('push a generated backlog to Azure DevOps and see the tracker ids', async ({ page, stack, snap, expectAccessible }) => {
  test.setTimeout(120_000);
  await register(page, uniqueName('pat'));

  const project = (await callApi(page, 'POST', '/api/projects', {
    name: 'Clinic bookings',
    domains: ['healthcare'],
    vision: SHORT_VISION,
    limits: LIMITS,
    include_test_artifacts: true,
  })) as { id: string };

  await test.step('no connection yet: the project page links to Settings', async () => {
    const job = (await callApi(page, 'POST', `/api/projects/${project.id}/jobs`, {})) as { id: string };
    await expect
      .poll(async () => ((await callApi(page, 'GET', `/api/jobs/${job.id}`)) as { state: string }).state, { timeout: 60_000 })
      .toMatch(/^completed/);
    await page.goto(`/projects/${project.id}`);
    const panel = page.getByRole('region', { name: 'Azure DevOps' });
    await expect(panel.getByText('No Azure DevOps connection yet.')).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Push to Azure DevOps' })).toBeDisabled();
    await expect(panel.getByText('Nothing pushed yet.')).toBeVisible();
    await panel.getByRole('link', { name: 'Set one up in Settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  });

  await test.step('settings: save the connection, the token write-only, and test it', async () => {
    const form = page.getByRole('form', { name: 'Azure DevOps connection' });
    await expect(form.getByText('Not set')).toBeVisible();
    await form.getByLabel(/^Organization URL/).fill(stack.adoOrgUrl);
    await form.getByLabel(/^Project/).fill(FAKE_ADO_PROJECT);
    await form.getByLabel(/^Personal access token/).fill('not-the-right-token');
    await form.getByRole('button', { name: 'Test connection' }).click();
    const section = page.getByRole('region', { name: 'Azure DevOps connection' });
    await expect(section.getByRole('alert').filter({ hasText: 'The connection does not work' })).toBeVisible();

    await form.getByLabel(/^Personal access token/).fill(FAKE_ADO_PAT);
    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect(form.getByText('Connection saved.')).toBeVisible();
    await expect(form.getByText('Set', { exact: true })).toBeVisible();
    await expect(form.getByLabel(/^Replace the access token/)).toHaveValue('');
    await expect(page.getByText(FAKE_ADO_PAT)).toHaveCount(0);

    await form.getByRole('button', { name: 'Test connection' }).click();
    const result = section.getByRole('status', { name: 'Connection test result' });
    await expect(result).toContainText(`Connected to Azure DevOps project "${FAKE_ADO_PROJECT}".`);
    await expect(result).toContainText('Process: Agile');
    await expect(result).toContainText('stories User Story');
    await expect(result).toContainText('Test Plans: available');
    await snap('tracker connection tested');
    await expectAccessible('settings with the Azure DevOps connection');
  });

  await test.step('push, follow it live and see every item with its work item link', async () => {
    await page.goto(`/projects/${project.id}`);
    const panel = page.getByRole('region', { name: 'Azure DevOps' });
    await expect(panel).toContainText(`project ${FAKE_ADO_PROJECT}`);
    await panel.getByRole('button', { name: 'Push to Azure DevOps' }).click();
    await expect(panel.getByRole('status').filter({ hasText: /Done: \d+ work items created\./ })).toBeVisible({ timeout: 60_000 });
    const items = panel.getByRole('list', { name: 'Items pushed so far' }).getByRole('listitem');
    // 1 epic, 1 feature, 2 stories, 2 tasks, 2 test cases, and a test plan and two suites.
    await expect(items).toHaveCount(11);
    const created = Number(await panel.getByTestId('push-created').innerText());
    expect(created).toBe(11);
    await expect(panel.getByTestId('push-failed')).toHaveText('0');
    const links = panel.getByRole('list', { name: 'Items pushed so far' }).getByRole('link', { name: /^#\d+$/ });
    await expect(links.first()).toBeVisible();
    expect(await links.count()).toBeGreaterThanOrEqual(8);
    expect(await links.first().getAttribute('href')).toContain('127.0.0.1');
    await snap('pushed');
    await expectAccessible('project page after a push');
  });

  await test.step('past pushes, a push’s items, and removing what it created', async () => {
    const panel = page.getByRole('region', { name: 'Azure DevOps' });
    const pushes = panel.getByRole('table', { name: 'Past pushes' });
    await expect(pushes.getByRole('row')).toHaveCount(2);
    await expect(pushes).toContainText('11 created of 11');
    await pushes.getByRole('button', { name: 'Show items' }).click();
    const detail = panel.getByRole('table', { name: 'Items of the push' });
    await expect(detail.getByRole('row')).toHaveCount(12);
    await expect(detail.getByRole('link', { name: /^#\d+$/ }).first()).toBeVisible();
    await snap('push detail');
    await expectAccessible('push detail');

    await panel.getByRole('button', { name: 'Remove what this push created' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove what this push created?' });
    await expect(dialog).toContainText('recycle bin');
    await snap('remove confirmation');
    await dialog.getByRole('button', { name: 'Remove from Azure DevOps' }).click();
    await expect(panel.getByRole('status').filter({ hasText: /Removed \d+ items\./ })).toBeVisible({ timeout: 60_000 });
    await expect(pushes).toContainText('Removed');
    await expect(pushes).toContainText('11 removed of 11');
    await snap('push removed');
  });
});
