// A WIQL subset: flat queries over work items, which is what an uploader needs to find what it
// created (by tag, by type, by project) after an uncertain outcome.
//   SELECT [f], … FROM WorkItems [WHERE cond] [ORDER BY [f] [ASC|DESC], …]
//   cond: [f] op value | cond AND cond | cond OR cond | ( cond )
//   op:   = <> > < >= <= | [NOT] IN (…) | [NOT] CONTAINS | CONTAINS WORDS | [NOT] UNDER | IS [NOT] EMPTY
//   value: 'text' (quote doubled inside), number, @project, @me, @today [± n]
// Field names are reference names or friendly names, in brackets or bare; keywords in any case.
// Link queries (FROM WorkItemLinks) and the rarer operators are refused with a 400.

import { AdoError } from './errors.js';
import { FIELDS } from './fixtures.js';

export const MAX_QUERY_LENGTH = 32_768;

const syntaxError = (near) =>
  new AdoError(
    400,
    'WorkItemTrackingQueryInvalidSyntaxException',
    `TF51006: The query statement is not valid. The error is caused by «${near}».`,
  );
const unknownField = (name) =>
  new AdoError(
    400,
    'WorkItemTrackingQueryFieldNotFoundException',
    `TF51005: The query references a field that does not exist. The error is caused by «${name}».`,
  );
const unsupported = (what) =>
  new AdoError(
    400,
    'WorkItemTrackingQueryNotSupportedException',
    `fake-ado supports flat WIQL queries only: ${what} is not emulated.`,
  );

// ---- tokens ----------------------------------------------------------------------------------

export function tokenize(text) {
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) throw syntaxError(text.slice(i, i + 20));
      tokens.push({ kind: 'field', value: text.slice(i + 1, end).trim() });
      i = end + 1;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) throw syntaxError(text.slice(i, i + 20));
        if (text[j] === c) {
          if (text[j + 1] === c) {
            value += c;
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j += 1;
      }
      tokens.push({ kind: 'string', value });
      i = j + 1;
    } else if (
      /[0-9]/.test(c) ||
      (c === '-' &&
        /[0-9]/.test(text[i + 1] ?? '') &&
        !['number', 'string', 'field', 'word'].includes(tokens.at(-1)?.kind))
    ) {
      const match = /^-?\d+(\.\d+)?/.exec(text.slice(i));
      tokens.push({ kind: 'number', value: Number(match[0]) });
      i += match[0].length;
    } else if (c === '@') {
      const match = /^@[A-Za-z]+/.exec(text.slice(i));
      if (!match) throw syntaxError('@');
      tokens.push({ kind: 'macro', value: match[0].slice(1).toLowerCase() });
      i += match[0].length;
    } else if ('<>=!'.includes(c)) {
      const two = text.slice(i, i + 2);
      const op = ['<>', '>=', '<=', '!='].includes(two) ? two : c;
      if (op === '!') throw syntaxError(c);
      tokens.push({ kind: 'op', value: op === '!=' ? '<>' : op });
      i += op.length;
    } else if ('(),+-'.includes(c)) {
      tokens.push({ kind: 'punct', value: c });
      i += 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
      tokens.push({ kind: 'word', value: match[0] });
      i += match[0].length;
    } else {
      throw syntaxError(text.slice(i, i + 20));
    }
  }
  return tokens;
}

// ---- parser ----------------------------------------------------------------------------------

/** A field name (reference or friendly, any case) → reference name, or null. */
export function resolveField(name) {
  const lower = name.toLowerCase();
  for (const [ref, def] of Object.entries(FIELDS)) {
    if (ref.toLowerCase() === lower || def.name.toLowerCase() === lower) return ref;
  }
  return null;
}

