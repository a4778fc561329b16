// Outgoing HTTP between services: carries the correlation id and caller, bounds every call with a
// timeout (an outage must never hang a journey), and records the call in the journal.
import { randomUUID } from 'node:crypto';
import { CALLER_HEADER, CORRELATION_HEADER, currentCorrelationId } from './correlation.js';
import type { Journal } from './journal.js';

export type ServiceFetch = (url: string | URL, init?: RequestInit & { timeoutMs?: number }) => Promise<Response>;

export interface ServiceFetchOptions {
  service: string;
  journal: Journal;
  /** Base URLs of the other test-bed services, to name the target in the journal. */
  knownServices?: Record<string, string>;
  defaultTimeoutMs?: number;
}

export function createServiceFetch(options: ServiceFetchOptions): ServiceFetch {
  const { service, journal, knownServices = {}, defaultTimeoutMs = 5000 } = options;
  const targetName = (url: URL) =>
    Object.entries(knownServices).find(([, base]) => new URL(base).origin === url.origin)?.[0] ?? url.host;

  return async (input, init = {}) => {
    const url = new URL(input);
    const correlationId = currentCorrelationId() ?? randomUUID();
    const headers = new Headers(init.headers);
    headers.set(CORRELATION_HEADER, correlationId);
    headers.set(CALLER_HEADER, service);
    const { timeoutMs = defaultTimeoutMs, ...rest } = init;
    const signal = init.signal ?? AbortSignal.timeout(timeoutMs);
    const started = process.hrtime.bigint();
    const entry = {
      direction: 'out' as const,
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname + url.search,
      correlationId,
      from: service,
      to: targetName(url),
    };
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    try {
      const response = await fetch(url, { ...rest, headers, signal });
      journal.record({ ...entry, status: response.status, durationMs: elapsed() });
      return response;
    } catch (err) {
      const error = err instanceof Error ? (err.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : describeFetchError(err)) : String(err);
      journal.record({ ...entry, status: 0, durationMs: elapsed(), error });
      throw new UpstreamError(`${entry.method} ${url.origin}${entry.path}: ${error}`, entry.to);
    }
  };
}

function describeFetchError(err: Error): string {
  const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? err.message;
}

/** A call to another service that got no response: refused, dropped or timed out. */
export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly target: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}
