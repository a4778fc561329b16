// File-backed state, one JSON file per service. A write is acknowledged only after the file is on
// disk by atomic replace (temp file, fsync, rename), so a kill -9 never loses an acknowledged write
// nor leaves a torn file. Writes that arrive while one is in flight are committed together.
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import writeFileAtomic from 'write-file-atomic';

/**
 * The one interface domain code sees. It is deliberately small so that a database could replace
 * the file for a shared, multi-instance test-bed: `update` is a transaction, `read` a consistent view.
 */
export interface StateStore<S> {
  /** Runs `fn` against the current state. `fn` must not mutate. */
  read<R>(fn: (state: Readonly<S>) => R): Promise<R>;
  /**
   * Runs `fn` against the state and resolves once the change is on disk. Validate before you
   * mutate: a throwing `fn` rejects the call, but mutations it made before throwing stay in memory.
   */
  update<R>(fn: (state: S) => R): Promise<R>;
  /** Replaces the whole state (reset, seed) and resolves once it is on disk. */
  replace(state: S): Promise<void>;
  /** Resolves when every acknowledged write is on disk. */
  close(): Promise<void>;
}

class AtomicJsonFile<T> implements Adapter<T> {
  constructor(private readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(`State file ${this.file} is not valid JSON. Move it away or delete it to start from the seeded world.`);
    }
  }

  async write(data: T): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(data, null, 1), { fsync: true, mode: 0o600 });
  }
}

export class FileStore<S extends object> implements StateStore<S> {
  private readonly db: Low<S>;
  /** The write that has been scheduled but not started: every update made now joins it. */
  private next: Promise<void> | null = null;
  /** The write on its way to disk. */
  private inFlight: Promise<void> = Promise.resolve();

  private constructor(file: string, seed: S) {
    this.db = new Low<S>(new AtomicJsonFile<S>(file), seed);
  }

  /**
   * Opens `<dataDir>/<name>.json`, seeding it when absent. Top-level keys missing from an older
   * file are filled from the seed, so a new collection does not require a reset.
   */
  static async open<S extends object>(dataDir: string, name: string, seed: () => S): Promise<FileStore<S>> {
    await mkdir(dataDir, { recursive: true });
    const initial = seed();
    const store = new FileStore<S>(path.join(dataDir, `${name}.json`), initial);
    await store.db.read();
    if (store.db.data === initial) await store.db.write();
    else store.db.data = { ...seed(), ...store.db.data };
    return store;
  }

  async read<R>(fn: (state: Readonly<S>) => R): Promise<R> {
    return fn(this.db.data);
  }

  async update<R>(fn: (state: S) => R): Promise<R> {
    const result = fn(this.db.data);
    await this.commit();
    return result;
  }

  async replace(state: S): Promise<void> {
    this.db.data = state;
    await this.commit();
  }

  async close(): Promise<void> {
    await (this.next ?? this.inFlight);
  }

  /** Group commit: one write covers every change made before it starts. */
  private commit(): Promise<void> {
    if (!this.next) {
      this.next = this.inFlight.catch(() => undefined).then(() => {
        this.next = null;
        this.inFlight = this.db.write();
        return this.inFlight;
      });
    }
    return this.next;
  }
}
