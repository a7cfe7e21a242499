// A small backlog in the shape GET /api/projects/{id}/backlog answers, for unit tests.
import type { Backlog, Quality, Story, Task } from '../api/types';

export const good: Quality = { score: 95, findings: [], attempts: 1, needs_review: false };
export const poor: Quality = {
  score: 40,
  findings: [{ rule: 'story.ac_count', message: 'Give at least 3 acceptance criteria.', severity: 'error' }],
  attempts: 3,
  needs_review: true,
};

export function task(id: string, hours: number, points = 1): Task {
  return {
    id,
    title: `Task ${id}`,
    description: '',
    category: 'backend',
    estimate_hours: hours,
    story_points: points,
    complexity: 'Low',
    dependencies: [],
    acceptance_criteria: [],
    quality: good,
  };
}

export function story(id: string, points: number, tasks: Task[], quality: Quality = good): Story {
  return {
    id,
    title: `Story ${id}`,
    user_story: 'As a patient, I want to book online, so that I need not call.',
    description: '',
    acceptance_criteria: ['Given a, when b, then c'],
    story_points: points,
    priority: 'High',
    category: 'core',
    user_type: 'patient',
    quality,
    tasks,
    test_cases: [],
  };
}

export function backlogOf(): Backlog {
  const feature = (id: string, estimate: number, stories: Story[]) => ({
    id,
    title: `Feature ${id}`,
    description: '',
    priority: 'High',
    estimated_story_points: estimate,
    dependencies: [],
    ui_ux_requirements: [],
    technical_considerations: [],
    business_value: '',
    edge_cases: [],
    category: 'core',
    quality: good,
    stories,
  });
  return {
    project: { id: 'p1', name: 'Clinic' } as Backlog['project'],
    counts: { epics: 2, features: 3, stories: 3, tasks: 5, test_plans: 0, test_suites: 0, test_cases: 0 },
    epics: [
      {
        id: 'e1',
        title: 'Booking',
        description: '',
        priority: 'High',
        estimated_complexity: 'M',
        category: 'core',
        quality: good,
        features: [
          feature('f1', 10, [story('s1', 5, [task('t1', 4), task('t2', 2.5)]), story('s2', 3, [task('t3', 6)], poor)]),
          feature('f2', 2, [story('s3', 2, [task('t4', 1)])]),
        ],
      },
      { id: 'e2', title: 'Results', description: '', priority: 'Low', estimated_complexity: 'S', category: 'core', quality: good, features: [feature('f3', 0, [])] },
    ],
  };
}
