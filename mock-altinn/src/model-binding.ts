// ASP.NET model binding as Altinn Authentication's controllers get it: a [FromBody] parameter needs
// a JSON content type (415 otherwise), System.Text.Json matches member names without case, stops at
// the first member of the wrong JSON type and refuses a body without its `required` members,
// [Required] and length annotations are checked after that, and route or query values must convert
// to their declared type (GUID, int).
// Every failure is ASP.NET's ValidationProblemDetails (an `errors` dictionary), never a 500.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { isUuid } from '@testbed/common/identifiers';
import { jsonBody } from '@testbed/common/service-app';
import { altinnErrorFormat, ModelStateProblem } from './problems.js';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

function requireJsonContentType(req: Request, res: Response, next: NextFunction): void {
  if (JSON_TYPE.test(req.get('content-type') ?? '')) return next();
  altinnErrorFormat.send(req, res, 415, 'unsupported_media_type', 'The request body must be application/json.');
}

const parseJson = jsonBody();

/** Middleware for a [FromBody] parameter: JSON content type, then the JSON parser with its size limit. */
export const fromBody: RequestHandler = (req, res, next) =>
  requireJsonContentType(req, res, (err?: unknown) => (err ? next(err) : parseJson(req, res, next)));

export interface BodyModel<T> {
  schema: z.ZodType<T>;
  /** The C# type, named in deserialization messages. */
  model: string;
  /** The action parameter, named in "field is required" messages. */
  param: string;
  /**
   * `json`: the model's members use C#'s `required` keyword, so a missing one fails deserialization
   * (one `$` message). `annotation`: they carry [Required], checked member by member afterwards.
   */
  required: 'json' | 'annotation';
}

const DOTNET_TYPES: Record<string, string> = {
  string: 'System.String',
  boolean: 'System.Boolean',
  number: 'System.Int32',
  int: 'System.Int32',
  array: 'System.Collections.Generic.List`1',
};

const jsonPath = (path: PropertyKey[]) => path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`), '$');
const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const memberPath = (path: PropertyKey[]) =>
  path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${pascal(String(p))}` : pascal(String(p))), '');

function add(errors: Record<string, string[]>, key: string, message: string): void {
  (errors[key] ??= []).push(message);
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; shape?: Record<string, z.ZodType>; valueType?: z.ZodType };

/** Renames members to the schema's spelling when they match without case (the web serializer defaults). */
function matchMemberNames(value: unknown, schema: z.ZodType): unknown {
  const def = schema._zod.def as unknown as Def;
  const inner = def.innerType ?? def.in;
  if (inner) return matchMemberNames(value, inner);
  if (def.type === 'array' && Array.isArray(value)) return value.map((v) => matchMemberNames(v, def.element!));
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  if (def.type === 'record') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, matchMemberNames(v, def.valueType!)]));
  if (def.type !== 'object') return value;
  const shape = def.shape!;
  const byLowerCase = new Map(Object.keys(shape).map((k) => [k.toLowerCase(), k]));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const name = byLowerCase.get(k.toLowerCase());
      return name ? [name, matchMemberNames(v, shape[name]!)] : [k, v];
    }),
  );
}

/** Binds a parsed JSON body to the model, or throws ASP.NET's ValidationProblemDetails. */
export function bindBody<T>(body: unknown, m: BodyModel<T>): T {
  const paramRequired = `The ${m.param} field is required.`;
  if (body === undefined) throw new ModelStateProblem({ '': ['A non-empty request body is required.'], [m.param]: [paramRequired] });
  const result = m.schema.safeParse(matchMemberNames(body, m.schema), { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const errors: Record<string, string[]> = {};
  // A member that is there with the wrong JSON type (null included); absent members have no input.
  const present = (i: z.core.$ZodIssue) => (i as { input?: unknown }).input !== undefined;

  const wrongType = issues.find((i) => i.code === 'invalid_type' && present(i));
  if (wrongType) {
    const path = jsonPath(wrongType.path);
    const type = path === '$' ? m.model : (DOTNET_TYPES[(wrongType as z.core.$ZodIssueInvalidType).expected] ?? 'System.Object');
    add(errors, path, `The JSON value could not be converted to ${type}. Path: ${path} | LineNumber: 0 | BytePositionInLine: 0.`);
    add(errors, m.param, paramRequired);
    throw new ModelStateProblem(errors);
  }
  const missing = issues.filter((i) => i.code === 'invalid_type');
  if (missing.length && m.required === 'json') {
    const names = missing.map((i) => String(i.path.at(-1))).join(', ');
    add(errors, '$', `JSON deserialization for type '${m.model}' was missing required properties including: ${names}.`);
    add(errors, m.param, paramRequired);
    throw new ModelStateProblem(errors);
  }
  for (const issue of issues) {
    const key = memberPath(issue.path);
    add(errors, key, issue.code === 'invalid_type' ? `The ${pascal(String(issue.path.at(-1) ?? m.param))} field is required.` : issue.message);
  }
  throw new ModelStateProblem(errors);
}

/**
 * Trims every string of a bound body, as Altinn's TrimStringsActionFilter does on the vendor
 * POST/PUT actions. Run after binding, so its depth is the model's, not whatever a client nests.
 */
export function trimStrings<T>(value: T): T {
  if (typeof value === 'string') return value.trim() as T;
  if (Array.isArray(value)) return value.map(trimStrings) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimStrings(v)])) as T;
  return value;
}

/** A named route value (always a string for `:name` segments). */
export function routeValue(req: Request, name: string): string {
  const value = req.params[name];
  return typeof value === 'string' ? value : '';
}

const notValid = (name: string, value: unknown) => new ModelStateProblem({ [name]: [`The value '${String(value)}' is not valid.`] });

/** A GUID route or query value, lower-cased; ASP.NET's binding error otherwise. */
export function guidValue(name: string, value: unknown): string {
  if (!isUuid(value)) throw notValid(name, value);
  return value.toLowerCase();
}

/** An int route value (party ids); ASP.NET's binding error otherwise. */
export function intValue(name: string, value: unknown): number {
  const n = typeof value === 'string' && /^-?\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n > 2 ** 31 - 1 || n < -(2 ** 31)) throw notValid(name, value);
  return n;
}

/** A bool query value: absent → false; otherwise `true`/`false` in any case, as bool binding takes. */
export function queryBool(req: Request, name: string): boolean {
  const value = queryString(req, name);
  if (value === undefined) return false;
  if (!/^(true|false)$/i.test(value)) throw notValid(name, value);
  return value.toLowerCase() === 'true';
}

/** A string query value: absent, empty or repeated (`?a=1&a=2` binds the first) like ASP.NET's string binding. */
export function queryString(req: Request, name: string): string | undefined {
  const raw = req.query[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
