// SmartRegnskap's setup as `npm start` and `npm run setup -w demo-smartregnskap` run it. When
// SmartRegnskap is running, the running service does it (`POST /_testbed/setup`) so that its state
// in memory and on disk stay one; otherwise this process opens SmartRegnskap's state file itself.
import { randomUUID } from 'node:crypto';
import type { TestbedConfig } from '@testbed/common/config';
import { createServiceContext } from '@testbed/common/context';
import { withCorrelationId } from '@testbed/common/correlation';
import { seedSmartRegnskap, type SetupRecord, type SmartRegnskapContext } from '../state.js';
import { runSetup, SetupError } from './setup.js';

export { runSetup, SetupError } from './setup.js';

async function viaRunningService(config: TestbedConfig): Promise<SetupRecord | null> {
  const base = config.urls.smartregnskap;
  const alive = await fetch(`${base}/_testbed/health`, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.ok,
    () => false,
  );
  if (!alive) return null;
  const res = await fetch(`${base}/_testbed/setup`, {
    method: 'POST',
    headers: config.adminToken ? { authorization: `Bearer ${config.adminToken}` } : {},
    signal: AbortSignal.timeout(60_000),
  });
  const body = (await res.json().catch(() => ({}))) as SetupRecord & { detail?: string };
  if (!res.ok) throw new SetupError(body.detail ?? `SmartRegnskap answered HTTP ${res.status}`);
  return body;
}

/** Runs the vendor setup, in the running service when there is one. */
export async function setupSmartRegnskap(config: TestbedConfig): Promise<SetupRecord> {
  const done = await viaRunningService(config);
  if (done) return done;
  const ctx = await createServiceContext('smartregnskap', config, seedSmartRegnskap);
  try {
    // One correlation id for the whole setup, so its calls read as one journey in the journals.
    return await withCorrelationId(`smartregnskap-setup-${randomUUID()}`, () => runSetup(ctx));
  } finally {
    await ctx.store.close();
  }
}

/** The setup inside the service: one run at a time (a second click joins the first), then `done`. */
export function setupRunner(ctx: SmartRegnskapContext, done: () => void): () => Promise<SetupRecord> {
  let running: Promise<SetupRecord> | null = null;
  return () => {
    running ??= runSetup(ctx)
      .then((record) => {
        done();
        return record;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
}
