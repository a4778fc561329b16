// The console: the front door of `npm start`. Journey status, a live sequence diagram from the
// journals, a token decoder, and buttons for reset and the clock. It drives the other services
// only through their control planes, like a CI script would.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, type NextFunction } from 'express';
import { z } from 'zod';
import type { TestbedConfig } from '@testbed/common/config';
import { createServiceContext } from '@testbed/common/context';
import { sameSecret } from '@testbed/common/control-plane';
import type { ErrorFormat } from '@testbed/common/errors';
import { renderErrorPage, setupPages } from '@testbed/common/pages';
import type { ServiceInstance } from '@testbed/common/service';
import { createServiceApp, formBody } from '@testbed/common/service-app';
import { csrfToken, sessionMiddleware, verifyCsrf } from '@testbed/common/session';
import { resetTestbed, setClockEverywhere } from '@testbed/common/testbed-control';
import { journeyStatus } from './journey-status.js';
import { readFeed } from './journal-feed.js';
import { messages } from './messages.js';
import { PEERS, Peers } from './peers.js';
import { TokenInspector } from './token-inspector.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

const errors: ErrorFormat = {
  send(req, res, status, _kind, message) {
    if (req.path.startsWith('/api/') || !res.locals.t) res.status(status).json({ error: status, message });
    else renderErrorPage(res, status, message);
  },
};

const cursorSchema = z.record(z.string(), z.coerce.number().int().min(0));
const clockForm = z.object({ advanceSeconds: z.coerce.number().int().min(1).max(10 * 365 * 86400).optional(), reset: z.literal('1').optional() });

export async function createConsole(config: TestbedConfig): Promise<ServiceInstance> {
  const ctx = await createServiceContext('console', config, () => ({}));
  const peers = new Peers(config, ctx.fetch);
  const inspector = new TokenInspector(ctx);
  const session = await sessionMiddleware(config.dataDir, 'console', config.urls.console.startsWith('https:'));
  const csrfFailed = (_req: Request, res: Response) => renderErrorPage(res, 403, (res.locals.t as (k: string) => string)('error.csrf'));

  /** In a shared test-bed the console's buttons act on every control plane: require the admin token. */
  const requireAdmin = (req: Request, res: Response, next: NextFunction) => {
    if (!config.adminToken || req.session?.admin === true) return next();
    if (req.path.startsWith('/api/')) return res.status(401).json({ error: 401, message: 'Log in to the console first.' });
    res.redirect(303, '/login');
  };

  const app = createServiceApp(ctx, {
    errors,
    routes: (app) => {
      setupPages(app, { viewsDir: path.join(root, 'views'), theme: 'digdir', messages, siteName: { nb: messages.nb['site.name']!, en: messages.en['site.name']! } });
      app.use('/public', express.static(path.join(root, 'public'), { maxAge: '1h' }));
      app.use(session);

      app.get('/login', (req, res) => res.render('login', { title: res.locals.t('login.title'), csrf: csrfToken(req), wrong: false }));
      app.post('/login', formBody(), verifyCsrf(csrfFailed), (req, res) => {
        if (config.adminToken && sameSecret(String(req.body.token ?? ''), config.adminToken)) {
          req.session!.admin = true;
          return res.redirect(303, '/');
        }
        res.status(401).render('login', { title: res.locals.t('login.title'), csrf: csrfToken(req), wrong: true });
      });

      app.use(requireAdmin);

      app.get('/', async (req, res) => {
        const [steps, clock] = await Promise.all([journeyStatus(peers), peers.get<{ now: string; offsetSeconds: number }>('console', '/clock')]);
        res.render('index', { title: res.locals.t('home.title'), steps, clock, csrf: csrfToken(req), urls: config.urls, peers: PEERS, error: req.query.error });
      });

      app.get('/api/status', async (_req, res) => {
        const [steps, health] = await Promise.all([
          journeyStatus(peers),
          Promise.all(PEERS.map(async (name) => ({ name, url: config.urls[name], up: (await peers.get(name, '/health')) !== null }))),
        ]);
        res.json({ steps, services: health, clock: { now: ctx.clock.date().toISOString(), offsetSeconds: ctx.clock.offset / 1000 } });
      });

      app.get('/api/journal', async (req, res) => {
        const parsed = cursorSchema.safeParse(typeof req.query.cursor === 'string' ? safeJson(req.query.cursor) : {});
        if (!parsed.success) return res.status(400).json({ error: 400, message: 'cursor must be a JSON object of service → sequence number' });
        res.json(await readFeed(peers, parsed.data));
      });

      app.post('/controls/reset', formBody(), verifyCsrf(csrfFailed), async (_req, res) => {
        try {
          await resetTestbed(config, ctx.fetch);
          res.redirect(303, '/');
        } catch (err) {
          res.redirect(303, `/?error=${encodeURIComponent((err as Error).message.slice(0, 300))}`);
        }
      });

      app.post('/controls/clock', formBody(), verifyCsrf(csrfFailed), async (req, res) => {
        const form = clockForm.safeParse(req.body);
        if (!form.success || (!form.data.reset && !form.data.advanceSeconds)) return renderErrorPage(res, 400, 'advanceSeconds or reset');
        try {
          await setClockEverywhere(config, form.data.reset ? { offsetSeconds: 0 } : { advanceSeconds: form.data.advanceSeconds! }, ctx.fetch);
          res.redirect(303, '/');
        } catch (err) {
          res.redirect(303, `/?error=${encodeURIComponent((err as Error).message.slice(0, 300))}`);
        }
      });

      app.get('/token', (req, res) => res.render('token', { title: res.locals.t('token.title'), csrf: csrfToken(req), token: '', inspection: null }));
      app.post('/token', formBody('64kb'), verifyCsrf(csrfFailed), async (req, res) => {
        const token = String(req.body.token ?? '').trim();
        res.render('token', { title: res.locals.t('token.title'), csrf: csrfToken(req), token, inspection: await inspector.inspect(token) });
      });
    },
  });
  return { name: 'console', handler: app, close: () => ctx.store.close() };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
