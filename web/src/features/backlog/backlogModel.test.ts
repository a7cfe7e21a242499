import { backlogOf } from '../../test/backlogFixture';
import { countDescendants, countMatching, effortRows, filterTree, findNode, levelTotals, NO_FILTER, toTree } from './backlogModel';

describe('the backlog model', () => {
  const backlog = backlogOf();
  const roots = toTree(backlog);

  it('builds the epic → feature → story → task tree', () => {
    expect(roots.map((r) => r.title)).toEqual(['Booking', 'Results']);
    const s1 = findNode(roots, 's1')!;
    expect(s1.node.children.map((c) => c.kind)).toEqual(['task', 'task']);
    expect(s1.path.map((p) => p.id)).toEqual(['e1', 'f1']);
    expect(s1.node.data).not.toHaveProperty('tasks');
    expect(countDescendants(roots[0]!)).toBe(2 + 3 + 4);
  });

  it('adds up story points and hours per level', () => {
    const totals = Object.fromEntries(levelTotals(backlog).map((t) => [t.level, t]));
    expect(totals['Epics']).toMatchObject({ count: 2, storyPoints: 10, hours: 13.5 });
    expect(totals['Features (their own estimates)']).toMatchObject({ count: 3, storyPoints: 12, hours: null });
    expect(totals['User stories']).toMatchObject({ count: 3, storyPoints: 10 });
    expect(totals['Tasks']).toMatchObject({ count: 4, storyPoints: 4, hours: 13.5 });
  });

  it('gives effort per epic and per feature for the chart', () => {
    const rows = effortRows(backlog);
    expect(rows.map((r) => `${r.level}:${r.id}`)).toEqual(['epic:e1', 'feature:f1', 'feature:f2', 'epic:e2', 'feature:f3']);
    expect(rows[0]!.effort).toEqual({ stories: 3, storyPoints: 10, tasks: 4, hours: 13.5 });
    expect(rows[1]!.effort.hours).toBe(12.5);
    expect(rows[1]!.estimatedPoints).toBe(10);
    expect(rows[3]!.effort).toEqual({ stories: 0, storyPoints: 0, tasks: 0, hours: 0 });
  });

  it('filters to items needing review, keeping their ancestors for context', () => {
    const filter = { ...NO_FILTER, needsReviewOnly: true };
    const shown = filterTree(roots, filter);
    expect(shown.map((r) => r.id)).toEqual(['e1']);
    expect(shown[0]!.children.map((f) => f.id)).toEqual(['f1']);
    expect(shown[0]!.children[0]!.children.map((s) => s.id)).toEqual(['s2']);
    expect(countMatching(roots, filter)).toBe(1);
  });

  it('filters by title text, case-insensitively, and shows everything without a filter', () => {
    expect(countMatching(roots, { ...NO_FILTER, text: 'task T4' })).toBe(1);
    expect(filterTree(roots, NO_FILTER)).toBe(roots);
  });
});
