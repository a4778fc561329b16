// The jti replay cache (MP-012). Used grants are kept in memory and in an append-only file, one
// JSON line per grant, so that neither a restart nor a kill -9 lets a grant be used twice: a token
// is only handed out once its grant's line is on disk (O_DSYNC write). Lines that arrive while a write
// is in flight share the next one (group commit). Entries live as long as a grant could still be
// accepted (exp + clock skew); the file is rewritten without the dead ones when it has grown to
// twice the live set. The jti list stays out of the main state file, which is rewritten whole on
// every change.
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

type Line = [expiresAt: number, key: string];

/** Appends that are on disk when the write returns (O_DSYNC): one system call per group commit. */
const DURABLE_APPEND = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC;

export class ReplayCache {
  /** key → time (seconds) after which the grant can no longer be accepted anyway. */
  private readonly used = new Map<string, number>();
  private buffer: string[] = [];
  /** The flush that lines written now will join, until it starts. */
  private nextFlush: Promise<void> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private linesInFile = 0;
  private lastPrune = 0;

  private constructor(
    private readonly file: string,
    private handle: FileHandle,
    private readonly nowSeconds: () => number,
  ) {}

  static async open(dataDir: string, name: string, nowSeconds: () => number): Promise<ReplayCache> {
    await mkdir(dataDir, { recursive: true });
    const file = path.join(dataDir, `${name}-replay.log`);
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const cache = new ReplayCache(file, await open(file, DURABLE_APPEND, 0o600), nowSeconds);
    const now = nowSeconds();
    for (const raw of text.split('\n')) {
      const line = parseLine(raw);
      // A torn last line after a crash was never acknowledged, so skipping it loses nothing.
      if (line && line[0] >= now) cache.used.set(line[1], line[0]);
      if (raw) cache.linesInFile += 1;
    }
    return cache;
  }

  /**
   * Marks `key` used until `expiresAt`. Returns null when it was used before; otherwise a promise
   * that resolves once the mark is on disk (hand out nothing before it resolves).
   */
  claim(key: string, expiresAt: number): Promise<void> | null {
    const now = this.nowSeconds();
    this.prune(now);
    const until = this.used.get(key);
    if (until !== undefined && until >= now) return null;
    this.used.set(key, expiresAt);
    this.buffer.push(`${JSON.stringify([expiresAt, key] satisfies Line)}\n`);
    return this.flushSoon();
  }

  /** Forgets every grant (control-plane reset). */
  clear(): Promise<void> {
    this.used.clear();
    this.buffer = [];
    return this.enqueue(() => this.rewrite());
  }

  async close(): Promise<void> {
    await this.chain;
    await this.handle.close();
  }

  get size(): number {
    return this.used.size;
  }

  /** Drops dead entries, at most every few seconds unless forced. */
  private prune(now: number, force = false): void {
    if (!force && Math.abs(now - this.lastPrune) < 5) return;
    this.lastPrune = now;
    for (const [key, until] of this.used) if (until < now) this.used.delete(key);
  }

  private flushSoon(): Promise<void> {
    this.nextFlush ??= this.enqueue(async () => {
      this.nextFlush = null;
      const lines = this.buffer;
      this.buffer = [];
      if (lines.length === 0) return;
      await this.handle.write(lines.join(''));
      this.linesInFile += lines.length;
      if (this.linesInFile > 2 * this.used.size + 1000) await this.rewrite();
    });
    return this.nextFlush;
  }

  /** Runs `step` after every earlier write; a failed step fails its callers, not later ones. */
  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.chain.then(step);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Replaces the file with the live entries (temp file, fsync, rename), then appends to it. */
  private async rewrite(): Promise<void> {
    this.prune(this.nowSeconds(), true);
    const temp = `${this.file}.tmp`;
    const out = await open(temp, 'w', 0o600);
    const lines = [...this.used].map(([key, until]) => `${JSON.stringify([until, key] satisfies Line)}\n`);
    await out.write(lines.join(''));
    await out.sync();
    await out.close();
    await rename(temp, this.file);
    const dir = await open(path.dirname(this.file), 'r');
    await dir.sync();
    await dir.close();
    await this.handle.close();
    this.handle = await open(this.file, DURABLE_APPEND, 0o600);
    this.linesInFile = lines.length;
  }
}

function parseLine(raw: string): Line | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // torn or foreign line
  }
  return null;
}
