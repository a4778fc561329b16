// What a person sees: server-rendered EJS pages styled with Digdir's Designsystemet CSS, in
// Norwegian bokmål by default with English one click away (`?lang=en`, remembered in a cookie).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import type { Express, Request, Response, NextFunction } from 'express';

export type Lang = 'nb' | 'en';
export const LANGS: Lang[] = ['nb', 'en'];

/** Texts per language; `{name}` placeholders are filled from `vars`. */
export type Messages = Record<Lang, Record<string, string>>;

export type Theme = 'altinn' | 'digdir' | 'portal';

export interface PagesOptions {
  /** The service's own views folder; the shared layout partials live in common/views. */
  viewsDir: string;
  theme: Theme;
  messages: Messages;
  /** Shown in the page header. */
  siteName: Record<Lang, string>;
}

const require = createRequire(import.meta.url);
const commonViews = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'views');
const staticFiles: Record<string, string> = {
  'designsystemet.css': require.resolve('@digdir/designsystemet-css'),
  'theme-altinn.css': require.resolve('@digdir/designsystemet-theme/altinn.css'),
  'theme-digdir.css': require.resolve('@digdir/designsystemet-theme/digdir.css'),
  'theme-portal.css': require.resolve('@digdir/designsystemet-theme/portal.css'),
  'testbed.css': path.join(commonViews, 'testbed.css'),
};

const shared: Messages = {
  nb: {
    'lang.switch': 'English',
    'lang.switch.code': 'en',
    'testbed.banner': 'Testmiljø — lokal kopi av Systembruker-økosystemet. Ingen ekte data.',
    'error.title': 'Noe gikk galt',
    'error.back': 'Tilbake',
  },
  en: {
    'lang.switch': 'Norsk',
    'lang.switch.code': 'nb',
    'testbed.banner': 'Test-bed — a local copy of the system-user ecosystem. No real data.',
    'error.title': 'Something went wrong',
    'error.back': 'Back',
  },
};

export function translate(messages: Messages, lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  const text = messages[lang][key] ?? shared[lang][key] ?? messages.nb[key] ?? shared.nb[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** The page language: `?lang=` (remembered in a cookie), else the cookie, else bokmål. */
export function langOf(req: Request): Lang {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  if (asked === 'nb' || asked === 'en') return asked;
  const cookie = (req.cookies as Record<string, string> | undefined)?.lang;
  return cookie === 'en' ? 'en' : 'nb';
}

/** Sets up EJS, the shared static assets and the language helpers used by every template. */
export function setupPages(app: Express, options: PagesOptions): void {
  app.set('view engine', 'ejs');
  app.set('views', [options.viewsDir, commonViews]);
  app.use(cookieParser());
  // Browsers ask every page's host for an icon; answer "none" instead of a 404 in every console.
  app.get('/favicon.ico', (_req, res) => res.status(204).end());
  app.get('/_static/:file', (req, res, next) => {
    const file = staticFiles[req.params.file];
    if (!file) return next();
    res.sendFile(file, { maxAge: '1h' });
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const lang = langOf(req);
    if (typeof req.query.lang === 'string' && LANGS.includes(req.query.lang as Lang)) {
      res.cookie('lang', lang, { sameSite: 'lax', httpOnly: false, maxAge: 365 * 86400_000 });
    }
    const other = lang === 'nb' ? 'en' : 'nb';
    const switchUrl = new URL(req.originalUrl, 'http://x');
    switchUrl.searchParams.set('lang', other);
    res.locals.lang = lang;
    res.locals.theme = options.theme;
    // Where this app serves /_static/: '' for a service's own app, its mount path for a sub-app.
    res.locals.staticBase = req.baseUrl;
    res.locals.siteName = options.siteName[lang];
    res.locals.t = (key: string, vars?: Record<string, string | number>) => translate(options.messages, lang, key, vars);
    res.locals.langSwitchUrl = switchUrl.pathname + switchUrl.search;
    next();
  });
}

/** Renders a plain error page in the page layout (for people, not API clients). */
export function renderErrorPage(res: Response, status: number, message: string): void {
  res.status(status).render('testbed/error', { title: (res.locals.t as (k: string) => string)('error.title'), message });
}
