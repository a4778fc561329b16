// Fault injection per route: latency, an error status, a dropped connection, with a probability
// and an optional count, so that clients can be tested against a platform having a bad day.
import { randomUUID } from 'node:crypto';
import type { Request, Response, NextFunction } from 'express';
import { z } from 'zod';

export const faultRuleInput = z
  .object({
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .transform((m) => m.toUpperCase())
      .optional(),
    path: z.string().startsWith('/', 'path must start with "/"; end it with "*" to match a prefix').max(500),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    status: z.number().int().min(400).max(599).optional(),
    drop: z.boolean().optional(),
    probability: z.number().min(0).max(1).default(1),
    times: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((r) => r.latencyMs !== undefined || r.status !== undefined || r.drop, {
    message: 'a fault needs at least one of latencyMs, status or drop',
  })
  .refine((r) => !(r.status !== undefined && r.drop), { message: 'status and drop exclude each other' });

export type FaultRuleInput = z.input<typeof faultRuleInput>;
export type FaultRule = z.output<typeof faultRuleInput> & { id: string; hits: number };

export function makeFaultRule(input: z.output<typeof faultRuleInput>): FaultRule {
  return { id: randomUUID(), hits: 0, ...input };
}

export function ruleMatches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method !== method) return false;
  return rule.path.endsWith('*') ? path.startsWith(rule.path.slice(0, -1)) : path === rule.path;
}

export interface FaultHost {
  faults(): Promise<FaultRule[]> | FaultRule[];
  /** Called when a rule fires, so a rule with `times` can run out. */
  fired(rule: FaultRule): void;
  /** Answers with the service's own error format. */
  respond(req: Request, res: Response, status: number): void;
  random?: () => number;
}

export function faultMiddleware(host: FaultHost) {
  const random = host.random ?? Math.random;
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const rule = (await host.faults()).find((r) => ruleMatches(r, req.method, req.path));
    if (!rule || random() >= rule.probability) return next();
    host.fired(rule);
    res.setHeader('X-Testbed-Fault', rule.id);
    if (rule.latencyMs) await new Promise((resolve) => setTimeout(resolve, rule.latencyMs));
    if (rule.drop) {
      req.socket.destroy();
      return;
    }
    if (rule.status !== undefined) return host.respond(req, res, rule.status);
    next();
  };
}
