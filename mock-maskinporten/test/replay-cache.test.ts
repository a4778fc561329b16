// The jti replay cache on its own: durable across reopen, expiry, torn lines, compaction, reset.
import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReplayCache } from '../src/token/replay-cache.js';

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'replay-'));
const lines = async (dir: string) => (await readFile(path.join(dir, 'mp-replay.log'), 'utf8')).split('\n').filter(Boolean);

describe('ReplayCache', () => {
  it('refuses a key the second time, also after reopening', async () => {
    const dir = await tempDir();
    let now = 1000;
    const cache = await ReplayCache.open(dir, 'mp', () => now);
    await cache.claim('client a', 1100);
    expect(cache.claim('client a', 1100)).toBeNull();
    await cache.close();
    const reopened = await ReplayCache.open(dir, 'mp', () => now);
    expect(reopened.claim('client a', 1100)).toBeNull();
    now = 1101;
    expect(reopened.claim('client a', 1200)).not.toBeNull();
    await reopened.close();
  });

  it('forgets expired keys on load and skips a torn last line', async () => {
    const dir = await tempDir();
    const cache = await ReplayCache.open(dir, 'mp', () => 1000);
    await Promise.all([cache.claim('old', 1010), cache.claim('live', 2000)]);
    await cache.close();
    await appendFile(path.join(dir, 'mp-replay.log'), '[2000,"torn');
    const later = await ReplayCache.open(dir, 'mp', () => 1500);
    expect(later.size).toBe(1);
    expect(later.claim('live', 2000)).toBeNull();
    expect(later.claim('torn', 2000)).not.toBeNull();
    await later.close();
  });

  it('commits concurrent claims together and compacts the file when it has grown', async () => {
    const dir = await tempDir();
    let now = 1000;
    const cache = await ReplayCache.open(dir, 'mp', () => now);
    await Promise.all(Array.from({ length: 1500 }, (_, i) => cache.claim(`k${i}`, 1010)));
    expect(await lines(dir)).toHaveLength(1500);
    now = 1100;
    await cache.claim('fresh', 1200);
    expect(await lines(dir)).toEqual(['[1200,"fresh"]']);
    expect(cache.claim('k1', 1200)).not.toBeNull();
    await cache.close();
  });

  it('clear() empties memory and file', async () => {
    const dir = await tempDir();
    const cache = await ReplayCache.open(dir, 'mp', () => 1000);
    await cache.claim('a', 2000);
    await cache.clear();
    expect(await lines(dir)).toEqual([]);
    expect(cache.claim('a', 2000)).not.toBeNull();
    await cache.close();
  });
});
