import { render, screen, within } from '@testing-library/react';
import { applyEvent, emptyLiveJob, type JobEvent } from './jobEvents';
import { JobProgressPanel } from './JobProgressPanel';

const events: JobEvent[] = [
  { id: 1, type: 'state', data: { state: 'running' } },
  { id: 2, type: 'node', data: { id: 'e1', kind: 'epic', parent_id: '', title: 'Online booking' } },
  { id: 3, type: 'node', data: { id: 'f1', kind: 'feature', parent_id: 'e1', title: 'Choose a slot' } },
  {
    id: 4,
    type: 'progress',
    data: {
      done: 3,
      total: 12,
      steps: { epics: { done: 1, total: 1 }, features: { done: 1, total: 2 } },
      elapsed_s: 42,
      eta_s: 125,
      needs_review: 2,
      usage: { calls: 3, prompt_tokens: 1500, completion_tokens: 734, cost_usd: 0.0123 },
    },
  },
  { id: 5, type: 'step', data: { step: 's7', kind: 'stories', state: 'failed', error: 'the provider refused the request' } },
];

describe('the progress of a generation', () => {
  it('shows counts per level, time left, tokens, cost and warnings', () => {
    const live = events.reduce(applyEvent, emptyLiveJob());
    render(<JobProgressPanel live={live} connection="live" />);
    expect(screen.getByText('3 of 12 generation steps done (25%)')).toBeInTheDocument();
    const stat = (name: string) => screen.getByText(name).nextElementSibling;
    expect(stat('Time left (estimate)')).toHaveTextContent('2 min 5 s');
    expect(stat('Elapsed')).toHaveTextContent('42 s');
    expect(stat('Tokens')).toHaveTextContent('2,234');
    expect(stat('Cost')).toHaveTextContent('$0.01');
    expect(stat('Model calls')).toHaveTextContent('3');
    const levels = screen.getByRole('table', { name: 'Items per level' });
    expect(within(levels).getByRole('row', { name: /^Epics/ })).toHaveTextContent('Epics11 / 1');
    expect(within(levels).getByRole('row', { name: /^Features/ })).toHaveTextContent('Features11 / 2');
    expect(within(levels).getByRole('row', { name: /^User stories/ })).toHaveTextContent('User stories0—');
    const warnings = screen.getByRole('region', { name: 'Warnings' });
    expect(warnings).toHaveTextContent('2 items still failed the quality rules after every attempt and need your review.');
    expect(warnings).toHaveTextContent('A step failed (stories): the provider refused the request');
    expect(screen.getByText('Live')).toBeInTheDocument();
  });

  it('says when the connection is lost and being re-established', () => {
    render(<JobProgressPanel live={emptyLiveJob()} connection="reconnecting" />);
    expect(screen.getByText('Connection lost, reconnecting…')).toBeInTheDocument();
    expect(screen.getByText('Waiting for the first step…')).toBeInTheDocument();
  });
});
