import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestbedConfig } from '../src/config.js';
import { createServiceContext } from '../src/context.js';
import type { ErrorFormat } from '../src/errors.js';
import { startTestbed, type Testbed } from '../src/service.js';
import { createServiceApp, jsonBody } from '../src/service-app.js';

// A tiny service built the way every real one is, to test the shared plumbing.
const errors: ErrorFormat = {
  send: (_req, res, status, kind, message) => res.status(status).json({ kind, message }),
};

async function createEcho(config: TestbedConfig) {
  const ctx = await createServiceContext('altinn', config, () => ({ notes: [] as string[] }));
  const app = createServiceApp(ctx, {
    errors,
    controlPlane: {
      seed: async (body) => {
        const notes = (body as { notes?: string[] }).notes ?? [];
        await ctx.store.update((s) => s.notes.push(...notes));
        return { added: notes.length };
      },
    },
    routes: (app) => {
      app.post('/notes', jsonBody('1kb'), async (req, res) => {
        await ctx.store.update((s) => s.notes.push(String(req.body.note)));
        res.status(201).json({ ok: true });
      });
      app.get('/notes', async (_req, res) => res.json(await ctx.store.read((s) => s.notes)));
      app.get('/now', (_req, res) => res.json({ now: ctx.clock.now() }));
      app.get('/notes/:index', async (req, res) => res.json(await ctx.store.read((s) => s.notes[Number(req.params.index)] ?? null)));
      app.get('/call-self', async (_req, res) => {
        const r = await ctx.fetch(`${config.urls.altinn}/now`);
        res.json(await r.json());
      });
    },
  });
  return { name: 'altinn' as const, handler: app, close: () => ctx.store.close() };
}

describe('control plane on an open test-bed', () => {
  let tb: Testbed;
  const base = () => tb.urls.altinn;
  beforeAll(async () => {
    tb = await startTestbed({ altinn: createEcho });
  });
  afterAll(() => tb.close());

  it('reports health', async () => {
    const res = await fetch(`${base()}/_testbed/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', service: 'altinn' });
  });

  it('seeds, dumps and resets state, and keeps it across a restart', async () => {
    await fetch(`${base()}/_testbed/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notes: ['a'] }) });
    await fetch(`${base()}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ note: 'b' }) });
    await tb.restart('altinn');
    const state = await (await fetch(`${base()}/_testbed/state`)).json();
    expect(state.notes).toEqual(['a', 'b']);
    expect((await fetch(`${base()}/_testbed/reset`, { method: 'POST' })).status).toBe(200);
    expect(await (await fetch(`${base()}/notes`)).json()).toEqual([]);
  });

  it('moves the clock and validates the body', async () => {
    const before = (await (await fetch(`${base()}/now`)).json()).now;
    const res = await fetch(`${base()}/_testbed/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 3600 }) });
    expect(res.status).toBe(200);
    const after = (await (await fetch(`${base()}/now`)).json()).now;
    expect(after - before).toBeGreaterThanOrEqual(3600_000);
    const bad = await fetch(`${base()}/_testbed/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 1, offsetSeconds: 2 }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toBeDefined();
    await fetch(`${base()}/_testbed/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetSeconds: 0 }) });
  });

  it('injects a status fault a given number of times, in the service format', async () => {
    const add = await fetch(`${base()}/_testbed/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: '/notes', method: 'get', status: 503, times: 1 }) });
    expect(add.status).toBe(201);
    const first = await fetch(`${base()}/notes`);
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ kind: 'fault' });
    expect((await fetch(`${base()}/notes`)).status).toBe(200);
  });

  it('drops the connection and adds latency', async () => {
    await fetch(`${base()}/_testbed/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: '/no*', drop: true, times: 1 }) });
    await expect(fetch(`${base()}/notes`)).rejects.toThrow();
    await fetch(`${base()}/_testbed/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: '/now', latencyMs: 150, times: 1 }) });
    const t = Date.now();
    expect((await fetch(`${base()}/now`)).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
  });

  it('rejects an invalid fault rule with field errors', async () => {
    const res = await fetch(`${base()}/_testbed/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: 'x', status: 200 }) });
    expect(res.status).toBe(400);
  });

  it('answers malformed and oversized bodies in the service format', async () => {
    const malformed = await fetch(`${base()}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"note":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ kind: 'bad_request' });
    const huge = await fetch(`${base()}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ note: 'x'.repeat(5000) }) });
    expect(huge.status).toBe(413);
  });

  it('answers a malformed %-escape in a path parameter as a bad request, not a crash', async () => {
    const res = await fetch(`${base()}/notes/%E0%A4%A`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: 'bad_request' });
  });

  it('journals calls with one correlation id across services', async () => {
    const res = await fetch(`${base()}/call-self`, { headers: { 'x-correlation-id': 'journey-42' } });
    expect(res.headers.get('x-correlation-id')).toBe('journey-42');
    const { entries } = await (await fetch(`${base()}/_testbed/journal?correlationId=journey-42`)).json();
    const summary = entries.map((e: { direction: string; path: string; from: string }) => `${e.direction} ${e.path} ${e.from}`);
    expect(summary).toEqual(expect.arrayContaining(['in /now altinn', 'out /now altinn', 'in /call-self client']));
  });
});

describe('control plane of a shared test-bed', () => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await startTestbed({ altinn: createEcho }, { env: { TESTBED_ADMIN_TOKEN: 's3cret' } });
  });
  afterAll(() => tb.close());

  it('requires the admin token for everything but health', async () => {
    expect((await fetch(`${tb.urls.altinn}/_testbed/health`)).status).toBe(200);
    expect((await fetch(`${tb.urls.altinn}/_testbed/reset`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${tb.urls.altinn}/_testbed/state`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${tb.urls.altinn}/_testbed/state`, { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
  });
});
