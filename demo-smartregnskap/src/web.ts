// What every SmartRegnskap page shares: formatting in the page's language (Norwegian amounts and
// dates), the CSRF token, form validation, and error pages that explain upstream trouble in plain
// words instead of a 500: nobody should meet a stack trace or a hanging page.
import type { NextFunction, Request, Response } from 'express';
import type { Clock } from '@testbed/common/clock';
import type { TestbedConfig } from '@testbed/common/config';
import type { ErrorFormat } from '@testbed/common/errors';
import { UpstreamError } from '@testbed/common/http-client';
import { MaskinportenError } from '@testbed/common/maskinporten-client';
import { csrfToken, verifyCsrf } from '@testbed/common/session';
import { NotSetUp, UpstreamAnswer, wireOf, type Wire } from './upstream.js';

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

export const tOf = (res: Response): Translate => res.locals.t as Translate;

const KNOWN_SERVICES = new Set(['maskinporten', 'altinn', 'skatteetaten', 'idporten']);
const serviceName = (t: Translate, service: string) => (KNOWN_SERVICES.has(service) ? t(`service.${service}`) : service);

export interface Formatters {
  nok(amount: number): string;
  date(isoDate: string | undefined): string;
  time(ms: number): string;
  secondsUntil(ms: number): number;
}

export function formatters(lang: string, clock: Clock): Formatters {
  const locale = lang === 'en' ? 'en-GB' : 'nb-NO';
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'NOK' });
  const day = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const clockTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Oslo' });
  return {
    nok: (amount) => money.format(amount),
    date: (iso) => (iso && !Number.isNaN(Date.parse(iso)) ? day.format(new Date(iso)) : ''),
    time: (ms) => clockTime.format(new Date(ms)),
    secondsUntil: (ms) => Math.round((ms - clock.now()) / 1000),
  };
}

/** Locals for every page: formatters, the CSRF token, the current path (for the menu), script-safe JSON. */
export function pageLocals(clock: Clock) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.locals.fmt = formatters(String(res.locals.lang), clock);
    res.locals.csrf = csrfToken(req);
    res.locals.currentPath = req.path;
    // For values written into an inline script: `<` escaped so no string can close the script.
    res.locals.json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
    next();
  };
}

interface ProblemPage {
  title: string;
  body: string;
  wire?: Wire;
  retryUrl?: string;
}

export function renderProblem(res: Response, status: number, page: ProblemPage): void {
  res.status(status).render('problem', { retryUrl: undefined, wire: undefined, ...page });
}

export const notFoundPage = (res: Response) =>
  renderProblem(res, 404, { title: tOf(res)('problem.notFound.title'), body: tOf(res)('problem.notFound.body') });

export const csrfCheck = verifyCsrf((_req, res) =>
  renderProblem(res, 403, { title: tOf(res)('problem.badRequest.title'), body: tOf(res)('problem.csrf.body') }),
);

const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';

/** SmartRegnskap's error format: pages for people, a small JSON body for the status poller. */
export function pageErrors(config: TestbedConfig): ErrorFormat {
  return {
    send(req, res, status, kind, message) {
      // Before the page middleware ran (an injected fault) there is no language to render with.
      if (wantsJson(req) || !res.locals.t) {
        res.status(status).json({ error: kind, message });
        return;
      }
      if (kind === 'not_found') return notFoundPage(res);
      const t = tOf(res);
      renderProblem(res, status, { title: status < 500 ? t('problem.badRequest.title') : t('error.title'), body: message });
    },
    handle(err, req, res) {
      if (wantsJson(req) || !res.locals.t) return false;
      const t = tOf(res);
      const retryUrl = req.method === 'GET' ? req.originalUrl : undefined;
      if (err instanceof UpstreamError) {
        const service = serviceName(t, err.target);
        renderProblem(res, 503, { title: t('problem.outage.title', { service }), body: t('problem.outage.body', { service }), ...(retryUrl ? { retryUrl } : {}) });
        return true;
      }
      if (err instanceof UpstreamAnswer || err instanceof MaskinportenError) {
        const wire = wireOf(err, config.urls.maskinporten);
        const service = serviceName(t, wire.service);
        const code = err.code ? ` (${err.code})` : '';
        renderProblem(res, 502, {
          title: t('problem.answer.title', { service }),
          body: t('problem.answer.body', { service, status: err.status, code }),
          wire,
          ...(retryUrl ? { retryUrl } : {}),
        });
        return true;
      }
      if (err instanceof NotSetUp) {
        renderProblem(res, 503, { title: t('problem.notSetUp.title'), body: t('problem.notSetUp.body') });
        return true;
      }
      return false;
    },
  };
}
