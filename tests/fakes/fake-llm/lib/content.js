// The reply text of a chat request, and how faults and limits bend it. Generation is a pure
// function of (server seed, request seed, messages, schema): the same request always gets the
// same reply, a different prompt a different one.

import { hash32, pick, sha256Hex } from './rand.js';
import { analysePrompt, estimateTokens, promptDigest } from './prompt.js';
import { generateFromSchema } from './schema.js';
import * as text from './text.js';

/**
 * @param request { messages, mode: 'text'|'json'|'schema', schema, schemaName, requestSeed }
 * @param serverSeed the --seed of the emulator
 * @returns the full reply text, before any fault or token limit
 */
export function generateContent(request, serverSeed) {
  const { messages, mode, schema, schemaName, requestSeed } = request;
  const schemaKey = mode === 'schema' ? sha256Hex(JSON.stringify(schema)).slice(0, 16) : mode;
  const seed = `${serverSeed}|${requestSeed ?? ''}|${promptDigest(messages)}|${schemaKey}`;
  const ctx = { ...analysePrompt(messages), seed, offset: hash32(seed) % 997, schemaName };
  if (mode === 'schema') return JSON.stringify(generateFromSchema(schema, ctx));
  if (mode === 'json') {
    // JSON mode without a schema: a small object about the prompt's topic.
    return JSON.stringify({
      topic: ctx.terms[0],
      summary: text.description(ctx, 'item', 0),
      key_terms: ctx.terms.slice(0, 5),
    });
  }
  return text.prose(ctx, 0);
}

export const CONTENT_FAULTS = new Set(['malformed', 'prose', 'fenced', 'truncate']);

const parses = (s) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

/** Cuts a string without leaving half of a surrogate pair at the end. */
function cutAt(s, n) {
  let out = s.slice(0, Math.max(0, n));
  if (/[\uD800-\uDBFF]$/.test(out)) out = out.slice(0, -1);
  return out;
}

/**
 * The ways real models break a JSON answer. Returns { content, finishReason }.
 * malformed: cut in the middle or a trailing comma; prose: JSON inside sentences; fenced: JSON in
 * a ```json fence; truncate: cut as if max_tokens ran out (finish_reason "length").
 */
export function applyContentFault(fault, content, seed) {
  switch (fault) {
    case 'malformed': {
      const json = /^\s*[[{]/.test(content) ? content : JSON.stringify({ answer: content });
      let broken;
      const close = Math.max(json.lastIndexOf('}'), json.lastIndexOf(']'));
      if (pick(2, seed, 'malformed') === 0 && close > 1) {
        broken = `${json.slice(0, close)},${json.slice(close)}`; // {"a":1,} — a trailing comma
      } else {
        broken = cutAt(json, Math.floor(json.length * (0.4 + pick(30, seed, 'cut') / 100)));
      }
      return { content: parses(broken) ? `${broken},` : broken, finishReason: 'stop' };
    }
    case 'prose':
      return {
        content: `Sure! Here is the JSON you asked for:\n${content}\nLet me know if you would like any changes.`,
        finishReason: 'stop',
      };
    case 'fenced':
      return { content: `Here is the result:\n\`\`\`json\n${content}\n\`\`\``, finishReason: 'stop' };
    case 'truncate':
      return { content: cutAt(content, Math.max(1, Math.floor(content.length / 2))), finishReason: 'length' };
    default:
      return { content, finishReason: 'stop' };
  }
}

/**
 * Applies stop sequences and the completion token limit (tokens ≈ ceil(chars / 4)). Content over
 * the limit is cut, honestly, like a real model: finish reason "length" and usually broken JSON.
 */
export function limitContent(content, finishReason, { maxTokens, stop }) {
  let out = content;
  let reason = finishReason;
  const stops = (Array.isArray(stop) ? stop : stop ? [stop] : []).filter((s) => typeof s === 'string' && s);
  for (const s of stops) {
    const at = out.indexOf(s);
    if (at >= 0) {
      out = out.slice(0, at);
      reason = 'stop';
    }
  }
  if (Number.isInteger(maxTokens) && maxTokens >= 0 && estimateTokens(out) > maxTokens) {
    out = cutAt(out, maxTokens * 4);
    reason = 'length';
  }
  return { content: out, finishReason: reason, completionTokens: estimateTokens(out) };
}
