import { callApi, expect, register, SHORT_VISION, test, uniqueName } from './support/fixtures';

test("a second user cannot see the first user's project", async ({ browser, page, baseURL, snap, expectAccessible }) => {
  await register(page, uniqueName('owner'));
  const project = (await callApi(page, 'POST', '/api/projects', {
    name: 'Private clinic portal',
    domains: ['healthcare'],
    vision: SHORT_VISION,
  })) as { id: string };
  await page.goto(`/projects/${project.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Private clinic portal' })).toBeVisible();

  const other = await browser.newContext({ baseURL });
  try {
    const intruder = await other.newPage();
    await register(intruder, uniqueName('intruder'));
    await expect(intruder.getByRole('heading', { name: 'No projects yet' })).toBeVisible();
    await expect(intruder.getByText('Private clinic portal')).toHaveCount(0);

    for (const path of [`/projects/${project.id}`, `/projects/${project.id}/backlog`]) {
      await intruder.goto(path);
      await expect(intruder.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
      await expect(intruder.getByText('does not exist, or it is not yours to see')).toBeVisible();
      await expect(intruder.getByText('Private clinic portal')).toHaveCount(0);
    }
    await snap('intruder sees not found', intruder);
    await expectAccessible('not found', intruder);
  } finally {
    await other.close();
  }
  await snap('owner still sees it');
  await expectAccessible('project');
});
