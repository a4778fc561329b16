// The setup's calls either succeed or stop the setup with what the platform answered.
export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupError';
  }
}

/** Fails with the status and the start of the body unless `res` has one of the `expected` statuses. */
export async function expectStatus(res: Response, expected: number[], what: string): Promise<Response> {
  if (expected.includes(res.status)) return res;
  const body = await res.text().catch(() => '');
  throw new SetupError(`${what} failed: HTTP ${res.status}${body ? ` ${body.slice(0, 500)}` : ''}`);
}

export const jsonRequest = (method: string, token: string, body?: unknown): RequestInit => ({
  method,
  headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/**
 * True when `actual` holds everything in `wanted`: objects may have more properties (the platform
 * adds its own), arrays must match element by element.
 */
export function contains(actual: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted)) return Array.isArray(actual) && actual.length === wanted.length && wanted.every((w, i) => contains(actual[i], w));
  if (wanted && typeof wanted === 'object') {
    if (!actual || typeof actual !== 'object') return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(wanted).every(([key, value]) => contains(a[key], value));
  }
  return Object.is(actual, wanted);
}
