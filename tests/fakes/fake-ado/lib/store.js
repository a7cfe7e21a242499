// In-memory state of every organisation: projects (each with its process), classification trees
// (areas and iterations), work items with their links, the recycle bin, test plans and suites.
// Ids are deterministic: work item ids count up from `first_work_item_id` per organisation in the
// order items are created (plans and suites are work items too, so they take ids from the same
// sequence, as on the service); node ids count up from 100; GUIDs derive from names.

import { DEFAULT_ITERATIONS, processByName } from './fixtures.js';
import { guidFrom } from './rand.js';

export const FIRST_NODE_ID = 100;

export class Store {
  constructor(config) {
    this.orgs = new Map();
    for (const name of config.orgs) this.orgs.set(name.toLowerCase(), new Organization(name, config));
  }

  org(name) {
    return this.orgs.get(String(name).toLowerCase()) ?? null;
  }
}

export class Organization {
  constructor(name, config) {
    this.name = name;
    this.id = guidFrom('organization', name);
    this.nextId = config.first_work_item_id;
    this.nextNodeId = FIRST_NODE_ID;
    this.nextPointId = 1;
    this.clock = 0;
    this.items = new Map(); // id → work item (deleted ones too, until destroyed)
    this.plans = new Map(); // plan id → plan
    this.suites = new Map(); // suite id → suite
    this.identity = makeIdentity(name);
    this.projects = config.projects.map((p) => this.makeProject(p));
  }

  /** A timestamp that never goes backwards and never repeats, so revisions order by date. */
  now() {
    this.clock = Math.max(Date.now(), this.clock + 1);
    return new Date(this.clock).toISOString();
  }

  allocateId() {
    const id = this.nextId;
    this.nextId += 1;
    return id;
  }

  makeProject({ name, process }) {
    const proc = processByName(process);
    const id = guidFrom('project', this.name, name);
    const project = {
      id,
      name,
      process: proc,
      description: `${proc.name} project for tests.`,
      defaultTeam: { id: guidFrom('team', this.name, name), name: `${name} Team` },
      lastUpdateTime: '2026-01-05T09:00:00.000Z',
    };
    project.areas = this.makeNode(project, 'area', name, null);
    project.iterations = this.makeNode(project, 'iteration', name, null);
    for (const sprint of DEFAULT_ITERATIONS[proc.name]) this.makeNode(project, 'iteration', sprint, project.iterations);
    return project;
  }

  project(nameOrId) {
    const key = String(nameOrId).toLowerCase();
    return this.projects.find((p) => p.name.toLowerCase() === key || p.id === key) ?? null;
  }

  projectById(id) {
    return this.projects.find((p) => p.id === id) ?? null;
  }

  // ---- classification nodes --------------------------------------------------------------------

  makeNode(project, structureType, name, parent, attributes = null) {
    const id = this.nextNodeId;
    this.nextNodeId += 1;
    const node = {
      id,
      identifier: guidFrom('node', this.name, id),
      name,
      structureType,
      parent,
      children: [],
      attributes,
      project,
    };
    if (parent) parent.children.push(node);
    return node;
  }

  /** Root of "areas" / "iterations" (also "Areas", "0", "1" as the enum values). */
  root(project, group) {
    const g = String(group).toLowerCase();
    if (g === 'areas' || g === 'area' || g === '0') return project.areas;
    if (g === 'iterations' || g === 'iteration' || g === '1') return project.iterations;
    return null;
  }

  /** The node at `names` (relative to the root), or null. Case-insensitive, as the service. */
  nodeAt(root, names) {
    let node = root;
    for (const name of names) {
      node = node.children.find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (!node) return null;
    }
    return node;
  }

  /** A work item field value ("Project\\A\\B") → node of that tree, or null. */
  nodeForFieldPath(project, structureType, value) {
    const parts = String(value)
      .split('\\')
      .filter((s) => s !== '');
    if (parts.length === 0 || parts[0].toLowerCase() !== project.name.toLowerCase()) return null;
    return this.nodeAt(structureType === 'area' ? project.areas : project.iterations, parts.slice(1));
  }

  nodeById(id) {
    for (const project of this.projects) {
      for (const root of [project.areas, project.iterations]) {
        const found = findNode(root, (n) => n.id === id);
        if (found) return found;
      }
    }
    return null;
  }

  // ---- work items ------------------------------------------------------------------------------

  /** A live (not deleted) work item, or null. */
  live(id) {
    const item = this.items.get(id);
    return item && !item.deleted ? item : null;
  }
}

export function findNode(node, predicate) {
  if (predicate(node)) return node;
  for (const child of node.children) {
    const found = findNode(child, predicate);
    if (found) return found;
  }
  return null;
}

/** Names from the root down, the root (the project name) included. */
export function nodeNames(node) {
  const names = [];
  for (let n = node; n; n = n.parent) names.unshift(n.name);
  return names;
}

/** The work item field form: "Project\\A\\B". */
export function nodeFieldPath(node) {
  return nodeNames(node).join('\\');
}

/** The node's own `path` form: "\\Project\\Area\\A\\B" (the structure type is a segment). */
export function nodeApiPath(node) {
  const [project, ...rest] = nodeNames(node);
  return `\\${[project, node.structureType === 'area' ? 'Area' : 'Iteration', ...rest].join('\\')}`;
}

function makeIdentity(org) {
  const id = guidFrom('identity', org);
  return {
    displayName: 'Fake ADO User',
    id,
    uniqueName: `fake.user@${org}.example`,
    descriptor: `aad.${Buffer.from(id).toString('base64url').slice(0, 40)}`,
  };
}
