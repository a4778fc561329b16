// The control plane, the same on every service under /_testbed/: health, reset, seed, state dump,
// request journal, clock offset and fault injection. With TESTBED_ADMIN_TOKEN set, everything but
// health requires that token, so a shared test-bed cannot be reset by a passer-by.
import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import { z } from 'zod';
import { seededState, type ServiceContext } from './context.js';
import { faultRuleInput, makeFaultRule } from './faults.js';

export interface ControlPlaneHooks {
  /** POST /_testbed/seed: merge fixtures into the state. Absent → 404. */
  seed?: (body: unknown) => Promise<unknown>;
  /** Runs after the state has been reset (drop caches derived from state). */
  onReset?: () => Promise<void> | void;
  /** Adds service-specific routes to the (protected) control plane router. */
  extend?: (router: Router) => void;
}

/** Answers in the control plane's format (application/problem+json). */
export const problem = (res: Response, status: number, title: string, detail?: string, extra: object = {}) =>
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...extra });

/** Answers a zod failure on a control-plane body with the offending fields. */
export const badControlRequest = (res: Response, error: z.ZodError) =>
  problem(res, 400, 'Invalid request to the control plane', z.prettifyError(error), {
    errors: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });

/** Compares a given secret with the expected one in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function adminTokenGuard(adminToken: string | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!adminToken) return next();
    const header = req.get('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : (req.get('x-testbed-admin-token') ?? '');
    if (given && sameSecret(given, adminToken)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer realm="testbed-control-plane"');
    problem(res, 401, 'Control plane requires the admin token', 'Send Authorization: Bearer <TESTBED_ADMIN_TOKEN>.');
  };
}

const clockInput = z
  .object({
    offsetSeconds: z.number().finite().optional(),
    advanceSeconds: z.number().finite().optional(),
    now: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((b) => [b.offsetSeconds, b.advanceSeconds, b.now].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of offsetSeconds, advanceSeconds or now',
  });

const journalQuery = z.object({
  since: z.coerce.number().int().min(0).optional(),
  correlationId: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});

export function controlPlane<S extends object>(ctx: ServiceContext<S>, hooks: ControlPlaneHooks = {}): Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/health', async (_req, res) => {
    res.json({
      status: 'ok',
      service: ctx.name,
      url: ctx.config.urls[ctx.name],
      startedAt: ctx.startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - ctx.startedAt.getTime()) / 1000),
      clock: clockView(ctx),
      memory: memoryView(),
    });
  });

  router.use(adminTokenGuard(ctx.config.adminToken));

  router.post('/reset', async (_req, res) => {
    await ctx.store.replace(seededState(ctx));
    ctx.clock.setOffset(0);
    await hooks.onReset?.();
    ctx.logger.info('state reset to the seeded world');
    res.json({ status: 'reset', service: ctx.name });
  });

  router.post('/seed', async (req, res) => {
    if (!hooks.seed) return problem(res, 404, 'Nothing to seed', `${ctx.name} has no seedable collections.`);
    res.json(await hooks.seed(req.body));
  });

  router.get('/state', async (_req, res) => {
    res.json(await ctx.store.read((s) => s));
  });

  router.get('/journal', (req, res) => {
    const q = journalQuery.safeParse(req.query);
    if (!q.success) return badControlRequest(res, q.error);
    res.json({ service: ctx.name, entries: ctx.journal.list(q.data) });
  });
  router.delete('/journal', (_req, res) => {
    ctx.journal.clear();
    res.status(204).end();
  });

  router.get('/clock', (_req, res) => res.json(clockView(ctx)));
  router.put('/clock', async (req, res) => {
    const body = clockInput.safeParse(req.body);
    if (!body.success) return badControlRequest(res, body.error);
    const { offsetSeconds, advanceSeconds, now } = body.data;
    const offsetMs =
      offsetSeconds !== undefined
        ? offsetSeconds * 1000
        : advanceSeconds !== undefined
          ? ctx.clock.offset + advanceSeconds * 1000
          : Date.parse(now!) - Date.now();
    ctx.clock.setOffset(Math.round(offsetMs));
    await ctx.store.update((s) => {
      s.testbed.clockOffsetMs = ctx.clock.offset;
    });
    res.json(clockView(ctx));
  });

  router.get('/faults', async (_req, res) => {
    res.json({ faults: await ctx.store.read((s) => s.testbed.faults) });
  });
  router.post('/faults', async (req, res) => {
    const body = faultRuleInput.safeParse(req.body);
    if (!body.success) return badControlRequest(res, body.error);
    const rule = makeFaultRule(body.data);
    await ctx.store.update((s) => {
      s.testbed.faults.push(rule);
    });
    res.status(201).json(rule);
  });
  router.delete('/faults', async (_req, res) => {
    await ctx.store.update((s) => {
      s.testbed.faults = [];
    });
    res.status(204).end();
  });
  router.delete('/faults/:id', async (req, res) => {
    const removed = await ctx.store.update((s) => {
      const before = s.testbed.faults.length;
      s.testbed.faults = s.testbed.faults.filter((f) => f.id !== req.params.id);
      return before !== s.testbed.faults.length;
    });
    if (!removed) return problem(res, 404, 'No such fault', `No fault rule with id ${req.params.id}.`);
    res.status(204).end();
  });

  hooks.extend?.(router);

  router.use((req, res) => problem(res, 404, 'Unknown control-plane route', `${req.method} /_testbed${req.path}`));
  router.use((err: { type?: string; message?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (err?.type === 'entity.parse.failed') return problem(res, 400, 'Malformed JSON body', err.message);
    if (err?.type === 'entity.too.large') return problem(res, 413, 'Body too large');
    next(err);
  });
  return router;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const memoryView = () => {
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMB: mb(rss), heapUsedMB: mb(heapUsed) };
};

const clockView = (ctx: ServiceContext<object>) => ({
  now: ctx.clock.date().toISOString(),
  offsetSeconds: ctx.clock.offset / 1000,
});
