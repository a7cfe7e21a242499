// Produces a string matching a *simple* JSON-schema `pattern` ("^[A-Z]{2,4}-\d+$", "^(low|high)$").
// Supported: literals, escapes (\d \w \s and escaped punctuation), character classes with ranges,
// groups with alternation, the quantifiers ? * + {n} {n,} {n,m}, and ^/$ anchors. Anything else
// (lookarounds, back-references, negated classes) makes the pattern "not trivial": the caller then
// ignores it, as the brief allows. The result is always checked against the real RegExp.

import { pick } from './rand.js';

class Unsupported extends Error {}

const CLASS_ESCAPES = {
  d: '0123456789',
  w: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_',
  s: ' ',
};

function parse(source) {
  let i = 0;
  const peek = () => source[i];

  function parseAlternation() {
    const branches = [parseSequence()];
    while (peek() === '|') {
      i += 1;
      branches.push(parseSequence());
    }
    return { kind: 'alt', branches };
  }

  function parseSequence() {
    const items = [];
    while (i < source.length && peek() !== '|' && peek() !== ')') {
      const atom = parseAtom();
      if (atom) items.push(parseQuantifier(atom));
    }
    return { kind: 'seq', items };
  }

  function parseAtom() {
    const c = source[i];
    i += 1;
    if (c === '^' || c === '$') return null; // anchors: the generated string is the whole match
    if (c === '(') {
      if (peek() === '?') {
        if (source[i + 1] !== ':') throw new Unsupported('lookaround or named group');
        i += 2;
      }
      const inner = parseAlternation();
      if (peek() !== ')') throw new Unsupported('unclosed group');
      i += 1;
      return inner;
    }
    if (c === '[') return parseClass();
    if (c === '.') return { kind: 'chars', chars: 'abcdefghijklmnopqrstuvwxyz' };
    if (c === '\\') return parseEscape();
    if ('*+?{'.includes(c)) throw new Unsupported('dangling quantifier');
    return { kind: 'chars', chars: c };
  }

  function parseEscape() {
    const c = source[i];
    i += 1;
    if (c === undefined) throw new Unsupported('trailing backslash');
    if (CLASS_ESCAPES[c]) return { kind: 'chars', chars: CLASS_ESCAPES[c] };
    if (/[A-Za-z0-9]/.test(c)) throw new Unsupported(`escape \\${c}`);
    return { kind: 'chars', chars: c };
  }

  function parseClass() {
    if (peek() === '^') throw new Unsupported('negated class');
    let chars = '';
    while (i < source.length && peek() !== ']') {
      let c = source[i];
      i += 1;
      if (c === '\\') {
        const e = source[i];
        i += 1;
        if (CLASS_ESCAPES[e]) {
          chars += CLASS_ESCAPES[e];
          continue;
        }
        if (/[A-Za-z0-9]/.test(e)) throw new Unsupported(`escape \\${e}`);
        c = e;
      }
      if (peek() === '-' && source[i + 1] !== undefined && source[i + 1] !== ']') {
        const end = source[i + 1];
        i += 2;
        for (let code = c.charCodeAt(0); code <= end.charCodeAt(0) && chars.length < 256; code += 1) {
          chars += String.fromCharCode(code);
        }
      } else {
        chars += c;
      }
    }
    if (peek() !== ']' || chars === '') throw new Unsupported('bad class');
    i += 1;
    return { kind: 'chars', chars };
  }

  function parseQuantifier(atom) {
    const c = peek();
    let min = 1;
    let max = 1;
    if (c === '?') [min, max] = [0, 1];
    else if (c === '*') [min, max] = [0, 3];
    else if (c === '+') [min, max] = [1, 4];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (!m) throw new Unsupported('bad repetition');
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? min + 3 : Number(m[3]);
      i += m[0].length - 1;
    } else return atom;
    i += 1;
    if (peek() === '?') i += 1; // lazy modifier changes nothing for generation
    if (max > 64 || max < min) throw new Unsupported('repetition too large');
    return { kind: 'repeat', atom, min, max };
  }

  const ast = parseAlternation();
  if (i !== source.length) throw new Unsupported('unbalanced parenthesis');
  return ast;
}

function generate(node, seed, path) {
  switch (node.kind) {
    case 'alt':
      return generate(node.branches[pick(node.branches.length, seed, path)], seed, `${path}a`);
    case 'seq':
      return node.items.map((item, k) => generate(item, seed, `${path}.${k}`)).join('');
    case 'repeat': {
      const count = node.min + pick(node.max - node.min + 1, seed, path, 'n');
      let out = '';
      for (let k = 0; k < count; k += 1) out += generate(node.atom, seed, `${path}*${k}`);
      return out;
    }
    default:
      return node.chars[pick(node.chars.length, seed, path)];
  }
}

/** A string matching `pattern`, or null when the pattern is not simple enough to sample. */
export function sampleMatching(pattern, seed) {
  let regex;
  try {
    regex = new RegExp(pattern, 'u');
  } catch {
    return null;
  }
  try {
    const value = generate(parse(pattern), seed, 'p');
    return regex.test(value) ? value : null;
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}
