// Maskinporten's error body, used by every route of this service so that a client sees one shape:
//   {error, error_description: "<text> (trace_id: <32 hex>)", error_uri?, validation_errors?, mock_hint?}
// `error_uri` (`<base>/errors/MP-xxx`) only where Maskinporten has a code; `validation_errors`
// lists field-level problems of a self-service or control-plane body; `mock_hint` is the mock's
// diagnosis (which check failed, with which values) and is left out in strict mode.
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { TestbedConfig } from '@testbed/common/config';
import type { ErrorFormat, ErrorKind } from '@testbed/common/errors';
import type { z } from 'zod';

export interface Problem {
  error: string;
  description: string;
  /** HTTP status; 400 when absent, as Maskinporten answers almost everything. */
  status?: number;
  /** `MP-xxx`, when Maskinporten has one for this failure. */
  code?: string;
}

export interface FieldError {
  field: string;
  message: string;
}

export class OAuthError extends Error {
  constructor(
    readonly problem: Problem,
    /** What the mock knows about the failure: the check and the values (not in strict mode). */
    readonly hint?: string,
    readonly fields?: FieldError[],
  ) {
    super(`${problem.error}: ${problem.description}`);
    this.name = 'OAuthError';
  }

  get status(): number {
    return this.problem.status ?? 400;
  }
}

const KIND_ERROR: Record<ErrorKind, string> = {
  bad_request: 'invalid_request',
  unauthorized: 'invalid_token',
  forbidden: 'insufficient_scope',
  not_found: 'not_found',
  too_large: 'invalid_request',
  unsupported_media_type: 'invalid_request',
  upstream: 'server_error',
  fault: 'server_error',
  unavailable: 'temporarily_unavailable',
  internal: 'server_error',
};

const traceId = () => randomBytes(16).toString('hex');

function sendOAuthError(config: TestbedConfig, res: Response, err: OAuthError): void {
  const { problem } = err;
  res
    .status(err.status)
    .set('Cache-Control', 'no-store')
    .json({
      error: problem.error,
      error_description: `${problem.description} (trace_id: ${traceId()})`,
      ...(problem.code ? { error_uri: `${config.urls.maskinporten}/errors/${problem.code}` } : {}),
      ...(err.fields?.length ? { validation_errors: err.fields } : {}),
      ...(err.hint && !config.strict ? { mock_hint: err.hint } : {}),
    });
}

export const maskinportenErrors = (config: TestbedConfig): ErrorFormat => ({
  send: (_req: Request, res: Response, status: number, kind: ErrorKind, message: string) =>
    sendOAuthError(config, res, new OAuthError({ status, error: KIND_ERROR[kind], description: message })),
  handle(err, _req, res) {
    // express's router rejects a path parameter with broken percent-encoding with a URIError.
    if (err instanceof URIError) {
      sendOAuthError(config, res, new OAuthError({ error: 'invalid_request', description: 'The URL has malformed percent-encoding' }));
      return true;
    }
    if (!(err instanceof OAuthError)) return false;
    sendOAuthError(config, res, err);
    return true;
  },
});

/** A 400 `invalid_request` listing every field zod complained about. */
function invalidInput(error: z.ZodError, what = 'request body'): OAuthError {
  const fields = error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new OAuthError({ error: 'invalid_request', description: `Invalid ${what}: ${summary}` }, undefined, fields);
}

/** Parses `value` with `schema` or throws `invalidInput`. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, what?: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(parsed.error, what);
  return parsed.data;
}

export const notFound = (description: string) => new OAuthError({ status: 404, error: 'not_found', description });
export const conflict = (description: string, hint?: string) => new OAuthError({ status: 409, error: 'invalid_request', description }, hint);
export const badRequest = (description: string, field?: string) =>
  new OAuthError({ error: 'invalid_request', description }, undefined, field ? [{ field, message: description }] : undefined);
