// Altinn's error formats (altinn-authentication.md §9): ProblemDetails with AUTH-codes
// (`type: urn:altinn:error:AUTH-000nn`, title, status, code, traceId, statusDescription), the
// validation problem (STD-00000 with validationErrors), and the plain ASP.NET bodies some
// endpoints really return: empty 401/403/404 and plain-text strings.
import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import type { ErrorFormat, ErrorKind } from '@testbed/common/errors';

/** AUTH codes: HTTP status and title (altinn-authentication.md §9.2). */
export const AUTH_PROBLEMS = {
  'AUTH-00000': [400, "Can't resolve the organisation number of the customer (party)."],
  'AUTH-00001': [400, 'One or more rights were not found or are not delegable.'],
  'AUTH-00002': [400, 'The delegation failed.'],
  'AUTH-00003': [400, 'Could not create the system user.'],
  'AUTH-00004': [400, 'A system user already exists for this system, organisation and external reference.'],
  'AUTH-00010': [404, 'The Id does not refer to a Request in our system.'],
  'AUTH-00011': [404, 'The Id does not refer to a Registered System.'],
  'AUTH-00013': [409, 'The Status of the Request is not New.'],
  'AUTH-00014': [403, 'Delegation check failed with an unknown error.'],
  'AUTH-00015': [404, 'The SystemUser was not found.'],
  'AUTH-00016': [403, 'Delegation check failed: the user has no access through a role in ER or Altinn.'],
  'AUTH-00017': [404, 'The SystemName was not found.'],
  'AUTH-00018': [403, 'Delegation check failed: the user has no access through a direct delegation.'],
  'AUTH-00019': [403, 'Delegation check failed: the service requires an explicit right in SRR.'],
  'AUTH-00020': [403, 'Delegation check failed: insufficient authentication level.'],
  'AUTH-00021': [400, 'The RedirectUri was not found or not valid.'],
  'AUTH-00022': [400, 'Revoking the rights failed.'],
  'AUTH-00023': [401, "Can't resolve the organisation number of the vendor from the token."],
  'AUTH-00024': [403, 'Not allowed to delete this system user.'],
  'AUTH-00025': [400, 'The request exists but is not a request for an agent system user.'],
  'AUTH-00026': [400, 'No redirect URLs are set for the system.'],
  'AUTH-00027': [400, 'The access package cannot be mapped to a role.'],
  'AUTH-00028': [400, 'The customer id is missing or invalid.'],
  'AUTH-00030': [404, 'The Id does not refer to an agent request in our system.'],
  'AUTH-00034': [400, 'The system user is not of type agent.'],
  'AUTH-00035': [400, 'The agent system user has client delegations; remove them first.'],
  'AUTH-00036': [400, 'The system user is not of type standard.'],
  'AUTH-00041': [403, "The party does not match the request's organisation number."],
  'AUTH-00042': [403, "The party does not match the agent request's organisation number."],
  'AUTH-00053': [400, 'The user lacks access to delegate the requested access packages.'],
  'AUTH-00058': [400, 'An agent request needs at least one access package.'],
  'AUTH-00059': [400, 'A standard request needs at least one right or access package.'],
  'AUTH-00061': [409, 'The change request is not New: use a new correlation id.'],
  'AUTH-00063': [400, "One or more access packages are not among the system's access packages."],
  'AUTH-00064': [400, 'One or more access packages cannot be delegated to a standard system user.'],
  'AUTH-00065': [400, 'One or more access packages are not meant for client relationships.'],
  'AUTH-00066': [403, "The logged-in user is neither an access manager nor related to the request's organisation."],
  'AUTH-00068': [403, 'Delegation check failed: missing access to an access package.'],
  'AUTH-00069': [403, 'Delegation check failed: access-list validation failed.'],
  'AUTH-00070': [403, 'Delegation check failed: the resource is not delegable.'],
  'AUTH-00071': [403, 'Delegation check failed: the resource is a Maskinporten schema.'],
  'AUTH-00079': [400, 'Client not found.'],
  'AUTH-00080': [400, "The client lacks one or more of the agent system user's access packages."],
} as const satisfies Record<string, readonly [number, string]>;

