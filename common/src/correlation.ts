// One correlation id follows a journey across services: taken from the incoming
// `X-Correlation-ID` header (or made), kept in async context, and sent on every outgoing call.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Request, Response, NextFunction } from 'express';

export const CORRELATION_HEADER = 'x-correlation-id';
/** Which test-bed service made a call; lets the console draw who called whom. */
export const CALLER_HEADER = 'x-testbed-caller';

interface CallContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<CallContext>();

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const currentCorrelationId = (): string | undefined => storage.getStore()?.correlationId;

/** Runs `fn` with a correlation id (for scripts and background work outside a request). */
export const withCorrelationId = <T>(correlationId: string, fn: () => T): T => storage.run({ correlationId }, fn);

export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.get(CORRELATION_HEADER);
  const correlationId = incoming && VALID_ID.test(incoming) ? incoming : randomUUID();
  res.locals.correlationId = correlationId;
  res.setHeader('X-Correlation-ID', correlationId);
  storage.run({ correlationId }, next);
}

const VALID_CALLER = /^[a-z0-9-]{1,32}$/;

/** The caller of a request: a test-bed service by header, a browser by what it accepts, else a client. */
export function callerOf(req: Request): string {
  const declared = req.get(CALLER_HEADER);
  if (declared && VALID_CALLER.test(declared)) return declared;
  return req.get('sec-fetch-mode') === 'navigate' || (req.get('accept') ?? '').includes('text/html') ? 'browser' : 'client';
}
