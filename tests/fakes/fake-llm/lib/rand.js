// Deterministic pseudo-randomness. Every "random" choice the emulator makes (content wording,
// fault selection, latency jitter) is a pure function of strings such as the seed, the prompt
// digest and a position, so a run is reproducible across processes and machines. Nothing here
// may read Math.random or the clock.

import { createHash } from 'node:crypto';

/** 32-bit FNV-1a with a murmur3 finaliser: fast, and well mixed enough for picking words. */
export function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) derived from the given parts. */
export function unit(...parts) {
  return hash32(parts.join('\u0001')) / 2 ** 32;
}

/** An integer in [0, n) derived from the given parts. */
export function pick(n, ...parts) {
  return n <= 0 ? 0 : Math.floor(unit(...parts) * n);
}

export function sha256Hex(text) {
  return createHash('sha256').update(text).digest('hex');
}
