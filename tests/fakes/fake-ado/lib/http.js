// Small HTTP helpers shared by the routes.

import { randomUUID } from 'node:crypto';

export class BodyTooLarge extends Error {}

/** The whole request body as text; rejects past `limit` bytes. */
export function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(new BodyTooLarge(`request body larger than ${limit} bytes`));
        return; // keep draining so the answer can still be written on this connection
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('request aborted'));
    });
  });
}

/** { value } when the text is JSON, { error } otherwise. */
export function parseJson(text) {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: error.message };
  }
}

/** True once the client went away: nothing more may be written. */
export function gone(res) {
  return res.destroyed || res.writableEnded;
}

/**
 * JSON the way Azure DevOps labels it: the charset and the api-version that served the request
 * are part of the content type.
 */
export function sendJson(res, status, body, headers = {}, apiVersion = null) {
  if (gone(res)) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  const type = apiVersion
    ? `application/json; charset=utf-8; api-version=${apiVersion}`
    : 'application/json; charset=utf-8';
  res.writeHead(status, {
    ...(text ? { 'content-type': type } : {}),
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(res, status, text, headers = {}, type = 'text/plain; charset=utf-8') {
  if (gone(res)) return;
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The activity id Azure DevOps puts on every answer (the ActivityId header). */
export function activityId() {
  return randomUUID();
}

/** The PAT of `Authorization: Basic base64(user:pat)`; the user part is ignored, as the service does. */
export function basicPassword(req) {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header.trim());
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
