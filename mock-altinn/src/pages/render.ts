// Rendering the pages and their problems. Every page gets the person, the form token and the
// one-shot message; every failure, whatever threw it (the domain's AUTH problems, a refused form,
// ID-porten being down), becomes a page in plain words with the platform's status code, never a
// stack trace or a JSON body.
import type { NextFunction, Request, Response } from 'express';
import type { ServiceContext } from '@testbed/common/context';
import { UpstreamError } from '@testbed/common/http-client';
import type { Lang } from '@testbed/common/pages';
import { csrfToken } from '@testbed/common/session';
import type { DelegationFailure } from '../access-management/delegation.js';
import { AltinnProblem, PlainResult } from '../problems.js';
import type { AltinnState } from '../state.js';
import { failureLine, type FailureLine } from './display.js';
import { hasText } from './messages.js';
import { personOf, takeFlash } from './session.js';

type T = (key: string, vars?: Record<string, string | number>) => string;
export const tOf = (res: Response) => res.locals.t as T;
export const langOf = (res: Response) => res.locals.lang as Lang;

/** A text whose values are to stand out, in pieces for `<%= %>` output: the values marked `strong`. */
const emphasised =
  (t: T) =>
  (key: string, vars: Record<string, string>): { text: string; strong: boolean }[] =>
    t(key)
      .split(/(\{\w+\})/)
      .filter(Boolean)
      .map((piece) => {
        const name = /^\{(\w+)\}$/.exec(piece)?.[1];
        return name !== undefined && name in vars ? { text: vars[name]!, strong: true } : { text: piece, strong: false };
      });

export function renderPage(req: Request, res: Response, view: string, locals: Record<string, unknown>, status = 200): void {
  res.status(status).render(`altinn/${view}`, {
    person: personOf(req),
    csrf: csrfToken(req),
    flash: takeFlash(req),
    emphasised: emphasised(tOf(res)),
    ...locals,
  });
}

/** A failure the pages describe themselves: a status and a text key with its values. */
export class PageError extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    readonly vars: Record<string, string> = {},
  ) {
    super(key);
    this.name = 'PageError';
  }
}

/** `verifyCsrf`'s answer to a form without this session's token: a 403 page. */
export const csrfRefused = (): never => {
  throw new PageError(403, 'problem.csrf');
};

/** A login that did not go through: cancelled at ID-porten, a stale tab, a forged callback. */
export class LoginError extends Error {
  constructor(
    readonly reason: string,
    /** Where the person was going, for the "try again" link. */
    readonly returnTo: string | undefined,
    /** The person chose "Avbryt" at ID-porten. */
    readonly cancelled = false,
  ) {
    super(reason);
    this.name = 'LoginError';
  }
}

interface Problem {
  status: number;
  message: string;
  code?: string;
  failures?: (FailureLine & { text: string })[];
  retry?: string;
}

/** The AUTH codes that all mean "no such request" to the person reading the page. */
const REQUEST_NOT_FOUND = new Set(['AUTH-00010', 'AUTH-00025', 'AUTH-00030']);

/** The page's sentence for an AUTH code, else the problem's own (English) words. */
const authText = (t: T, code: string, fallback: string) => (hasText(`auth.${code}`) ? t(`auth.${code}`) : fallback);

function authProblem(err: AltinnProblem, t: T, failures: FailureLine[]): Problem {
  const notFound = REQUEST_NOT_FOUND.has(err.code);
  // A refused delegation check is about the rights, not the request: the list says what is missing.
  const message = failures.length ? t('problem.delegation') : notFound ? t('problem.requestNotFound') : authText(t, err.code, err.message);
  // One line per right or package and code: a right refused for each of its actions reads as one.
  const unique = failures.filter((f, i) => failures.findIndex((g) => g.code === f.code && g.label === f.label && g.id === f.id) === i);
  const described = unique.map((f) => ({ ...f, text: authText(t, f.code, f.detail) }));
  return { status: notFound ? 404 : err.status, message, code: err.code, ...(failures.length ? { failures: described } : {}) };
}

const failuresOf = (err: AltinnProblem): DelegationFailure[] => {
  const failures = err.extensions.failures;
  return Array.isArray(failures) ? (failures as DelegationFailure[]) : [];
};

/** Body-parser and routing failures carry the status they mean: too large (413) or unreadable (4xx). */
function requestFault(err: unknown): number | undefined {
  const { type, status } = (err ?? {}) as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large' || type === 'parameters.too.many') return 413;
  return typeof status === 'number' && status >= 400 && status < 500 ? 400 : undefined;
}

async function problemOf(err: unknown, res: Response, ctx: ServiceContext<AltinnState>): Promise<Problem> {
  const t = tOf(res);
  if (err instanceof PageError) return { status: err.status, message: t(err.key, err.vars) };
  if (err instanceof AltinnProblem) {
    const lang = langOf(res);
    return authProblem(err, t, await ctx.store.read((s) => failuresOf(err).map((f) => failureLine(s, f, lang))));
  }
  if (err instanceof PlainResult) return { status: err.status, message: t(err.status === 403 ? 'problem.forbidden' : 'problem.notFound') };
  if (err instanceof LoginError) {
    const message = err.cancelled ? t('problem.loginCancelled') : t('problem.loginFailed', { reason: err.reason });
    return { status: 400, message, ...(err.returnTo ? { retry: err.returnTo } : {}) };
  }
  if (err instanceof UpstreamError) {
    ctx.logger.warn({ err: err.message }, 'pages: upstream call failed');
    return { status: 502, message: t('problem.upstream') };
  }
  const status = requestFault(err);
  if (status) return { status, message: t('problem.badForm') };
  ctx.logger.error({ err }, 'pages: unexpected error');
  return { status: 500, message: t('problem.internal') };
}

/** The error handler of the pages' app. */
export function pageErrors(ctx: ServiceContext<AltinnState>) {
  return async (err: unknown, req: Request, res: Response, _next: NextFunction): Promise<void> => {
    if (res.headersSent) return void res.destroy();
    const problem = await problemOf(err, res, ctx);
    const t = tOf(res);
    const titleKey = problem.failures ? 'problem.title.delegation' : `problem.title.${problem.status}`;
    renderPage(req, res, 'problem', { title: hasText(titleKey) ? t(titleKey) : t('error.title'), ...problem }, problem.status);
  };
}
