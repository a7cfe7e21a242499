// Deterministic pseudo-randomness and identifiers. Fault draws, latency jitter, project and node
// GUIDs are pure functions of the seed and of names, so two runs with the same configuration and
// the same requests see the same ids, the same GUIDs and the same faults. Nothing here reads
// Math.random or the clock.

import { createHash } from 'node:crypto';

/** 32-bit FNV-1a with a murmur3 finaliser. */
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

/** A GUID-shaped string (version 4 layout) derived from the given parts. */
export function guidFrom(...parts) {
  const hex = createHash('sha256').update(parts.join('\u0001')).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
