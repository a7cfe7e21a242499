import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { UserTrackerSettings } from '../../api/types';
import { json, renderScreen, stubApi } from '../../test/render';
import { TrackerConnectionForm } from './TrackerConnectionForm';
import { clearPatChange, hasMissingPath, settingsChange } from './trackerForm';

const saved: UserTrackerSettings = {
  settings: {
    organization_url: 'https://dev.azure.com/contoso',
    project: 'Shop',
    area_path: '',
    iteration_path: '',
    pat: 'set',
    source: 'user',
  },
  server_default: null,
};

describe('the PAT in the connection form', () => {
  it('is sent only when a new one was typed, and clearing sends an empty one', () => {
    const values = { organization_url: ' https://dev.azure.com/contoso ', project: 'Shop', area_path: '', iteration_path: '', pat: '' };
    expect(settingsChange(values)).toEqual({ organization_url: 'https://dev.azure.com/contoso', project: 'Shop', area_path: '', iteration_path: '' });
    expect(settingsChange({ ...values, pat: '  secret-token ' }).pat).toBe('secret-token');
    expect(clearPatChange()).toEqual({ pat: '' });
  });

  it('recognises the warning about a missing path', () => {
    expect(hasMissingPath(['Area path "Shop\\Web" does not exist yet; test again with create_missing_paths to create it.'])).toBe(true);
    expect(hasMissingPath(['No Test Plans access.'])).toBe(false);
    expect(hasMissingPath(undefined)).toBe(false);
  });

  it('shows a stored token as set, never fills it in, and saves or clears it', async () => {
    const bodies: unknown[] = [];
    stubApi({
      'PUT /api/settings/tracker': (init) => {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        bodies.push(body);
        return json(200, { settings: { ...saved.settings, pat: body.pat === '' ? 'not set' : 'set' } });
      },
    });
    const user = userEvent.setup();
    renderScreen(<TrackerConnectionForm current={saved} />);
    expect(screen.getByText('Set')).toBeInTheDocument();
    const token = screen.getByLabelText('Replace the access token');
    expect(token).toHaveValue('');
    expect(token).toHaveAttribute('type', 'password');

    await user.click(screen.getByRole('button', { name: 'Save connection' }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).not.toHaveProperty('pat');

    await user.type(token, 'a-new-token');
    await user.click(screen.getByRole('button', { name: 'Save connection' }));
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toMatchObject({ pat: 'a-new-token', project: 'Shop' });
    await waitFor(() => expect(screen.getByLabelText('Replace the access token')).toHaveValue(''));

    await user.click(screen.getByRole('button', { name: 'Clear access token' }));
    await waitFor(() => expect(bodies).toHaveLength(3));
    expect(bodies[2]).toEqual({ pat: '' });
    expect(await screen.findByText('Access token cleared.')).toBeInTheDocument();
  });

  it('explains a failed test in the service’s words and offers to create a missing path', async () => {
    let answer: unknown = { ok: false, problem: 'bad_pat', message: 'Azure DevOps refused the token: it is wrong or expired.', tested: saved.settings };
    const bodies: unknown[] = [];
    stubApi({
      'POST /api/tracker/azure-devops/test': (init) => {
        bodies.push(JSON.parse(String(init.body)));
        return json(200, answer);
      },
    });
    const user = userEvent.setup();
    renderScreen(<TrackerConnectionForm current={saved} />);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Azure DevOps refused the token: it is wrong or expired.')).toBeInTheDocument();
    expect(bodies[0]).not.toHaveProperty('pat');

    answer = {
      ok: true,
      message: 'Connected to Azure DevOps project "Shop".',
      tested: saved.settings,
      project: { id: 'p', name: 'Shop' },
      process: {
        name: 'Agile',
        types: { epic: 'Epic', feature: 'Feature', story: 'User Story', task: 'Task', test_case: 'Test Case' },
        story_estimate_field: 'Microsoft.VSTS.Scheduling.StoryPoints',
        task_original_estimate: true,
        notes: ['Stories become User Story with Story Points.'],
      },
      test_plans: true,
      area_paths: ['Shop'],
      iteration_paths: ['Shop'],
      created_paths: [],
      warnings: ['Iteration path "Shop\\Sprint 9" does not exist yet; test again with create_missing_paths to create it.'],
    };
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Connected to Azure DevOps project "Shop".')).toBeInTheDocument();
    expect(screen.getByText(/Process:/)).toHaveTextContent('stories User Story');
    expect(screen.getByText(/Test Plans: available/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create the missing paths' }));
    await waitFor(() => expect(bodies).toHaveLength(3));
    expect(bodies[2]).toMatchObject({ create_missing_paths: true });
  });
});
