// The backlog tree as the review screen sees it: one node type for every kind, totals, filters.
import type { Backlog, Epic, Feature, NodeKind, Quality, Story } from '../../api/types';

export interface TreeNode {
  id: string;
  kind: NodeKind;
  title: string;
  quality: Quality;
  /** The node's own fields as the service sent them (children excluded). */
  data: Record<string, unknown>;
  children: TreeNode[];
}

const CHILD_KEYS = ['features', 'stories', 'tasks', 'test_cases', 'test_suite', 'test_plan'];

function ownFields(item: object): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (!CHILD_KEYS.includes(key)) data[key] = value;
  }
  return data;
}

function node(kind: NodeKind, item: { id: string; quality: Quality } & object, title: string, children: TreeNode[] = []): TreeNode {
  return { id: item.id, kind, title, quality: item.quality, data: ownFields(item), children };
}

function storyNode(story: Story): TreeNode {
  const children = [
    ...story.tasks.map((t) => node('task', t, t.title)),
    ...(story.test_suite ? [node('test_suite', story.test_suite, story.test_suite.name)] : []),
    ...story.test_cases.map((c) => node('test_case', c, c.title)),
  ];
  return node('story', story, story.title, children);
}

function featureNode(feature: Feature): TreeNode {
  const children = [
    ...(feature.test_plan ? [node('test_plan', feature.test_plan, feature.test_plan.name)] : []),
    ...feature.stories.map(storyNode),
  ];
  return node('feature', feature, feature.title, children);
}

export function toTree(backlog: Backlog): TreeNode[] {
  return backlog.epics.map((epic: Epic) => node('epic', epic, epic.title, epic.features.map(featureNode)));
}

export function findNode(roots: TreeNode[], id: string): { node: TreeNode; path: TreeNode[] } | null {
  for (const root of roots) {
    if (root.id === id) return { node: root, path: [] };
    const below = findNode(root.children, id);
    if (below) return { node: below.node, path: [root, ...below.path] };
  }
  return null;
}

export function countDescendants(node: TreeNode): number {
  return node.children.reduce((sum, child) => sum + 1 + countDescendants(child), 0);
}

export interface Filter {
  needsReviewOnly: boolean;
  withFindingsOnly: boolean;
  text: string;
}

export const NO_FILTER: Filter = { needsReviewOnly: false, withFindingsOnly: false, text: '' };

export function isFiltering(filter: Filter): boolean {
  return filter.needsReviewOnly || filter.withFindingsOnly || filter.text.trim() !== '';
}

export function matches(node: TreeNode, filter: Filter): boolean {
  if (filter.needsReviewOnly && !node.quality.needs_review) return false;
  if (filter.withFindingsOnly && node.quality.findings.length === 0) return false;
  const text = filter.text.trim().toLowerCase();
  if (text && !node.title.toLowerCase().includes(text)) return false;
  return true;
}

/** The nodes that match, with their ancestors kept for context (and nothing else). */
export function filterTree(roots: TreeNode[], filter: Filter): TreeNode[] {
  if (!isFiltering(filter)) return roots;
  const keep = (n: TreeNode): TreeNode | null => {
    const children = n.children.map(keep).filter((c): c is TreeNode => c !== null);
    if (matches(n, filter) || children.length > 0) return { ...n, children };
    return null;
  };
  return roots.map(keep).filter((n): n is TreeNode => n !== null);
}

export function countMatching(roots: TreeNode[], filter: Filter): number {
  let count = 0;
  const walk = (n: TreeNode) => {
    if (matches(n, filter)) count += 1;
    n.children.forEach(walk);
  };
  roots.forEach(walk);
  return count;
}

// ---- effort ----

export interface Effort {
  stories: number;
  storyPoints: number;
  tasks: number;
  hours: number;
}

const ZERO: Effort = { stories: 0, storyPoints: 0, tasks: 0, hours: 0 };

function add(a: Effort, b: Effort): Effort {
  return { stories: a.stories + b.stories, storyPoints: a.storyPoints + b.storyPoints, tasks: a.tasks + b.tasks, hours: a.hours + b.hours };
}

export function storyEffort(story: Story): Effort {
  return {
    stories: 1,
    storyPoints: story.story_points || 0,
    tasks: story.tasks.length,
    hours: story.tasks.reduce((sum, t) => sum + (t.estimate_hours || 0), 0),
  };
}

export function featureEffort(feature: Feature): Effort {
  return feature.stories.map(storyEffort).reduce(add, ZERO);
}

export function epicEffort(epic: Epic): Effort {
  return epic.features.map(featureEffort).reduce(add, ZERO);
}

export interface EffortRow {
  id: string;
  level: 'epic' | 'feature';
  title: string;
  effort: Effort;
  /** Features' own estimate, to compare with the stories' sum. */
  estimatedPoints?: number;
}

export function effortRows(backlog: Backlog): EffortRow[] {
  const rows: EffortRow[] = [];
  for (const epic of backlog.epics) {
    rows.push({ id: epic.id, level: 'epic', title: epic.title, effort: epicEffort(epic) });
    for (const feature of epic.features) {
      rows.push({
        id: feature.id,
        level: 'feature',
        title: feature.title,
        effort: featureEffort(feature),
        estimatedPoints: feature.estimated_story_points,
      });
    }
  }
  return rows;
}

export interface LevelTotal {
  level: string;
  count: number;
  storyPoints: number | null;
  hours: number | null;
}

/** Count, story points and hours for each level of the tree. */
export function levelTotals(backlog: Backlog): LevelTotal[] {
  const features = backlog.epics.flatMap((e) => e.features);
  const stories = features.flatMap((f) => f.stories);
  const tasks = stories.flatMap((s) => s.tasks);
  const hours = tasks.reduce((sum, t) => sum + (t.estimate_hours || 0), 0);
  const storyPoints = stories.reduce((sum, s) => sum + (s.story_points || 0), 0);
  return [
    { level: 'Epics', count: backlog.epics.length, storyPoints, hours },
    { level: 'Features (their own estimates)', count: features.length, storyPoints: features.reduce((s, f) => s + (f.estimated_story_points || 0), 0), hours: null },
    { level: 'User stories', count: stories.length, storyPoints, hours },
    { level: 'Tasks', count: tasks.length, storyPoints: tasks.reduce((s, t) => s + (t.story_points || 0), 0), hours },
    { level: 'Test cases', count: stories.reduce((s, st) => s + st.test_cases.length, 0), storyPoints: null, hours: null },
  ];
}
