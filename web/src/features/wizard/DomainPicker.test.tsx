import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useReducer } from 'react';
import type { Domain } from '../../api/types';
import { DomainPicker } from './DomainPicker';
import { initialWizard, wizardReducer } from './wizardState';

const DOMAINS: Domain[] = [
  { key: 'healthcare', name: 'Healthcare', description: 'Care delivery and patient engagement.' },
  { key: 'insurance', name: 'Insurance', description: 'Policies, claims and underwriting.' },
  { key: 'retail', name: 'Retail', description: 'Stores, stock and customers.' },
  { key: 'education', name: 'Education', description: 'Schools, courses and learners.' },
];

function Harness() {
  const [state, dispatch] = useReducer(wizardReducer, initialWizard);
  return (
    <DomainPicker
      domains={DOMAINS}
      selected={state.domains}
      onToggle={(key) => dispatch({ type: 'toggleDomain', key })}
      onMove={(key, by) => dispatch({ type: 'moveDomain', key, by })}
      onMakePrimary={(key) => dispatch({ type: 'makePrimary', key })}
    />
  );
}

describe('the domain picker', () => {
  it('searches names and descriptions, and says how many match', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByLabelText('Search domains'), 'claims');
    expect(screen.getByText('1 of 4 domains shown.')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Insurance' })).toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: 'Retail' })).not.toBeInTheDocument();
    await user.clear(screen.getByLabelText('Search domains'));
    await user.type(screen.getByLabelText('Search domains'), 'space travel');
    expect(screen.getByText('No domain matches “space travel”.')).toBeInTheDocument();
  });

  it('takes three at most, the first as primary, and lets another become primary', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    for (const name of ['Retail', 'Healthcare', 'Insurance']) await user.click(screen.getByRole('checkbox', { name }));
    expect(screen.getByRole('checkbox', { name: 'Education' })).toBeDisabled();
    expect(screen.getByText(/Three are chosen: remove one to choose another\./)).toBeInTheDocument();
    const chosen = screen.getByRole('region', { name: 'Chosen domains (3 of 3)' });
    expect(within(chosen).getAllByRole('listitem').map((li) => li.textContent?.replace(/(Make .*)?↑↓Remove$/, '').trim())).toEqual([
      'Primary Retail',
      'Secondary Healthcare',
      'Third Insurance',
    ]);
    await user.click(within(chosen).getByRole('button', { name: 'Make Insurance primary' }));
    expect(within(chosen).getAllByRole('listitem')[0]).toHaveTextContent('Primary Insurance');
    await user.click(within(chosen).getByRole('button', { name: 'Remove Retail' }));
    expect(screen.getByRole('checkbox', { name: 'Education' })).toBeEnabled();
  });
});
