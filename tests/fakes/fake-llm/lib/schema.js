// Builds a value that follows a JSON schema, the way a model answering with Structured Outputs
// would: every property (required and optional), arrays within minItems/maxItems, enums, numeric
// bounds and multipleOf, string lengths, simple patterns, $ref into $defs/definitions, anyOf/oneOf
// (first non-null branch), allOf (merged), and nullable types ("type": ["string", "null"]).
// Strings and numbers are chosen by field name (title, user_story, acceptance_criteria, steps,
// story_points, estimate_hours, priority, ...) so the result reads like a real backlog.

import { pick, unit } from './rand.js';
import { sampleMatching } from './pattern.js';
import * as text from './text.js';

// A recursive schema (a $ref met a third time inside itself) stops growing there: optional
// properties are skipped and arrays get their minimum length, so the value stays finite.
// SOFT_DEPTH does the same for merely very deep schemas; HARD_DEPTH ends a required recursion
// with null.
const SOFT_DEPTH = 24;
const HARD_DEPTH = 48;
const FIBONACCI = [1, 2, 3, 5, 8, 13];

const KINDS = [
  ['step', /(^|_)steps?$/],
  ['test', /test_?cases?|(^|_)tests?$/],
  ['task', /tasks?/],
  ['story', /stor(y|ies)/],
  ['feature', /features?/],
  ['epic', /epics?/],
];

const ID_PREFIX = { epic: 'EPIC', feature: 'FEAT', story: 'US', task: 'TASK', test: 'TC', step: 'STEP', item: 'ITEM' };

const normalised = new Map(); // field names repeat in every element: compute each once

/** camelCase, kebab-case and spaces → snake_case, lower case: field names compare alike. */
export function normaliseName(name) {
  const key = String(name ?? '');
  let out = normalised.get(key);
  if (out === undefined) {
    if (normalised.size > 10_000) normalised.clear();
    out = normaliseUncached(key);
    normalised.set(key, out);
  }
  return out;
}

function normaliseUncached(name) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function kindOf(name) {
  for (const [kind, re] of KINDS) if (re.test(name)) return kind;
  return null;
}

// Fields that hold a sentence or two of prose.
const PROSE_FIELD =
  /description|summary|details|overview|narrative|objective|purpose|scope|context|body|content|explanation|approach|rationale|reason/;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

