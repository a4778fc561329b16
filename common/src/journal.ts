// The request journal: every request a service answers and every call it makes, kept in a ring
// buffer for the console's sequence diagram and for tests that check "called once".
import type { Request, Response, NextFunction } from 'express';
import { callerOf } from './correlation.js';

export interface JournalEntry {
  seq: number;
  service: string;
  /** `in`: a request this service answered; `out`: a call it made. */
  direction: 'in' | 'out';
  at: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  correlationId: string;
  /** For `in`: who called. For `out`: this service. */
  from: string;
  /** For `in`: this service. For `out`: the service or host called. */
  to: string;
  /** Set when the call failed without a response (refused, timeout, dropped). */
  error?: string;
}

export interface JournalQuery {
  since?: number;
  correlationId?: string;
  limit?: number;
}

export class Journal {
  private entries: JournalEntry[] = [];
  private seq = 0;

  constructor(
    readonly service: string,
    private readonly capacity = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  record(entry: Omit<JournalEntry, 'seq' | 'service' | 'at'>): JournalEntry {
    const full: JournalEntry = { seq: ++this.seq, service: this.service, at: new Date(this.now()).toISOString(), ...entry };
    this.entries.push(full);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return full;
  }

  list(query: JournalQuery = {}): JournalEntry[] {
    const since = query.since ?? 0;
    const matching = this.entries.filter(
      (e) => e.seq > since && (!query.correlationId || e.correlationId === query.correlationId),
    );
    return query.limit ? matching.slice(-query.limit) : matching;
  }

  clear(): void {
    this.entries = [];
  }

  /** Express middleware recording each answered request once it has been sent (or aborted). */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const started = process.hrtime.bigint();
      let done = false;
      const finish = (error?: string) => {
        if (done) return;
        done = true;
        this.record({
          direction: 'in',
          method: req.method,
          path: req.originalUrl,
          status: error ? 0 : res.statusCode,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          correlationId: String(res.locals.correlationId ?? ''),
          from: callerOf(req),
          to: this.service,
          ...(error ? { error } : {}),
        });
      };
      res.on('finish', () => finish());
      res.on('close', () => finish(res.writableFinished ? undefined : 'connection closed before the response was sent'));
      next();
    };
  }
}
