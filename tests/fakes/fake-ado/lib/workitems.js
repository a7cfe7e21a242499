// Work items: JSON Patch documents applied to a draft, the rules checked on the draft, links kept
// in pairs (adding one side shows the inverse on the other item), and the rendering of an item the
// way the REST API returns it. Creates and updates are all-or-nothing: a draft that breaks a rule
// leaves the store untouched.

import {
  AdoError,
  badRequest,
  fieldNotFound,
  invalidTreePath,
  revConflict,
  ruleError,
  workItemNotFound,
} from './errors.js';
import { FIELDS, relationType } from './fixtures.js';
import { guidFrom } from './rand.js';
import { nodeFieldPath } from './store.js';

export const LIMITS = Object.freeze({
  titleLength: 255,
  stringLength: 255,
  longTextLength: 1_048_576,
  tagLength: 400,
  tagsPerItem: 100,
  linksPerItem: 1000,
  revisions: 10_000,
});

const OP_NAMES = ['add', 'remove', 'replace', 'move', 'copy', 'test'];
const EXPANDS = ['none', 'relations', 'fields', 'links', 'all'];

/** $expand as the API takes it: a name in any case, or the client's numeric enum (0–4). */
export function parseExpand(value) {
  if (value === undefined || value === null || value === '') return 'none';
  const text = String(value).trim().toLowerCase();
  if (/^[0-4]$/.test(text)) return EXPANDS[Number(text)];
  if (EXPANDS.includes(text)) return text;
  throw badRequest(
    `The value '${value}' is not valid for $expand. Valid values are: None, Relations, Fields, Links, All.`,
  );
}

/** errorPolicy: "fail"/"omit" in any case or the numeric enum (Fail 1, Omit 2). */
export function parseErrorPolicy(value) {
  if (value === undefined || value === null || value === '') return 'fail';
  const text = String(value).trim().toLowerCase();
  if (text === '1' || text === 'fail') return 'fail';
  if (text === '2' || text === 'omit') return 'omit';
  throw badRequest(`The value '${value}' is not valid for errorPolicy. Valid values are: Fail, Omit.`);
}

export function typeOf(project, name) {
  const key = String(name).toLowerCase();
  return project.process.types.find((t) => t.name.toLowerCase() === key) ?? null;
}

export const workItemUrl = (base, id) => `${base}/_apis/wit/workItems/${id}`;

