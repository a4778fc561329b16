// The assertion every error test makes, kept apart from testbed.ts so the benchmark can use that
// without loading vitest.
import { expect } from 'vitest';
import { HINT_HEADER } from '../src/errors.js';
import type { FeilBody } from './testbed.js';

/** Checks an error answer: status, the exact JSON `Feil` shape, its code, the korrelasjonsid, and the hint. */
export async function expectFeil(res: Response, status: number, kode: string, hint?: RegExp): Promise<FeilBody> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as FeilBody;
  expect(Object.keys(body)).toEqual(['kode', 'melding', 'korrelasjonsid']);
  expect(body.kode).toBe(kode);
  expect(body.korrelasjonsid).toBe(res.headers.get('x-correlation-id'));
  if (hint) expect(res.headers.get(HINT_HEADER)).toMatch(hint);
  return body;
}
