// Token requests per client, in memory (GET /_testbed/stats): a client that asks for a new token
// on every API call, instead of caching it for its lifetime, stands out at once.
export interface ClientStats {
  client_id: string;
  requests: number;
  issued: number;
  refused: number;
  /** Refusals by MP-code (or `error` where there is no code). */
  refusals: Record<string, number>;
  last_request: string;
}

/** Grants with a made-up iss must not grow the table without bound. */
const MAX_CLIENTS = 10_000;

export class TokenStats {
  private readonly clients = new Map<string, ClientStats>();
  private since: Date;

  constructor(private readonly now: () => Date) {
    this.since = now();
  }

  /** Counts a request; `refusal` is the MP-code or error when no token was issued. */
  record(clientId: string, refusal?: string): void {
    let entry = this.clients.get(clientId);
    if (!entry) {
      if (this.clients.size >= MAX_CLIENTS) return;
      entry = { client_id: clientId, requests: 0, issued: 0, refused: 0, refusals: {}, last_request: '' };
      this.clients.set(clientId, entry);
    }
    entry.requests += 1;
    entry.last_request = this.now().toISOString();
    if (refusal === undefined) entry.issued += 1;
    else {
      entry.refused += 1;
      entry.refusals[refusal] = (entry.refusals[refusal] ?? 0) + 1;
    }
  }

  view() {
    return {
      since: this.since.toISOString(),
      clients: [...this.clients.values()].sort((a, b) => b.requests - a.requests),
    };
  }

  clear(): void {
    this.clients.clear();
    this.since = this.now();
  }
}
