// The calls between services, merged from every service's journal for the sequence diagram.
// The control plane's own traffic (the console polling) is left out: it is not part of the journey.
import type { JournalEntry } from '@testbed/common/journal';
import { PEERS, type Peers } from './peers.js';

/** Last sequence number seen per service. */
export type Cursor = Record<string, number>;

/** Page assets (stylesheets, scripts) are not calls of the journey either. */
const isJourneyTraffic = (e: JournalEntry) =>
  !e.path.startsWith('/_testbed') && !e.path.includes('/_static/') && !e.path.startsWith('/public/') && !e.path.startsWith('/favicon');

export async function readFeed(peers: Peers, cursor: Cursor): Promise<{ entries: JournalEntry[]; cursor: Cursor }> {
  const next: Cursor = { ...cursor };
  const batches = await Promise.all(
    PEERS.map(async (name) => {
      const since = cursor[name] ?? 0;
      const body = await peers.get<{ entries: JournalEntry[] }>(name, `/journal?since=${since}`);
      const entries = body?.entries ?? [];
      // A service that restarted starts counting again: begin from its first entry.
      if (entries.length === 0 && since > 0) {
        const all = await peers.get<{ entries: JournalEntry[] }>(name, '/journal?limit=1');
        if (all && (all.entries[0]?.seq ?? 0) < since) next[name] = 0;
      }
      const last = entries.at(-1);
      if (last) next[name] = last.seq;
      return entries;
    }),
  );
  // An incoming request is drawn from its caller's side; an outgoing call is drawn only when it got
  // no answer (the callee has no journal entry for it then).
  const entries = batches
    .flat()
    .filter(isJourneyTraffic)
    .filter((e) => e.direction === 'in' || e.error !== undefined)
    .sort((a, b) => a.at.localeCompare(b.at));
  return { entries, cursor: next };
}