export class SchemaGenerator {
  /**
   * @param root the schema ($ref targets are looked up in it)
   * @param ctx  { terms, role, counts, seed, offset } from the prompt (see content.js)
   */
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.usedTitles = new Set(); // "kind|title" of every object element so far
  }

  /**
   * The variant of an object element: its position's, moved on while the title it would get is
   * already taken, so that no two epics (stories, tasks...) of one reply share a title.
   */
  elementVariant(kind, variant) {
    let v = variant;
    for (let tries = 0; tries < 24 && this.usedTitles.has(`${kind}|${text.title(this.ctx, kind, v)}`); tries += 1)
      v += 1;
    this.usedTitles.add(`${kind}|${text.title(this.ctx, kind, v)}`);
    return v;
  }

  generate() {
    const name = this.ctx.schemaName ?? '';
    const scope = {
      name,
      kind: kindOf(normaliseName(name)) ?? 'item',
      path: '$',
      depth: 0,
      variant: 0,
      parentVariant: 0,
      elementIndex: 0,
      index: null,
      refs: ['#'],
      recursive: false,
    };
    return this.value(this.root, scope);
  }

  // ---- schema plumbing -------------------------------------------------------------------

  resolve(schema, hops = 0) {
    if (schema === true || schema === undefined) return {};
    if (schema === false || !isObject(schema)) return schema === false ? null : {};
    if (hops > 32) return {};
    if (typeof schema.$ref === 'string') {
      const { $ref, ...rest } = schema;
      const target = this.resolve(this.lookup($ref), hops + 1);
      return target === null ? null : { ...target, ...rest };
    }
    for (const key of ['anyOf', 'oneOf']) {
      if (Array.isArray(schema[key]) && schema[key].length > 0) {
        const { [key]: branches, ...rest } = schema;
        const resolved = branches.map((b) => this.resolve(b, hops + 1)).filter((b) => b !== null);
        const chosen = resolved.find(
          (b) => !(b.type === 'null' || (Array.isArray(b.type) && b.type.every((t) => t === 'null'))),
        );
        return { ...rest, ...(chosen ?? resolved[0] ?? {}) };
      }
    }
    if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
      const { allOf, ...rest } = schema;
      const merged = { ...rest };
      for (const part of allOf.map((b) => this.resolve(b, hops + 1)).filter(Boolean)) {
        const properties = { ...(merged.properties ?? {}), ...(part.properties ?? {}) };
        const required = [...new Set([...(merged.required ?? []), ...(part.required ?? [])])];
        Object.assign(merged, part, { properties, required });
      }
      if (Object.keys(merged.properties).length === 0) delete merged.properties;
      if (merged.required.length === 0) delete merged.required;
      return merged;
    }
    return schema;
  }

  /** A local JSON pointer ("#", "#/$defs/Story", "#/definitions/Task"); anything else → {}. */
  lookup(ref) {
    if (!ref.startsWith('#')) return {};
    const pointer = decodeURIComponent(ref.slice(1));
    let node = this.root;
    for (const raw of pointer.split('/').slice(1)) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isObject(node) && !Array.isArray(node)) return {};
      node = node[key];
      if (node === undefined) return {};
    }
    return node;
  }

  typeOf(s) {
    let { type } = s;
    if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? 'null';
    if (type) return type;
    if (s.properties || s.required || s.additionalProperties) return 'object';
    if (s.items || s.prefixItems) return 'array';
    if (s.minimum !== undefined || s.maximum !== undefined || s.multipleOf !== undefined) return 'number';
    return 'string';
  }

  value(schema, scopeIn) {
    let scope = scopeIn;
    if (isObject(schema) && typeof schema.$ref === 'string') {
      const refs = scope.refs ?? [];
      // One level of recursion reads naturally (a node with children); a third visit stops.
      const visits = refs.filter((r) => r === schema.$ref).length;
      scope = { ...scope, refs: [...refs, schema.$ref], recursive: scope.recursive || visits >= 2 };
    }
    const s = this.resolve(schema);
    if (s === null || scope.depth > HARD_DEPTH) return null;
    if ('const' in s) return s.const;
    if (Array.isArray(s.enum) && s.enum.length > 0) return this.enumValue(s.enum, scope);
    switch (this.typeOf(s)) {
      case 'object':
        return this.object(s, scope);
      case 'array':
        return this.array(s, scope);
      case 'integer':
        return this.number(s, scope, true);
      case 'number':
        return this.number(s, scope, false);
      case 'boolean':
        return unit(this.ctx.seed, scope.path, 'bool') < 0.5;
      case 'null':
        return null;
      default:
        return this.string(s, scope);
    }
  }

  enumValue(values, scope) {
    const usable = values.filter((v) => v !== null);
    const list = usable.length > 0 ? usable : values;
    return list[pick(list.length, this.ctx.seed, scope.path, 'enum')];
  }

  // ---- containers ------------------------------------------------------------------------

  object(s, scope) {
    const properties = isObject(s.properties) ? s.properties : {};
    const required = new Set(Array.isArray(s.required) ? s.required : []);
    const names = [...Object.keys(properties), ...[...required].filter((k) => !(k in properties))];
    const deep = scope.recursive || scope.depth >= SOFT_DEPTH;
    const out = {};
    for (const key of names) {
      if (deep && !required.has(key)) continue;
      const name = normaliseName(key);
      out[key] = this.value(properties[key] ?? { type: 'string' }, {
        ...scope,
        name: key,
        kind: kindOf(name) ?? scope.kind,
        path: `${scope.path}.${key}`,
        depth: scope.depth + 1,
        index: null,
      });
    }
    return out;
  }

  array(s, scope) {
    const name = normaliseName(scope.name);
    const itemKind = kindOf(name) ?? scope.kind;
    const criteria = /criteri/.test(name);
    let want = 3;
    if (criteria) want = this.ctx.counts.criteria ?? 3 + pick(3, this.ctx.seed, scope.path, 'count');
    else if (itemKind === 'step') want = 4 + pick(2, this.ctx.seed, scope.path, 'count');
    else if (kindOf(name) && this.ctx.counts[itemKind]) want = this.ctx.counts[itemKind];
    const min = Number.isInteger(s.minItems) ? s.minItems : 0;
    const max = Number.isInteger(s.maxItems) ? s.maxItems : Infinity;
    // Items that would re-enter a schema already being generated: as few as allowed.
    const itemRef = isObject(s.items) && typeof s.items.$ref === 'string' ? s.items.$ref : null;
    const itemVisits = itemRef ? scope.refs.filter((r) => r === itemRef).length : 0;
    if (scope.recursive || scope.depth >= SOFT_DEPTH || itemVisits >= 2) want = 0;
    const count = Math.max(min, Math.min(max, want));

    // Tuples: prefixItems (2020-12) or an items array (draft 4–7); then items/additionalItems.
    const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : [];
    const rest = Array.isArray(s.items) ? s.additionalItems : Array.isArray(s.prefixItems) ? s.items : s.items;

    const out = [];
    const seen = new Set();
    for (let j = 0; out.length < count && j < count + 8; j += 1) {
      const itemSchema = j < tuple.length ? tuple[j] : rest;
      if (itemSchema === false || (j >= tuple.length && itemSchema === undefined && tuple.length > 0)) break;
      const resolved = this.resolve(itemSchema ?? {});
      const container = resolved !== null && ['object', 'array'].includes(this.typeOf(resolved));
      const isObjectElement =
        container && this.typeOf(resolved) === 'object' && !('const' in resolved) && !resolved.enum;
      const element = out.length;
      const position = scope.variant * 5 + element + 1;
      const child = {
        ...scope,
        kind: itemKind,
        path: `${scope.path}[${j}]`,
        depth: scope.depth + 1,
        elementIndex: element,
        // Objects get a variant of their own (their fields then read alike within the element and
        // differently from their siblings); strings in a list keep the owner's and use the index.
        variant: isObjectElement ? this.elementVariant(itemKind, position) : container ? position : scope.variant,
        parentVariant: scope.variant,
        index: container ? null : j, // j, not element: a duplicate skipped for uniqueItems moves the wording on
      };
      const item = this.value(itemSchema ?? {}, child); // unresolved: value() tracks the $ref
      if (s.uniqueItems) {
        const key = JSON.stringify(item);
        if (seen.has(key)) continue; // try the next position's wording
        seen.add(key);
      }
      out.push(item);
    }
    return out;
  }

  // ---- scalars ---------------------------------------------------------------------------

  number(s, scope, integer) {
    const name = normaliseName(scope.name);
    const r = unit(this.ctx.seed, scope.path, 'num');
    let lo = typeof s.minimum === 'number' ? s.minimum : -Infinity;
    let hi = typeof s.maximum === 'number' ? s.maximum : Infinity;
    const step = typeof s.multipleOf === 'number' && s.multipleOf > 0 ? s.multipleOf : integer ? 1 : 0;
    const nudge = step || (integer ? 1 : 0.01);
    // exclusiveMinimum is a number since draft 6 and a boolean modifier in draft 4.
    if (typeof s.exclusiveMinimum === 'number') lo = Math.max(lo, s.exclusiveMinimum + nudge);
    else if (s.exclusiveMinimum === true && lo > -Infinity) lo += nudge;
    if (typeof s.exclusiveMaximum === 'number') hi = Math.min(hi, s.exclusiveMaximum - nudge);
    else if (s.exclusiveMaximum === true && hi < Infinity) hi -= nudge;
    if (integer) {
      lo = Math.ceil(lo);
      hi = Math.floor(hi);
    }

    let preferred;
    if (/story_points|(^|_)points$|(^|_)sp$/.test(name)) {
      const fits = FIBONACCI.filter((p) => p >= lo && p <= hi);
      preferred = fits.length > 0 ? fits[Math.floor(r * fits.length)] : undefined;
    } else if (/hour|estimate|effort|duration/.test(name)) {
      preferred = integer ? 1 + Math.floor(r * 16) : (1 + Math.floor(r * 32)) / 2; // 0.5–16 h
    } else if (/priority|rank|severity/.test(name)) {
      preferred = 1 + Math.floor(r * 4); // 1–4, the Azure DevOps priority range
    } else if (/(^|_)(order|position|sequence|step_number|step|index|number|no)$/.test(name)) {
      preferred = scope.elementIndex + 1;
    } else if (/percent|coverage|score|confidence|probability|ratio|rate/.test(name)) {
      preferred = hi <= 1 ? Math.round(r * 100) / 100 : Math.round(r * 100);
    } else if (/value/.test(name)) {
      preferred = 10 + Math.floor(r * 90);
    } else {
      preferred = integer ? 1 + Math.floor(r * 10) : Math.round((1 + r * 9) * 10) / 10;
    }
    return fitNumber(preferred, lo, hi, step, integer, r);
  }

  string(s, scope) {
    let value = this.stringByName(s, scope);
    if (typeof s.pattern === 'string' && !safeTest(s.pattern, value)) {
      value = sampleMatching(s.pattern, `${this.ctx.seed}|${scope.path}`) ?? value;
    }
    return fitLength(value, s.minLength, s.maxLength, () => text.description(this.ctx, 'item', scope.variant + 1));
  }

  stringByName(s, scope) {
    const { ctx } = this;
    const name = normaliseName(scope.name);
    const { kind } = scope;
    const inList = scope.index !== null;
    const v = inList ? scope.variant * 5 + scope.index : scope.variant;
    const format = typeof s.format === 'string' ? s.format : '';

    if (format === 'date-time' || (!format && /(^|_)(timestamp|datetime)$|_at$/.test(name))) return isoDate(v, true);
    if (format === 'date' || (!format && /(^|_)date$|_date$|_on$/.test(name))) return isoDate(v, false);
    if (format === 'time') return '09:30:00Z';
    if (format === 'email' || /e_?mail/.test(name)) return `${text.slug(ctx.role)}.${v + 1}@example.com`;
    if (format === 'uri' || format === 'url' || /(^|_)(url|uri|link|href|website)$/.test(name)) {
      return `https://example.com/${text.slug(ctx.terms[v % ctx.terms.length])}`;
    }
    if (format === 'uuid') return uuidFrom(`${ctx.seed}|${scope.path}`);
    if (/(^|_)(id|key|identifier|uuid|ref)$/.test(name)) {
      // One number per array level ("US-2.3": the third story of the second feature): unique.
      const levels = [...scope.path.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]) + 1);
      return `${ID_PREFIX[kind] ?? 'ITEM'}-${levels.length > 0 ? levels.join('.') : 1}`;
    }
    if (/user_story|^story(_text)?$|^as_a$/.test(name)) return text.userStory(ctx, v);
    if (/criteri|^ac$/.test(name)) {
      if (inList) return text.criterion(ctx, scope.variant, scope.index);
      return [0, 1, 2].map((k) => text.criterion(ctx, scope.variant, k)).join('\n');
    }
    if (kind === 'step' && /action|step|description|instruction|procedure|^text$/.test(name)) {
      return text.stepAction(ctx, scope.parentVariant, inList ? scope.index : scope.elementIndex);
    }
    if (/expected|^result$|^outcome$/.test(name)) {
      const step = kind === 'step' ? (inList ? scope.index : scope.elementIndex) : 2;
      return text.stepExpected(ctx, kind === 'step' && !inList ? scope.parentVariant : scope.variant, step);
    }
    if (/title|(^|_)name$|heading|headline|subject/.test(name)) return text.title(ctx, kind, v);
    if (/precondition|prerequisite/.test(name)) return text.phrase(ctx, 'precondition', v);
    if (/dependenc|depends/.test(name)) return text.phrase(ctx, 'dependency', v);
    if (/mitigation/.test(name)) return text.phrase(ctx, 'mitigation', v);
    if (/edge_case/.test(name)) return text.phrase(ctx, 'edgeCase', v);
    if (/(^|_)risks?$/.test(name)) return text.phrase(ctx, 'risk', v);
    if (PROSE_FIELD.test(name)) {
      return inList ? text.phrase(ctx, 'listItem', v) : text.description(ctx, kind, v);
    }
    if (/value|benefit|outcome|kpi|metric|success/.test(name)) return text.phrase(ctx, 'value', v);
    if (
      /technical|implementation|architecture|consideration|requirement|constraint|note|standard|protocol/.test(name)
    ) {
      return text.phrase(ctx, 'technical', v);
    }
    if (/(^|_)(tags?|labels?|keywords?|components?)$/.test(name)) return text.slug(ctx.terms[v % ctx.terms.length]);
    if (/(^|_)(role|persona|user_type|actor|audience|target_users?)$/.test(name)) return ctx.role;
    if (/priority|severity|impact|likelihood|urgency|risk_level/.test(name)) return ['High', 'Medium', 'Low'][v % 3];
    if (/complexity|difficulty|(^|_)size$/.test(name)) return ['Medium', 'Low', 'High'][v % 3];
    if (/(^|_)(category|type|kind|area|activity)$/.test(name)) return text.category(kind, v);
    if (/(^|_)(status|state)$/.test(name)) return 'New';
    return inList ? text.phrase(ctx, 'listItem', v) : text.phrase(ctx, 'phrase', v);
  }
}