/** The id at the end of a work item URL (with or without a project segment), or null. */
export function idFromUrl(url) {
  const match = /\/_apis\/wit\/workitems\/(-?\d+)\/?(?:[?#].*)?$/i.exec(String(url));
  return match ? Number(match[1]) : null;
}

// ---- patch documents -------------------------------------------------------------------------

/** Checks the outer shape of a JSON Patch document; `op` may be a name or the numeric enum. */
export function normalizeOps(body) {
  if (!Array.isArray(body) || body.length === 0) {
    throw new AdoError(
      400,
      'VssPropertyValidationException',
      'You must pass a valid patch document in the body of the request.',
    );
  }
  return body.map((raw) => {
    if (raw === null || typeof raw !== 'object' || typeof raw.path !== 'string') {
      throw new AdoError(
        400,
        'VssPropertyValidationException',
        'You must pass a valid patch document in the body of the request.',
      );
    }
    let op = raw.op;
    if (typeof op === 'number' && Number.isInteger(op) && op >= 0 && op < OP_NAMES.length) op = OP_NAMES[op];
    op = String(op ?? '').toLowerCase();
    if (!OP_NAMES.includes(op))
      throw badRequest(`The operation '${raw.op}' is not valid. Valid operations are: add, remove, replace, test.`);
    if (op === 'move' || op === 'copy') throw badRequest(`The operation '${op}' is not supported for work items.`);
    return { op, path: raw.path, value: raw.value, from: raw.from ?? null };
  });
}

// ---- identities and values -------------------------------------------------------------------

/** "Name <mail>", a mail address or a name → the stored identity. */
export function parseIdentity(value) {
  if (value && typeof value === 'object') {
    const name = value.displayName ?? value.uniqueName;
    if (typeof name !== 'string' || name === '') return null;
    return parseIdentity(value.uniqueName ? `${name} <${value.uniqueName}>` : name);
  }
  const text = String(value).trim();
  if (text === '') return null;
  const match = /^(.*?)\s*<([^<>]+)>$/.exec(text);
  const displayName = match ? match[1] || match[2] : text.includes('@') ? text.split('@')[0] : text;
  const uniqueName = match ? match[2] : text;
  return { displayName, id: guidFrom('identity', uniqueName.toLowerCase()), uniqueName };
}

export function renderIdentity(identity, orgBase) {
  return {
    displayName: identity.displayName,
    url: `${orgBase}/_apis/Identities/${identity.id}`,
    _links: {
      avatar: { href: `${orgBase}/_apis/GraphProfile/MemberAvatars/${identity.descriptor ?? `aad.${identity.id}`}` },
    },
    id: identity.id,
    uniqueName: identity.uniqueName,
    imageUrl: `${orgBase}/_api/_common/identityImage?id=${identity.id}`,
    descriptor: identity.descriptor ?? `aad.${identity.id}`,
  };
}

export function parseTags(text) {
  return String(text ?? '')
    .split(';')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** Sorted (case-insensitively), de-duplicated, joined with "; " as the service returns them. */
export function joinTags(tags) {
  const seen = new Map();
  for (const tag of tags) if (!seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
  return [...seen.values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).join('; ');
}

function checkTags(tags) {
  if (tags.length > LIMITS.tagsPerItem) {
    throw new AdoError(
      400,
      'WorkItemTagLimitExceededException',
      `TF401243: A work item can have at most ${LIMITS.tagsPerItem} tags; this change would give it ${tags.length}.`,
    );
  }
  for (const tag of tags) {
    if (tag.length > LIMITS.tagLength || tag.includes(',')) {
      throw new AdoError(
        400,
        'WorkItemTagInvalidException',
        `TF401243: The tag '${tag.slice(0, 60)}' is not valid: tags are at most ${LIMITS.tagLength} characters and contain no ',' or ';'.`,
      );
    }
  }
}

/** A field value as the field's type stores it, or a rule error. */
function coerce(ref, def, value) {
  const invalid = () => ruleError(ref, def.name, ['InvalidType']);
  switch (def.type) {
    case 'integer': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (!Number.isInteger(n)) throw invalid();
      return n;
    }
    case 'double': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid();
      return n;
    }
    case 'dateTime': {
      const date = new Date(value);
      if (typeof value !== 'string' || Number.isNaN(date.getTime())) throw invalid();
      return date.toISOString();
    }
    case 'identity': {
      const identity = parseIdentity(value);
      if (!identity) throw invalid();
      return identity;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw invalid();
    default: {
      if (typeof value === 'object') throw invalid();
      const text = String(value);
      const limit = def.type === 'string' || def.type === 'treePath' ? LIMITS.stringLength : LIMITS.longTextLength;
      if (text.length > limit) throw ruleError(ref, def.name, ['InvalidTooLong']);
      return text;
    }
  }
}

const ALWAYS_READ_ONLY = new Set([
  'System.Id',
  'System.Rev',
  'System.TeamProject',
  'System.WorkItemType',
  'System.AreaId',
  'System.IterationId',
  'System.Parent',
  'System.CommentCount',
]);

// ---- drafts ----------------------------------------------------------------------------------

let linkCounter = 0;
const newLinkKey = () => {
  linkCounter += 1;
  return linkCounter;
};

/** Links shown to clients: those whose other end is not in the recycle bin. */
export function visibleLinks(org, item) {
  return item.links.filter((l) => l.targetId === null || org.live(l.targetId));
}

function parentOf(org, item) {
  const link = visibleLinks(org, item).find((l) => l.rel === 'System.LinkTypes.Hierarchy-Reverse');
  return link ? link.targetId : null;
}

/** True when `ancestorId` is `id` or above it in the tree. */
function isAncestor(org, ancestorId, id) {
  const seen = new Set();
  for (let current = id; current !== null && !seen.has(current);) {
    if (current === ancestorId) return true;
    seen.add(current);
    const item = org.live(current);
    current = item ? parentOf(org, item) : null;
  }
  return false;
}

/**
 * Applies `ops` to a draft of `item` (or of a new item when `item.id` is null) and checks the
 * rules. Returns the draft; nothing is stored.
 *   opts: { bypassRules, isCreate, tempIds: Map(tempId → realId) (inside $batch), displayId }
 */
export function applyOps(ctx, item, ops, opts = {}) {
  const { org } = ctx;
  const draft = {
    ...item,
    fields: { ...item.fields },
    links: [...item.links],
    multiline: { ...item.multiline },
    tempId: null,
    historyAdded: false,
  };
  const type = item.typeDef;
  const selfId = item.id ?? opts.displayId ?? -1;
  const fieldDef = (path) => {
    const wanted = path.slice('/fields/'.length);
    const ref = type.fields.find((f) => f.toLowerCase() === wanted.toLowerCase());
    if (!ref) throw fieldNotFound(wanted);
    return ref;
  };
  const resolveTarget = (url) => {
    let id = idFromUrl(url);
    if (id === null) throw badRequest(`The relation URL '${url}' does not name a work item.`);
    if (id < 0) {
      if (!opts.tempIds?.has(id))
        throw badRequest(`The temporary id ${id} in '${url}' was not defined by an earlier request of this batch.`);
      id = opts.tempIds.get(id);
    }
    if (id === item.id)
      throw new AdoError(
        400,
        'WorkItemLinkCircularException',
        `TF201035: A work item cannot be linked to itself (work item ${selfId}).`,
      );
    if (!org.live(id)) throw workItemNotFound(id, 400);
    return id;
  };
  const checkLink = (links, rel, targetId, url) => {
    const shown = links.filter((l) => l.targetId === null || org.live(l.targetId));
    if (shown.some((l) => l.rel === rel && (targetId !== null ? l.targetId === targetId : l.url === url))) {
      throw new AdoError(
        400,
        'WorkItemLinkAlreadyExistsException',
        `The link of type '${rel}' to ${targetId ?? url} already exists on work item ${selfId}.`,
      );
    }
    if (rel === 'System.LinkTypes.Hierarchy-Reverse') {
      const existing = shown.find((l) => l.rel === rel);
      if (existing) {
        throw new AdoError(
          400,
          'WorkItemLinkMultipleParentsException',
          `TF201036: You cannot add a Child link between work items ${targetId} and ${selfId} because a work item can have only one Parent link.`,
        );
      }
      if (item.id !== null && isAncestor(org, item.id, targetId)) {
        throw new AdoError(
          400,
          'WorkItemLinkCircularException',
          `TF201035: Circular relationships are not allowed: work item ${targetId} is below work item ${selfId}.`,
        );
      }
    }
    if (rel === 'System.LinkTypes.Hierarchy-Forward') {
      const child = org.live(targetId);
      const childParent = parentOf(org, child);
      if (childParent !== null) {
        throw new AdoError(
          400,
          'WorkItemLinkMultipleParentsException',
          `TF201036: You cannot add a Child link between work items ${selfId} and ${targetId} because a work item can have only one Parent link.`,
        );
      }
      if (item.id !== null && isAncestor(org, targetId, item.id)) {
        throw new AdoError(
          400,
          'WorkItemLinkCircularException',
          `TF201035: Circular relationships are not allowed: work item ${targetId} is above work item ${selfId}.`,
        );
      }
    }
  };
  const makeLink = (value) => {
    if (!value || typeof value !== 'object' || typeof value.rel !== 'string' || typeof value.url !== 'string') {
      throw badRequest('A relation needs "rel" and "url".');
    }
    const relType = relationType(value.rel);
    if (!relType) throw badRequest(`The link type '${value.rel}' does not exist.`);
    const attributes = {};
    const given = value.attributes ?? {};
    if (typeof given.comment === 'string') attributes.comment = given.comment;
    if (typeof given.name === 'string' && relType.inverse === null) attributes.fileName = given.name;
    if (typeof given.isLocked === 'boolean') attributes.isLocked = given.isLocked;
    if (relType.inverse === null)
      return { key: newLinkKey(), rel: relType.rel, targetId: null, url: value.url, attributes };
    return { key: newLinkKey(), rel: relType.rel, targetId: resolveTarget(value.url), url: null, attributes };
  };
  const visibleIndex = (path) => {
    const match = /^\/relations\/(\d+)(\/.*)?$/.exec(path);
    const shown = draft.links.filter((l) => l.targetId === null || org.live(l.targetId));
    const index = Number(match[1]);
    if (index >= shown.length)
      throw badRequest(`The relation index ${index} is out of range; the work item has ${shown.length} relations.`);
    return { link: shown[index], at: draft.links.indexOf(shown[index]), rest: match[2] ?? '' };
  };

  for (const { op, path, value } of ops) {
    const lower = path.toLowerCase();
    if (lower.startsWith('/fields/')) {
      const ref = fieldDef(path);
      const def = FIELDS[ref];
      if (op === 'test') {
        const current = draft.fields[ref];
        if (String(current?.displayName ?? current ?? '') !== String(value ?? ''))
          throw badRequest(`The test operation on ${path} failed.`);
        continue;
      }
      const writable = !ALWAYS_READ_ONLY.has(ref) && (!def.readOnly || opts.bypassRules);
      if (!writable) throw ruleError(ref, def.name, ['ReadOnly']);
      if (op === 'remove' || value === null || value === undefined || value === '') {
        delete draft.fields[ref];
        continue;
      }
      if (ref === 'System.Tags') {
        const given = parseTags(value);
        checkTags(given);
        const merged = op === 'add' ? [...parseTags(draft.fields[ref]), ...given] : given;
        const joined = joinTags(merged);
        checkTags(parseTags(joined));
        if (joined === '') delete draft.fields[ref];
        else draft.fields[ref] = joined;
        continue;
      }
      const stored = coerce(ref, def, value);
      if (ref === 'System.History') draft.historyAdded = true;
      if (ref === 'System.State' && stored !== draft.fields['System.State']) draft.stateChanged = true;
      draft.fields[ref] = stored;
    } else if (lower === '/relations/-' && op === 'add') {
      const link = makeLink(value);
      checkLink(draft.links, link.rel, link.targetId, link.url);
      draft.links.push(link);
    } else if (lower.startsWith('/relations/')) {
      if (!/^\/relations\/\d+(\/attributes\/comment)?$/.test(lower))
        throw badRequest(`The path '${path}' is not valid for a work item.`);
      const { link, at, rest } = visibleIndex(lower);
      if (rest === '/attributes/comment') {
        if (op !== 'add' && op !== 'replace') throw badRequest(`Use add or replace on ${path}.`);
        draft.links[at] = { ...link, attributes: { ...link.attributes, comment: String(value ?? '') }, edited: true };
      } else if (op === 'remove') {
        draft.links.splice(at, 1);
      } else if (op === 'replace') {
        draft.links.splice(at, 1);
        const replacement = makeLink(value);
        checkLink(draft.links, replacement.rel, replacement.targetId, replacement.url);
        draft.links.splice(at, 0, replacement);
      } else if (op !== 'test') throw badRequest(`The operation '${op}' is not valid on ${path}.`);
    } else if (lower === '/rev') {
      if (op !== 'test') throw badRequest('Only the test operation is valid on /rev.');
      if (!opts.isCreate && Number(value) !== item.rev) throw revConflict();
    } else if (lower === '/id') {
      const id = Number(value);
      if (!Number.isInteger(id) || id >= 0)
        throw badRequest(`The value '${value}' is not valid for /id: a temporary id is a negative integer.`);
      if (!opts.isCreate) throw badRequest('/id may only be set when a work item is created.');
      draft.tempId = id;
    } else if (lower.startsWith('/multilinefieldsformat/')) {
      const ref = fieldDef(`/fields/${path.slice('/multilineFieldsFormat/'.length)}`);
      const format = String(value ?? '');
      if (!['markdown', 'html'].includes(format.toLowerCase()))
        throw badRequest(`The format '${format}' is not valid; use Markdown or Html.`);
      draft.multiline[ref] = format.toLowerCase() === 'markdown' ? 'markdown' : 'html';
    } else {
      throw badRequest(`The path '${path}' is not valid for a work item.`);
    }
  }

  checkRules(ctx, draft, type, selfId, opts);
  return draft;
}

function checkRules(ctx, draft, type, selfId, opts) {
  const { org } = ctx;
  const project = draft.project;
  for (const [field, structure] of [
    ['System.AreaPath', 'area'],
    ['System.IterationPath', 'iteration'],
  ]) {
    const value = draft.fields[field] ?? project.name;
    const node = org.nodeForFieldPath(project, structure, value);
    if (!node) throw invalidTreePath(selfId, field);
    draft.fields[field] = nodeFieldPath(node); // the service stores the canonical casing
  }
  if (draft.links.length > LIMITS.linksPerItem)
    throw badRequest(`A work item can have at most ${LIMITS.linksPerItem} links.`);
  if (draft.rev >= LIMITS.revisions)
    throw badRequest(`Work item ${selfId} has reached the limit of ${LIMITS.revisions} revisions.`);
  if (opts.bypassRules) return;
  const title = draft.fields['System.Title'];
  if (title === undefined || String(title).trim() === '')
    throw ruleError('System.Title', 'Title', ['Required', 'InvalidEmpty']);
  if (String(title).length > LIMITS.titleLength) throw ruleError('System.Title', 'Title', ['InvalidTooLong']);
  const state = draft.fields['System.State'];
  const known = type.states.find((s) => s.name.toLowerCase() === String(state).toLowerCase());
  if (!known) throw ruleError('System.State', 'State', ['HasValues', 'LimitedToValues', 'InvalidListValue']);
  draft.fields['System.State'] = known.name;
  for (const ref of type.fields) {
    const def = FIELDS[ref];
    const value = draft.fields[ref];
    if (def.required && ref !== 'System.Title' && (value === undefined || value === ''))
      throw ruleError(ref, def.name, ['Required', 'InvalidEmpty']);
    if (value === undefined || !def.allowed) continue;
    const allowed = def.allowed.find((a) => String(a).toLowerCase() === String(value).toLowerCase());
    if (allowed === undefined) throw ruleError(ref, def.name, ['HasValues', 'LimitedToValues', 'InvalidListValue']);
    draft.fields[ref] = allowed; // stored as the list spells it
  }
}

// ---- storing ---------------------------------------------------------------------------------

/** A new, unsaved work item of `type` in `project` with the server-side defaults. */
export function blankItem(org, project, type) {
  const fields = {
    'System.AreaPath': project.name,
    'System.IterationPath': project.name,
    'System.State': type.states[0].name,
    'System.Reason': type.initialReason,
  };
  for (const ref of type.fields) if (FIELDS[ref].default !== undefined) fields[ref] = FIELDS[ref].default;
  return {
    id: null,
    rev: 0,
    project,
    type: type.name,
    typeDef: type,
    fields,
    links: [],
    multiline: {},
    deleted: false,
    comments: 0,
  };
}

/**
 * Saves a checked draft: assigns the id of a new item, bumps rev and the change stamps, and
 * writes the other side of every added or removed work item link.
 */
export function commitDraft(ctx, original, draft) {
  const { org, config } = ctx;
  const isCreate = original.id === null;
  const now = org.now();
  const changedFields =
    isCreate ||
    JSON.stringify(original.fields) !== JSON.stringify(draft.fields) ||
    JSON.stringify(original.multiline) !== JSON.stringify(draft.multiline);
  const originalKeys = new Set(original.links.map((l) => l.key));
  const draftKeys = new Set(draft.links.map((l) => l.key));
  const added = draft.links.filter((l) => !originalKeys.has(l.key));
  const removed = original.links.filter((l) => !draftKeys.has(l.key));
  const edited = draft.links.filter((l) => l.edited);
  if (
    !isCreate &&
    !changedFields &&
    added.length === 0 &&
    removed.length === 0 &&
    edited.length === 0 &&
    !draft.historyAdded
  ) {
    return original; // nothing changed: no new revision
  }
  const item = isCreate ? draft : original;
  if (isCreate) {
    item.id = org.allocateId();
    item.rev = 1;
    item.fields['System.CreatedDate'] = now;
    item.fields['System.CreatedBy'] = org.identity;
    item.fields['Microsoft.VSTS.Common.StateChangeDate'] = now;
  } else {
    item.fields = draft.fields;
    item.links = draft.links;
    item.multiline = draft.multiline;
    item.rev += 1;
    if (draft.stateChanged) {
      item.fields['Microsoft.VSTS.Common.StateChangeDate'] = now;
      item.fields['System.Reason'] = `Moved to state ${item.fields['System.State']}`;
    }
  }
  if (draft.historyAdded) item.comments += 1;
  item.fields['System.ChangedDate'] = now;
  item.fields['System.ChangedBy'] = org.identity;
  delete item.tempId;
  delete item.historyAdded;
  delete item.stateChanged;
  for (const link of item.links) delete link.edited;
  if (isCreate) org.items.set(item.id, item);

  const touched = new Set();
  const relInverse = (rel) => relationType(rel).inverse;
  for (const link of added.filter((l) => l.targetId !== null)) {
    const other = org.items.get(link.targetId);
    link.pair = link.key;
    other.links.push({
      key: newLinkKey(),
      pair: link.key,
      rel: relInverse(link.rel),
      targetId: item.id,
      url: null,
      attributes: { ...link.attributes },
    });
    touched.add(other);
  }
  for (const link of removed.filter((l) => l.targetId !== null)) {
    const other = org.items.get(link.targetId);
    if (!other) continue;
    other.links = other.links.filter((l) => !(l.pair === (link.pair ?? link.key) && l.targetId === item.id));
    touched.add(other);
  }
  for (const link of edited.filter((l) => l.targetId !== null)) {
    const other = org.items.get(link.targetId);
    const twin = other?.links.find((l) => l.pair === (link.pair ?? link.key) && l.targetId === item.id);
    if (twin) {
      twin.attributes = { ...twin.attributes, comment: link.attributes.comment };
      touched.add(other);
    }
  }
  if (config.link_bumps_target_rev) {
    for (const other of touched) {
      if (other === item) continue;
      other.rev += 1;
      other.fields['System.ChangedDate'] = now;
      other.fields['System.ChangedBy'] = org.identity;
    }
  }
  return item;
}

/** Removes an item for good and the other side of its links. */
export function destroyItem(org, item) {
  for (const link of item.links) {
    if (link.targetId === null) continue;
    const other = org.items.get(link.targetId);
    if (other) other.links = other.links.filter((l) => l.targetId !== item.id);
  }
  org.items.delete(item.id);
}

// ---- rendering -------------------------------------------------------------------------------

const HEAD = [
  'System.AreaPath',
  'System.TeamProject',
  'System.IterationPath',
  'System.WorkItemType',
  'System.State',
  'System.Reason',
  'System.AssignedTo',
  'System.CreatedDate',
  'System.CreatedBy',
  'System.ChangedDate',
  'System.ChangedBy',
  'System.CommentCount',
  'System.Title',
];
const HIDDEN_BY_DEFAULT = new Set(['System.Id', 'System.Rev', 'System.AreaId', 'System.IterationId', 'System.Parent']);

/** The value of any field, computed ones included (undefined when empty). */
export function fieldValue(org, item, ref) {
  switch (ref) {
    case 'System.Id':
      return item.id;
    case 'System.Rev':
      return item.rev;
    case 'System.TeamProject':
      return item.project.name;
    case 'System.WorkItemType':
      return item.type;
    case 'System.CommentCount':
      return item.comments;
    case 'System.AreaId':
      return org.nodeForFieldPath(item.project, 'area', item.fields['System.AreaPath'])?.id;
    case 'System.IterationId':
      return org.nodeForFieldPath(item.project, 'iteration', item.fields['System.IterationPath'])?.id;
    case 'System.Parent':
      return parentOf(org, item) ?? undefined;
    default:
      return item.fields[ref];
  }
}

/**
 * A work item as the API returns it.
 *   expand: none|relations|fields|links|all; fields: list of reference names or null;
 *   links: include _links even without expand (single GET, create, update);
 *   relations: include relations even without expand (create and update answers).
 */
export function renderWorkItem(ctx, item, { expand = 'none', fields = null, links = false, relations = false } = {}) {
  const { org, base } = ctx;
  const render = (ref, value) => (FIELDS[ref]?.type === 'identity' ? renderIdentity(value, base) : value);
  const out = { id: item.id, rev: item.rev, fields: {} };
  if (fields) {
    for (const ref of fields) {
      const value = fieldValue(org, item, ref);
      if (value !== undefined) out.fields[ref] = render(ref, value);
    }
  } else {
    const order = [...HEAD, ...Object.keys(item.fields).filter((k) => !HEAD.includes(k))];
    for (const ref of order) {
      if (HIDDEN_BY_DEFAULT.has(ref)) continue;
      const value = fieldValue(org, item, ref);
      if (value !== undefined) out.fields[ref] = render(ref, value);
    }
    const parent = fieldValue(org, item, 'System.Parent');
    if (parent !== undefined) out.fields['System.Parent'] = parent;
  }
  if (Object.keys(item.multiline).length > 0) out.multilineFieldsFormat = { ...item.multiline };
  const shown = visibleLinks(org, item);
  if (expand === 'relations' || expand === 'all' || (relations && shown.length > 0)) {
    out.relations = shown.map((link) => renderLink(ctx, link));
  }
  if (links || expand === 'links' || expand === 'all') {
    const self = workItemUrl(base, item.id);
    out._links = {
      self: { href: self },
      workItemUpdates: { href: `${self}/updates` },
      workItemRevisions: { href: `${self}/revisions` },
      workItemComments: { href: `${self}/comments` },
      html: { href: `${base}/web/wi.aspx?pcguid=${org.id}&id=${item.id}` },
      workItemType: { href: `${base}/${item.project.id}/_apis/wit/workItemTypes/${encodeURIComponent(item.type)}` },
      fields: { href: `${base}/_apis/wit/fields` },
    };
  }
  out.url = workItemUrl(base, item.id);
  return out;
}

function renderLink(ctx, link) {
  const relType = relationType(link.rel);
  const { fileName, ...rest } = link.attributes;
  const attributes = { isLocked: false, ...rest, name: fileName ?? relType.name };
  return { rel: link.rel, url: link.targetId === null ? link.url : workItemUrl(ctx.base, link.targetId), attributes };
}

/** The WorkItemDelete answer of DELETE and of the recycle bin. */
export function renderDelete(ctx, item) {
  return {
    id: item.id,
    code: 200,
    deletedBy: `${ctx.org.identity.displayName} <${ctx.org.identity.uniqueName}>`,
    deletedDate: item.deletedDate,
    name: item.fields['System.Title'],
    project: item.project.name,
    type: item.type,
    url: `${ctx.base}/${item.project.id}/_apis/wit/recycleBin/${item.id}`,
  };
}
