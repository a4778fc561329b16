// Altinn Authentication's paginated lists (altinn-authentication.md §6.4): `{links: {next}, data}`,
// `links` empty on the last page, `next` the same route with `?token=`, an opaque base64url of the
// JSON continuation key (a request GUID, a system user's sequence number).
import type { Request } from 'express';
import { ModelStateProblem } from './problems.js';

export interface Paginated<T> {
  links: { next?: string };
  data: T[];
}

export const opaqueToken = (key: string | number): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * The continuation key of `?token=`, undefined when absent. A token that is not base64url JSON of
 * the expected kind fails model binding, as an unreadable `Opaque<T>` does.
 */
export function continuationKey<K>(req: Request, accept: (value: unknown) => value is K): K | undefined {
  const raw = req.query.token;
  if (raw === undefined || raw === '') return undefined;
  let key: unknown;
  try {
    key = typeof raw === 'string' ? JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) : undefined;
  } catch {
    key = undefined;
  }
  if (!accept(key)) throw new ModelStateProblem({ token: [`The value '${String(raw)}' is not valid.`] });
  return key;
}

export interface Page<T, K> {
  items: T[];
  /** Key of the first item of the next page, when there is one. */
  next?: K;
}

/** One page of a sorted list from the first item `startsHere` accepts: `size` items and the next key. */
export function takePage<T, K>(sorted: readonly T[], startsHere: (item: T) => boolean, size: number, keyOf: (item: T) => K): Page<T, K> {
  const start = sorted.findIndex(startsHere);
  const rest = start < 0 ? [] : sorted.slice(start);
  const next = rest[size];
  return { items: rest.slice(0, size), ...(next !== undefined ? { next: keyOf(next) } : {}) };
}

/** The envelope, `next` pointing at the same route on Altinn's public base URL. */
export function paginated<T, K extends string | number>(req: Request, altinnUrl: string, page: Page<unknown, K>, data: T[]): Paginated<T> {
  const next = page.next === undefined ? undefined : `${altinnUrl}${req.baseUrl}${req.path}?token=${opaqueToken(page.next)}`;
  return { links: next ? { next } : {}, data };
}
