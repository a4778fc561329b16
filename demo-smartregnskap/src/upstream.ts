// What SmartRegnskap does with an answer it did not hope for: keep the status and the body exactly
// as they came, so a page can explain it in plain words and still show what was on the wire.
import type { ServiceFetch } from '@testbed/common/http-client';
import { MaskinportenError } from '@testbed/common/maskinporten-client';

export type Upstream = 'maskinporten' | 'altinn' | 'skatteetaten' | 'idporten';

/** An upstream service answered with an error status. */
export class UpstreamAnswer extends Error {
  constructor(
    readonly service: Upstream,
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${service} answered ${method} ${url} with HTTP ${status}`);
    this.name = 'UpstreamAnswer';
  }

  /** The platform's own error code: Altinn's AUTH-/STD-code, Skatteetaten's kode, Maskinporten's MP-code. */
  get code(): string | undefined {
    return errorCodeOf(this.body);
  }
}

/** SmartRegnskap has not been set up yet (no clients, no systems): nothing upstream can work. */
export class NotSetUp extends Error {
  constructor() {
    super('SmartRegnskap is not set up yet: run `npm run setup -w demo-smartregnskap`.');
    this.name = 'NotSetUp';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function errorCodeOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if (typeof body.kode === 'string') return body.kode;
  const firstValidation = Array.isArray(body.validationErrors) && isRecord(body.validationErrors[0]) ? body.validationErrors[0].code : undefined;
  if (typeof firstValidation === 'string') return firstValidation;
  if (typeof body.code === 'string') return body.code;
  if (typeof body.error_uri === 'string') return body.error_uri.split('/').pop();
  return typeof body.error === 'string' ? body.error : undefined;
}

/** The body as JSON when it parses, else the text (Altinn answers some errors with plain strings or nothing). */
export async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Reads a successful body or throws UpstreamAnswer with what came back. */
async function expectOk<T>(service: Upstream, method: string, url: string, res: Response): Promise<T> {
  const body = await readBody(res);
  if (!res.ok) throw new UpstreamAnswer(service, method, url, res.status, body);
  return body as T;
}

/**
 * A JSON call with a bearer token: the body as JSON (when given), the answer read, and an
 * UpstreamAnswer thrown for an error status. Returns the status too (Altinn's 200 vs 201 matters).
 */
export async function callJson<T>(fetch: ServiceFetch, service: Upstream, method: string, url: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await expectOk<T>(service, method, url, res) };
}

/** What a page shows under "what SmartRegnskap saw on the wire". */
export interface Wire {
  service: Upstream;
  request: string;
  status: number;
  body: string;
}

export function wireOf(err: UpstreamAnswer | MaskinportenError, maskinportenUrl: string): Wire {
  if (err instanceof MaskinportenError) {
    return { service: 'maskinporten', request: `POST ${maskinportenUrl}/token`, status: err.status, body: JSON.stringify(err.body, null, 2) };
  }
  return {
    service: err.service,
    request: `${err.method} ${err.url}`,
    status: err.status,
    body: typeof err.body === 'string' ? err.body || '(empty body)' : JSON.stringify(err.body, null, 2),
  };
}
