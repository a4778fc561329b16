import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../src/store.js';

const tmp = () => mkdtemp(path.join(os.tmpdir(), 'store-test-'));

describe('FileStore', () => {
  it('seeds a missing file and keeps writes across reopen', async () => {
    const dir = await tmp();
    const store = await FileStore.open(dir, 'svc', () => ({ items: [] as number[] }));
    await store.update((s) => s.items.push(1));
    await store.update((s) => s.items.push(2));
    await store.close();
    const again = await FileStore.open(dir, 'svc', () => ({ items: [] as number[] }));
    expect(await again.read((s) => s.items)).toEqual([1, 2]);
  });

  it('commits concurrent updates together and acknowledges each only once on disk', async () => {
    const dir = await tmp();
    const store = await FileStore.open(dir, 'svc', () => ({ n: 0 }));
    const file = path.join(dir, 'svc.json');
    const acks = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.update((s) => {
          s.n += 1;
          return i;
        }).then(async () => JSON.parse(await readFile(file, 'utf8')).n as number),
      ),
    );
    // Every acknowledged update sees a file that already contains it.
    acks.forEach((onDisk, i) => expect(onDisk).toBeGreaterThanOrEqual(i + 1));
    expect(JSON.parse(await readFile(file, 'utf8')).n).toBe(50);
  });

  it('fills collections added since the file was written', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, 'svc.json'), JSON.stringify({ a: 1 }));
    const store = await FileStore.open(dir, 'svc', () => ({ a: 0, b: [] as string[] }));
    expect(await store.read((s) => s)).toEqual({ a: 1, b: [] });
  });

  it('refuses a corrupt file with a clear message', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, 'svc.json'), '{not json');
    await expect(FileStore.open(dir, 'svc', () => ({}))).rejects.toThrow(/not valid JSON/);
  });

  it('loses no acknowledged write when the process is killed with SIGKILL', async () => {
    const dir = await tmp();
    const script = `
      import { FileStore } from ${JSON.stringify(path.resolve(import.meta.dirname, '../src/store.ts'))};
      const store = await FileStore.open(process.argv[1], 'svc', () => ({ acked: [] }));
      let i = 0;
      const writer = async () => { for (;;) { const n = i++; await store.update((s) => s.acked.push(n)); process.stdout.write(n + '\\n'); } };
      for (let w = 0; w < 8; w++) writer();
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: number[] = [];
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) if (line) acked.push(Number(line));
        if (acked.length >= 300 && !child.killed) {
          child.kill('SIGKILL');
        }
      });
      child.on('exit', () => resolve());
    });
    const store = await FileStore.open(dir, 'svc', () => ({ acked: [] as number[] }));
    const onDisk = new Set(await store.read((s) => s.acked));
    const lost = acked.filter((n) => !onDisk.has(n));
    expect(acked.length).toBeGreaterThanOrEqual(300);
    expect(lost).toEqual([]);
  });
});