function safeTest(pattern, value) {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true; // an invalid pattern is ignored
  }
}

/** The preferred number when it satisfies the bounds and step, else one drawn inside them. */
function fitNumber(preferred, lo, hi, step, integer, r) {
  const ok = (x) => x >= lo && x <= hi && (!step || isMultiple(x, step)) && (!integer || Number.isInteger(x));
  if (preferred !== undefined && ok(preferred)) return preferred;
  if (lo > hi) return Number.isFinite(lo) ? lo : hi; // contradictory bounds: anything is wrong
  const from = Number.isFinite(lo) ? lo : Number.isFinite(hi) ? hi - 10 : 1;
  const to = Number.isFinite(hi) ? hi : from + 10;
  if (step) {
    const first = Math.ceil(from / step);
    const last = Math.floor(to / step);
    if (first > last) return from;
    return tidy((first + Math.floor(r * (last - first + 1))) * step, step);
  }
  if (integer) return Math.ceil(from) + Math.floor(r * (Math.floor(to) - Math.ceil(from) + 1));
  return Math.min(to, Math.max(from, Math.round((from + r * (to - from)) * 100) / 100));
}

function isMultiple(x, step) {
  const q = x / step;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

/** Removes float noise (0.30000000000000004) by rounding to the step's own decimals. */
function tidy(x, step) {
  const decimals = (String(step).split('.')[1] ?? '').length;
  return Number(x.toFixed(Math.min(decimals + 2, 12)));
}

/** Grows a string past minLength with more sentences, and cuts it to maxLength on a word boundary. */
function fitLength(value, minLength, maxLength, more) {
  let out = value;
  if (Number.isInteger(minLength)) {
    for (let guard = 0; out.length < minLength && guard < 100; guard += 1) out = `${out} ${more()}`.trim();
    if (out.length < minLength) out = out.padEnd(minLength, '.');
  }
  if (Number.isInteger(maxLength) && out.length > maxLength) {
    const cut = out.slice(0, maxLength + 1);
    const space = cut.lastIndexOf(' ');
    out = space > 0 && space >= (minLength ?? 0) ? cut.slice(0, space) : out.slice(0, maxLength);
    out = out.replace(/[\s,;:]+$/, '');
    if (Number.isInteger(minLength) && out.length < minLength) out = value.slice(0, maxLength);
  }
  return out;
}

function isoDate(v, withTime) {
  const date = new Date(Date.UTC(2025, 0, 6 + (v % 300), 9, 30, 0));
  return withTime ? date.toISOString().replace('.000Z', 'Z') : date.toISOString().slice(0, 10);
}

function uuidFrom(seed) {
  const hex = Array.from({ length: 4 }, (_, k) =>
    pick(2 ** 32, seed, k)
      .toString(16)
      .padStart(8, '0'),
  ).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function generateFromSchema(schema, ctx) {
  return new SchemaGenerator(schema, ctx).generate();
}