export function parseWiql(text) {
  if (typeof text !== 'string' || text.trim() === '')
    throw new AdoError(400, 'ArgumentNullException', 'The query is empty.');
  if (text.length > MAX_QUERY_LENGTH) {
    throw new AdoError(
      400,
      'WorkItemTrackingQueryTooLongException',
      `The query is ${text.length} characters long; WIQL allows at most ${MAX_QUERY_LENGTH}.`,
    );
  }
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t, word) => t && t.kind === 'word' && t.value.toLowerCase() === word;
  const expectWord = (word) => {
    if (!isWord(peek(), word)) throw syntaxError(peek()?.value ?? 'end of query');
    pos += 1;
  };
  const field = () => {
    const t = peek();
    if (!t || (t.kind !== 'field' && t.kind !== 'word')) throw syntaxError(t?.value ?? 'end of query');
    pos += 1;
    if (
      t.kind === 'field' &&
      /^(source|target)$/i.test(t.value) &&
      peek()?.kind === 'word' &&
      peek().value.startsWith('.')
    ) {
      throw unsupported('link query fields');
    }
    const ref = resolveField(t.value);
    if (!ref) throw unknownField(t.value);
    return ref;
  };

  expectWord('select');
  const columns = [field()];
  while (peek()?.kind === 'punct' && peek().value === ',') {
    pos += 1;
    columns.push(field());
  }
  expectWord('from');
  const source = peek();
  if (isWord(source, 'workitemlinks')) throw unsupported('FROM WorkItemLinks');
  expectWord('workitems');

  const value = () => {
    const t = peek();
    if (!t) throw syntaxError('end of query');
    pos += 1;
    if (t.kind === 'string' || t.kind === 'number') return { literal: t.value };
    if (t.kind === 'macro') {
      if (!['project', 'me', 'today'].includes(t.value)) throw unsupported(`@${t.value}`);
      let offset = 0;
      if (t.value === 'today' && peek()?.kind === 'punct' && (peek().value === '+' || peek().value === '-')) {
        const sign = peek().value === '-' ? -1 : 1;
        pos += 1;
        const n = peek();
        if (n?.kind !== 'number') throw syntaxError(n?.value ?? 'end of query');
        pos += 1;
        offset = sign * n.value;
      } else if (t.value === 'today' && peek()?.kind === 'number' && peek().value < 0) {
        offset = peek().value;
        pos += 1;
      }
      return { macro: t.value, offset };
    }
    throw syntaxError(t.value);
  };

  const condition = () => {
    const t = peek();
    if (t?.kind === 'punct' && t.value === '(') {
      pos += 1;
      const inner = orExpr();
      if (!(peek()?.kind === 'punct' && peek().value === ')')) throw syntaxError(peek()?.value ?? 'end of query');
      pos += 1;
      return inner;
    }
    const ref = field();
    const next = peek();
    if (next?.kind === 'op') {
      pos += 1;
      return { field: ref, op: next.value, value: value() };
    }
    let negate = false;
    if (isWord(next, 'not')) {
      negate = true;
      pos += 1;
    }
    const word = peek();
    if (isWord(word, 'in')) {
      pos += 1;
      if (!(peek()?.kind === 'punct' && peek().value === '(')) throw syntaxError(peek()?.value ?? 'end of query');
      pos += 1;
      const values = [value()];
      while (peek()?.kind === 'punct' && peek().value === ',') {
        pos += 1;
        values.push(value());
      }
      if (!(peek()?.kind === 'punct' && peek().value === ')')) throw syntaxError(peek()?.value ?? 'end of query');
      pos += 1;
      return { field: ref, op: 'in', values, negate };
    }
    if (isWord(word, 'contains')) {
      pos += 1;
      if (isWord(peek(), 'words')) {
        pos += 1;
        return { field: ref, op: 'containswords', value: value(), negate };
      }
      return { field: ref, op: 'contains', value: value(), negate };
    }
    if (isWord(word, 'under')) {
      pos += 1;
      return { field: ref, op: 'under', value: value(), negate };
    }
    if (isWord(word, 'is') && !negate) {
      pos += 1;
      let not = false;
      if (isWord(peek(), 'not')) {
        not = true;
        pos += 1;
      }
      expectWord('empty');
      return { field: ref, op: 'empty', negate: not };
    }
    if (word && word.kind === 'word' && ['ever', 'in group', 'was'].includes(word.value.toLowerCase()))
      throw unsupported(word.value.toUpperCase());
    throw syntaxError(word?.value ?? 'end of query');
  };
  const andExpr = () => {
    let left = condition();
    while (isWord(peek(), 'and')) {
      pos += 1;
      left = { and: [left, condition()] };
    }
    return left;
  };
  const orExpr = () => {
    let left = andExpr();
    while (isWord(peek(), 'or')) {
      pos += 1;
      left = { or: [left, andExpr()] };
    }
    return left;
  };

  let where = null;
  if (isWord(peek(), 'where')) {
    pos += 1;
    where = orExpr();
  }
  const orderBy = [];
  if (isWord(peek(), 'order')) {
    pos += 1;
    expectWord('by');
    for (;;) {
      const ref = field();
      let descending = false;
      if (isWord(peek(), 'desc')) {
        descending = true;
        pos += 1;
      } else if (isWord(peek(), 'asc')) pos += 1;
      orderBy.push({ field: ref, descending });
      if (!(peek()?.kind === 'punct' && peek().value === ',')) break;
      pos += 1;
    }
  }
  if (isWord(peek(), 'asof')) throw unsupported('ASOF');
  if (isWord(peek(), 'mode')) throw unsupported('MODE');
  if (pos < tokens.length) throw syntaxError(String(tokens[pos].value));
  return { columns, where, orderBy };
}

