import { callApi, expect, register, SHORT_VISION, test, uniqueName } from './support/fixtures';

const LIMITS = { max_epics: 1, max_features_per_epic: 1, max_stories_per_feature: 1, max_tasks_per_story: 1, max_test_cases_per_story: 1 };

test('the dashboard lists projects page by page with their latest job; a running generation can be cancelled', async ({ page, stack, snap, expectAccessible }) => {
  await register(page, uniqueName('dana'));
  const ids: string[] = [];
  for (let i = 1; i <= 11; i += 1) {
    const project = (await callApi(page, 'POST', '/api/projects', {
      name: `Clinic portal ${String(i).padStart(2, '0')}`,
      domains: ['healthcare'],
      vision: SHORT_VISION,
      limits: LIMITS,
    })) as { id: string };
    ids.push(project.id);
  }
  await stack.configureLlm({ latency_ms: 3000 });
  try {
    const job = (await callApi(page, 'POST', `/api/projects/${ids[10]}/jobs`, {})) as { id: string };
    await page.goto('/');
    const pages = page.getByRole('navigation', { name: 'Project pages' });
    const projectRows = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^Clinic portal/ }) });
    await expect(pages.getByText('Page 1 of 2')).toBeVisible();
    await expect(projectRows).toHaveCount(10);
    const names = await projectRows.getByRole('link', { name: /^Clinic portal/ }).allInnerTexts();
    await pages.getByRole('button', { name: 'Next' }).click();
    await expect(pages.getByText('Page 2 of 2')).toBeVisible();
    await expect(projectRows).toHaveCount(1);
    names.push(...(await projectRows.getByRole('link', { name: /^Clinic portal/ }).allInnerTexts()));
    expect(names.sort()).toEqual(Array.from({ length: 11 }, (_, i) => `Clinic portal ${String(i + 1).padStart(2, '0')}`));

    // The running project's row shows its job, whichever page it is on.
    const running = page.getByRole('row').filter({ hasText: 'Clinic portal 11' });
    if ((await running.count()) === 0) await pages.getByRole('button', { name: 'Previous' }).click();
    await expect(running.getByText('Running')).toBeVisible();
    await expect(running.getByRole('progressbar', { name: /^Clinic portal 11: \d+ of \d+ steps$/ })).toBeVisible();
    await snap('dashboard with a running job');
    await expectAccessible('dashboard with projects');

    await running.getByRole('link', { name: /Running/ }).click();
    await expect(page).toHaveURL(new RegExp(`/jobs/${job.id}$`));
    await page.getByRole('button', { name: 'Cancel generation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this job?' });
    await expect(dialog).toBeVisible();
    await snap('cancel confirmation');
    await dialog.getByRole('button', { name: 'Cancel the job' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The job was cancelled. What it had made so far is kept.' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('button', { name: 'Cancel generation' })).toHaveCount(0);
    await snap('cancelled');

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect(pages.getByText('Page 1 of 2')).toBeVisible();
    if ((await running.count()) === 0) await pages.getByRole('button', { name: 'Next' }).click();
    await expect(running.getByText('Cancelled')).toBeVisible();
  } finally {
    await stack.configureLlm({ latency_ms: 120 });
  }
});
