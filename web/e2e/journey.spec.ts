import { readFile } from 'node:fs/promises';
import { test, expect, register, uniqueName } from './support/fixtures';

const VISION =
  'Riverside Health Portal lets patients of Riverside Clinic book appointments online, see their lab results ' +
  'and message their practitioner securely. Front-desk staff spend less time on the phone; success is measured ' +
  'by halving phone bookings within six months and a patient satisfaction score above 4.5 of 5.';

test('a new user creates a project, generates its backlog, reviews, edits and exports it', async ({ page, stack, snap, expectAccessible }) => {
  test.setTimeout(150_000);
  const username = uniqueName('ann');

  await test.step('register and see the empty dashboard', async () => {
    await register(page, username);
    await expect(page.getByRole('heading', { name: 'No projects yet' })).toBeVisible();
    await snap('empty dashboard');
    await expectAccessible('dashboard');
  });

  await test.step('the wizard: name', async () => {
    await page.getByRole('link', { name: 'Create your first project' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New project' })).toBeVisible();
    await page.getByLabel(/^Project name/).fill('Riverside Health Portal');
    await page.getByLabel(/^Target users/).fill('patients, front-desk staff and practitioners');
    await snap('wizard name');
    await expectAccessible('new project: name');
    await page.getByRole('button', { name: 'Next' }).click();
  });

  await test.step('the wizard: domains, searchable, primary first', async () => {
    await page.getByLabel('Search domains').fill('health');
    await expect(page.getByText('1 of 31 domains shown')).toBeVisible();
    await page.getByLabel('Healthcare').check();
    await page.getByLabel('Search domains').fill('insur');
    await page.getByRole('checkbox').first().check();
    await snap('wizard domains');
    await expectAccessible('new project: domains');
    await page.getByRole('button', { name: 'Next' }).click();
  });

  await test.step('the wizard: vision, its quality check and an optimized version', async () => {
    await page.getByLabel(/^Product vision/).fill(VISION);
    await page.getByRole('button', { name: 'Check quality' }).click();
    await expect(page.getByText(/score/i).first()).toBeVisible();
    await snap('vision checked');
    await expectAccessible('new project: vision');
    await page.getByRole('button', { name: 'Optimize vision' }).click();
    await expect(page.getByRole('heading', { name: 'Optimized vision: before and after' })).toBeVisible({ timeout: 30_000 });
    await snap('vision optimized');
    const after = (await page.locator('.compare blockquote').nth(1).innerText()).trim();
    await page.getByRole('button', { name: 'Use the optimized vision' }).click();
    await expect(page.getByLabel(/^Product vision/)).toHaveValue(after);
    // The emulator's rewrite is terse; the user goes back to their own words and checks again.
    await page.getByLabel(/^Product vision/).fill(VISION);
    await expect(page.getByText('The vision changed since this check')).toBeVisible();
    await page.getByRole('button', { name: 'Check quality' }).click();
    await expect(page.getByText('The vision changed since this check')).toBeHidden();
    await page.getByRole('button', { name: 'Next' }).click();
  });

  await test.step('the wizard: limits and test artefacts', async () => {
    await page.getByLabel(/^Epics/).fill('2');
    await page.getByLabel(/^Features per epic/).fill('2');
    await page.getByLabel(/^User stories per feature/).fill('2');
    await page.getByLabel(/^Tasks per story/).fill('2');
    await page.getByLabel(/^Test cases per story/).fill('2');
    await expect(page.getByText('At most 2 epics, 4 features, 8 stories, 16 tasks and 16 test cases.')).toBeVisible();
    await snap('wizard limits');
    await expectAccessible('new project: limits');
    // Slow model answers, so the generation can be watched and interrupted.
    await stack.configureLlm({ latency_ms: 2500 });
    await page.getByRole('button', { name: 'Create project and generate backlog' }).click();
  });

  await test.step('live generation: counts fill in, items appear, reload resumes the stream', async () => {
    await expect(page.getByRole('heading', { level: 1, name: 'Backlog generation: Riverside Health Portal' })).toBeVisible();
    await expect(page.getByTestId('count-epic')).toHaveText('2');
    const items = page.getByRole('region', { name: 'Items so far' }).getByRole('listitem');
    await expect(items).toHaveCount(2);
    await expect(page.getByText('Tokens')).toBeVisible();
    await snap('generation running');
    await expectAccessible('live generation');
    // Still mid-way: no story written yet.
    await expect(page.getByTestId('count-story')).toHaveText('0');
    await expect(page.getByRole('button', { name: 'Cancel generation' })).toBeEnabled();

    await page.reload();
    // After the reload the page replays what happened and keeps following the job live.
    await expect(page.getByTestId('count-epic')).toHaveText('2');
    await expect(page.getByTestId('count-feature')).toHaveText('4');
    await expect(page.getByTestId('count-story')).not.toHaveText('0');
    await expect(page.getByText('Live', { exact: true })).toBeVisible();
    await snap('generation after reload');
    await stack.configureLlm({ latency_ms: 0 });
    await expect(page.getByRole('status').filter({ hasText: /Completed/ })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('count-story')).toHaveText('8');
    await expect(page.getByTestId('count-task')).toHaveText('16');
    await expect(page.getByTestId('count-test_case')).toHaveText('16');
    await snap('generation finished');
  });

  await test.step('review: tree, totals, edit a story and see it re-checked', async () => {
    await page.getByRole('link', { name: 'Review the backlog' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Backlog: Riverside Health Portal' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Totals' })).toBeVisible();
    await page.getByRole('button', { name: 'Expand all' }).click();
    await snap('backlog');
    await expectAccessible('backlog review');
    await page.getByRole('button', { name: /^User story/ }).first().click();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const editor = page.getByRole('form', { name: 'Edit item' });
    await editor.getByLabel(/^Title/).fill('Book an appointment online');
    const criteria = editor.getByRole('textbox', { name: /^Criterion \d+$/ });
    const count = await criteria.count();
    await editor.getByRole('button', { name: 'Add criterion' }).click();
    await expect(criteria).toHaveCount(count + 1);
    await editor.getByRole('textbox', { name: `Criterion ${count + 1}` }).fill('Given a booked slot, when the patient cancels, then the slot is free again');
    await snap('story being edited');
    await expectAccessible('item editor');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The quality rules checked it again: score' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: /Book an appointment online/ })).toBeVisible();
    await expect(page.getByText('Given a booked slot, when the patient cancels, then the slot is free again')).toBeVisible();
    await snap('story saved');
  });

  await test.step('regenerate one task with instructions', async () => {
    const task = page.getByRole('button', { name: /^Task/ }).first();
    await task.click();
    const before = await page.getByRole('heading', { level: 2 }).filter({ hasText: /^Task/ }).innerText();
    await page.getByRole('button', { name: 'Regenerate', exact: true }).click();
    await page.getByLabel(/^Instructions for the model/).fill('Mention the appointment reminder e-mail.');
    // A slow answer keeps the job running long enough to be seen.
    await stack.configureLlm({ latency_ms: 2000 });
    await page.getByRole('button', { name: 'Regenerate', exact: true }).click();
    const progress = page.getByRole('region', { name: 'Job in progress' });
    await expect(progress).toBeVisible();
    await expect(progress.getByText('A job is changing this backlog…')).toBeVisible();
    await snap('task regenerating');
    await stack.configureLlm({ latency_ms: 0 });
    await expect(page.getByText('The job finished; the backlog below is up to date.')).toBeVisible({ timeout: 30_000 });
    await expect(progress).toBeHidden();
    await expect(page.getByRole('heading', { level: 2 }).filter({ hasText: /^Task/ })).not.toHaveText(before);
    await snap('task regenerated');
  });

  await test.step('filter the tree, and delete a test case after confirming', async () => {
    const tree = page.getByRole('navigation', { name: 'Backlog items' });
    await page.getByRole('searchbox', { name: 'Title contains' }).fill('appointment online');
    await expect(tree.getByRole('button', { name: /^User story/ })).toHaveCount(1);
    await expect(tree.getByRole('button', { name: /^Task/ })).toHaveCount(0);
    await page.getByRole('searchbox', { name: 'Title contains' }).fill('');
    const testCases = tree.getByRole('button', { name: /^Test case/ });
    const before = await testCases.count();
    const victim = testCases.first();
    const title = (await victim.locator('.tree-title').innerText()).trim();
    await victim.click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this test case?' });
    await expect(dialog).toContainText(`“${title}” is deleted. This cannot be undone.`);
    await snap('delete confirmation');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(testCases).toHaveCount(before - 1);
  });

  await test.step('export: every format downloads', async () => {
    for (const [label, pattern] of [
      ['JSON', /\.json$/],
      ['YAML', /\.ya?ml$/],
      ['Markdown', /\.md$/],
      ['Azure DevOps CSV', /\.csv$/],
      ['Jira CSV', /\.csv$/],
    ] as const) {
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: `Download ${label}` }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(pattern);
      const text = await readFile((await download.path())!, 'utf8');
      expect(text).toContain('Book an appointment online');
    }
    await expect(page.getByRole('status').filter({ hasText: /^Downloaded / })).toBeVisible();
    await snap('exported');
  });
});

test.afterEach(async ({ stack }) => {
  await stack.configureLlm({ latency_ms: 120 });
});
