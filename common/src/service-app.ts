// The express app every service starts from: correlation id, journal, the control plane, fault
// injection, then the service's own routes, then 404 and errors in the service's own format.
import express, { type Express, type Request, type Response } from 'express';
import type { ServiceContext } from './context.js';
import { controlPlane, type ControlPlaneHooks } from './control-plane.js';
import { correlationMiddleware } from './correlation.js';
import { errorHandler, type ErrorFormat } from './errors.js';
import { faultMiddleware } from './faults.js';

export interface ServiceAppOptions {
  errors: ErrorFormat;
  controlPlane?: ControlPlaneHooks;
  routes: (app: Express) => void;
}

export function createServiceApp<S extends object>(ctx: ServiceContext<S>, options: ServiceAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.use(correlationMiddleware);
  app.use(ctx.journal.middleware());
  app.use('/_testbed', controlPlane(ctx, options.controlPlane));

  // Firing a rule with `times` counts it down; the rule disappears when it has run out.
  app.use(
    faultMiddleware({
      faults: () => ctx.store.read((s) => s.testbed.faults),
      fired: (rule) => {
        void ctx.store.update((s) => {
          const stored = s.testbed.faults.find((f) => f.id === rule.id);
          if (!stored) return;
          stored.hits += 1;
          if (stored.times !== undefined && stored.hits >= stored.times) {
            s.testbed.faults = s.testbed.faults.filter((f) => f.id !== rule.id);
          }
        });
      },
      respond: (req, res, status) =>
        options.errors.send(req, res, status, 'fault', `Fault injected by the test-bed for ${req.method} ${req.path}.`),
    }),
  );

  options.routes(app);

  app.use((req: Request, res: Response) => options.errors.send(req, res, 404, 'not_found', `No route for ${req.method} ${req.path}.`));
  app.use(errorHandler(options.errors, ctx.logger));
  return app;
}

/** Body parsers with limits; failures reach the service's error format through the error handler. */
export const jsonBody = (limit = '256kb') => express.json({ limit, strict: false });
export const formBody = (limit = '64kb') => express.urlencoded({ limit, extended: false, parameterLimit: 50 });
