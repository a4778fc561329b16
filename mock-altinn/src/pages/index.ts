// What a person sees in Altinn: the front page, login and logout, the approval pages and the
// system accesses, as one express app with its own views, session and error pages. Mounted after
// every API route, so only requests the APIs do not answer reach it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { setupPages } from '@testbed/common/pages';
import { sessionMiddleware } from '@testbed/common/session';
import type { AltinnDeps } from '../deps.js';
import { approvalRoutes } from './approval.js';
import { IdportenLogin, loginRoutes } from './login.js';
import { MESSAGES, SITE_NAME } from './messages.js';
import { PageError, pageErrors, renderPage, tOf } from './render.js';
import { systemAccessRoutes } from './system-accesses.js';

const viewsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'views');

export async function altinnPages(deps: AltinnDeps): Promise<Express> {
  const login = new IdportenLogin(deps);
  const app = express();
  app.disable('x-powered-by');
  setupPages(app, { viewsDir, theme: 'altinn', messages: MESSAGES, siteName: SITE_NAME });
  app.use(await sessionMiddleware(deps.ctx.config.dataDir, 'altinn', login.secure));

  app.get('/', (req, res) => renderPage(req, res, 'front', { title: tOf(res)('front.title') }));
  app.use(loginRoutes(deps, login));
  app.use(approvalRoutes(deps, login));
  app.use(systemAccessRoutes(deps, login));
  app.use('/accessmanagement/ui', () => {
    throw new PageError(404, 'problem.notFound');
  });
  app.use(pageErrors(deps.ctx));
  return app;
}
