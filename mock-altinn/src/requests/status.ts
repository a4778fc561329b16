// Request expiry on the mock clock (altinn-authentication.md §3.5). Current code: after
// `requestTimeoutDays` (180) a request reports `timedOut: true` and keeps its status. Docs mode
// (ALTINN_DOCS_TIMEOUT, 10 days) also reports a pending request as `Timedout`, which takes it out
// of the create idempotency and makes it unapprovable.
import type { TestbedConfig } from '@testbed/common/config';
import type { ChangeRequestStatus } from './model.js';

/** The moment a request is looked at, with the timeout settings. */
export interface RequestTime {
  now: Date;
  altinn: TestbedConfig['altinn'];
}

export const isTimedOut = (created: string, t: RequestTime): boolean =>
  t.now.getTime() - Date.parse(created) > t.altinn.requestTimeoutDays * 86_400_000;

/** The status as the platform reports it now. */
export function statusOf<S extends ChangeRequestStatus>(r: { status: S; created: string }, t: RequestTime): S | 'Timedout' {
  return r.status === 'New' && t.altinn.timeoutSetsStatus && isTimedOut(r.created, t) ? 'Timedout' : r.status;
}

/** Now on the service's clock, with its settings. */
export const requestTime = (ctx: { clock: { date(): Date }; config: TestbedConfig }): RequestTime => ({ now: ctx.clock.date(), altinn: ctx.config.altinn });