export type AuthCode = keyof typeof AUTH_PROBLEMS;

/** W3C traceparent-style trace id, as ASP.NET writes it. */
export const traceId = () => `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;

/** An AUTH-coded problem; thrown by domain code and written by the error format. */
export class AltinnProblem extends Error {
  readonly status: number;
  constructor(
    readonly code: AuthCode,
    readonly extensions: Record<string, unknown> = {},
    readonly detail?: string,
  ) {
    super(AUTH_PROBLEMS[code][1]);
    this.status = AUTH_PROBLEMS[code][0];
    this.name = 'AltinnProblem';
  }
}

export interface ValidationError {
  code: string;
  title: string;
  paths: string[];
  detail?: string;
  [extension: string]: unknown;
}

/** 400 STD-00000 with `validationErrors`, Altinn's validation problem. */
export class AltinnValidationProblem extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('One or more validation errors occurred.');
    this.name = 'AltinnValidationProblem';
  }
}

/** A plain ASP.NET result: empty body (Unauthorized(), Forbid(), NotFound()) or a plain string. */
export class PlainResult extends Error {
  constructor(
    readonly status: number,
    readonly body?: string,
  ) {
    super(body ?? STATUS_CODES[status] ?? 'error');
    this.name = 'PlainResult';
  }
}

/** A model-binding failure (ASP.NET's ValidationProblemDetails); thrown by handlers, written by the error format. */
export class ModelStateProblem extends Error {
  constructor(readonly errors: Record<string, string[]>) {
    super('One or more validation errors occurred.');
    this.name = 'ModelStateProblem';
  }
}

const statusDescription = (status: number) => STATUS_CODES[status] ?? 'Error';

export function sendProblem(res: Response, problem: AltinnProblem): void {
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: `urn:altinn:error:${problem.code}`,
      title: problem.message,
      status: problem.status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      code: problem.code,
      traceId: traceId(),
      statusDescription: statusDescription(problem.status),
      ...problem.extensions,
    });
}

export function sendValidationProblem(res: Response, problem: AltinnValidationProblem): void {
  res.status(400).type('application/problem+json').json({
    type: 'urn:altinn:error:STD-00000',
    title: problem.message,
    status: 400,
    code: 'STD-00000',
    traceId: traceId(),
    statusDescription: 'Bad Request',
    validationErrors: problem.errors,
  });
}

/**
 * ASP.NET's own ValidationProblemDetails, for model-binding failures (missing required members,
 * wrong JSON types, a non-GUID route id): an `errors` dictionary of field → messages.
 */
export function sendModelStateProblem(res: Response, errors: Record<string, string[]>): void {
  res.status(400).type('application/problem+json').json({
    type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
    title: 'One or more validation errors occurred.',
    status: 400,
    errors,
    traceId: traceId(),
  });
}

export function sendPlain(res: Response, result: PlainResult): void {
  res.status(result.status);
  if (result.body === undefined) res.end();
  else res.type('text/plain').send(result.body);
}

const KIND_TITLE: Partial<Record<ErrorKind, string>> = {
  not_found: 'Not Found',
  too_large: 'Payload Too Large',
  unsupported_media_type: 'Unsupported Media Type',
  upstream: 'Bad Gateway',
  fault: 'Injected fault',
  internal: 'An error occurred while processing your request.',
};

export const altinnErrorFormat: ErrorFormat = {
  send(_req: Request, res: Response, status: number, kind: ErrorKind, message: string) {
    if (kind === 'bad_request') return sendModelStateProblem(res, { $: [message] });
    res
      .status(status)
      .type('application/problem+json')
      .json({ type: `https://tools.ietf.org/html/rfc9110`, title: KIND_TITLE[kind] ?? statusDescription(status), status, detail: message, traceId: traceId() });
  },
  handle(err, _req, res) {
    if (err instanceof AltinnProblem) sendProblem(res, err);
    else if (err instanceof AltinnValidationProblem) sendValidationProblem(res, err);
    else if (err instanceof PlainResult) sendPlain(res, err);
    else if (err instanceof ModelStateProblem) sendModelStateProblem(res, err.errors);
    else return false;
    return true;
  },
};