// ---- evaluation ------------------------------------------------------------------------------

/**
 * Compares like the service for the common cases: text case-insensitively, numbers as numbers,
 * dates as instants, identities by display name, unique name or "Name <mail>".
 */
function comparable(value) {
  if (value && typeof value === 'object' && 'displayName' in value)
    return [value.displayName, value.uniqueName, `${value.displayName} <${value.uniqueName}>`].map((s) =>
      s.toLowerCase(),
    );
  return [typeof value === 'string' ? value.toLowerCase() : value];
}

function compare(a, b) {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = Number(a);
    const y = Number(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return String(a).localeCompare(String(b));
    return x - y;
  }
  const da = Date.parse(a);
  const db = Date.parse(b);
  if (/^\d{4}-\d\d-\d\d/.test(String(a)) && !Number.isNaN(da) && !Number.isNaN(db)) return da - db;
  return String(a).toLowerCase().localeCompare(String(b).toLowerCase());
}

/**
 * `env`: { valueOf(item, ref), project: name or null, me: identity, today: Date }
 */
export function evaluate(node, item, env) {
  if (!node) return true;
  if (node.and) return node.and.every((n) => evaluate(n, item, env));
  if (node.or) return node.or.some((n) => evaluate(n, item, env));
  const actual = env.valueOf(item, node.field);
  const literal = (v) => {
    if ('literal' in v) return v.literal;
    if (v.macro === 'project') {
      if (!env.project)
        throw new AdoError(
          400,
          'WorkItemTrackingQueryMacroException',
          'The @project macro needs a project in the URL of the query.',
        );
      return env.project;
    }
    if (v.macro === 'me') return env.me.uniqueName;
    const day = new Date(env.today);
    day.setUTCHours(0, 0, 0, 0);
    day.setUTCDate(day.getUTCDate() + v.offset);
    return day.toISOString();
  };
  let result;
  switch (node.op) {
    case 'empty':
      result = actual === undefined || actual === null || actual === '';
      break;
    case 'in': {
      const wanted = node.values.map(literal);
      result = actual !== undefined && wanted.some((w) => comparable(actual).some((a) => compare(a, w) === 0));
      break;
    }
    case 'contains':
    case 'containswords': {
      const wanted = String(literal(node.value)).toLowerCase();
      if (actual === undefined) result = false;
      else if (node.field === 'System.Tags') {
        // Tags match whole tags, not substrings of a tag.
        result = String(actual)
          .split(';')
          .some((t) => t.trim().toLowerCase() === wanted);
      } else if (node.op === 'containswords') {
        result = new RegExp(`(^|\\W)${wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\W|$)`, 'i').test(String(actual));
      } else result = comparable(actual).some((a) => String(a).includes(wanted));
      break;
    }
    case 'under': {
      const wanted = String(literal(node.value)).toLowerCase().replace(/\\+$/, '');
      const path = String(actual ?? '').toLowerCase();
      result = path === wanted || path.startsWith(`${wanted}\\`);
      break;
    }
    default: {
      const wanted = literal(node.value);
      if (actual === undefined) {
        result = node.op === '<>' ? wanted !== '' : node.op === '=' && wanted === '';
        break;
      }
      const diffs = comparable(actual).map((a) => compare(a, wanted));
      const test = {
        '=': (d) => d === 0,
        '<>': (d) => d !== 0,
        '>': (d) => d > 0,
        '<': (d) => d < 0,
        '>=': (d) => d >= 0,
        '<=': (d) => d <= 0,
      }[node.op];
      result = node.op === '<>' ? diffs.every(test) : diffs.some(test);
    }
  }
  return node.negate ? !result : result;
}

/** Sorts in place by the ORDER BY clause; ties (and no clause) by id ascending. */
export function sortItems(items, orderBy, valueOf) {
  items.sort((a, b) => {
    for (const { field, descending } of orderBy) {
      const x = valueOf(a, field);
      const y = valueOf(b, field);
      if (x === undefined && y === undefined) continue;
      if (x === undefined) return descending ? 1 : -1;
      if (y === undefined) return descending ? -1 : 1;
      const d = compare(comparable(x)[0], comparable(y)[0]);
      if (d !== 0) return descending ? -d : d;
    }
    return a.id - b.id;
  });
  return items;
}
