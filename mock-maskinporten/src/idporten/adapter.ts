// oidc-provider keeps its records (sessions, interactions, grants, codes, tokens) behind an
// adapter; this one puts them in a FileStore so a restart keeps a logged-in person logged in.
// Expiry follows real time because oidc-provider's own checks do: the control-plane clock does not
// move ID-porten's sessions, codes or tokens.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { StateStore } from '@testbed/common/store';

interface StoredRecord {
  payload: AdapterPayload;
  /** Epoch milliseconds; absent when oidc-provider gave no lifetime. */
  expiresAt?: number;
}

/** The ID-porten state file: records per oidc-provider model name, then per id. */
export interface IdportenRecords {
  records: Record<string, Record<string, StoredRecord>>;
}

export const emptyRecords = (): IdportenRecords => ({ records: {} });

const isLive = (record: StoredRecord | undefined, now: number): record is StoredRecord =>
  record !== undefined && (record.expiresAt === undefined || record.expiresAt > now);

/** Drops every expired record, of every model. */
export function removeExpired(state: IdportenRecords, now = Date.now()): void {
  for (const records of Object.values(state.records)) {
    for (const [id, record] of Object.entries(records)) {
      if (!isLive(record, now)) delete records[id];
    }
  }
}

// Payloads are copied in and out: oidc-provider mutates the objects it is given, and a change that
// bypassed `update` would reach the disk with some later, unrelated write.
const copy = (payload: AdapterPayload): AdapterPayload => structuredClone(payload);

export class FileAdapter implements Adapter {
  constructor(
    private readonly store: StateStore<IdportenRecords>,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const now = Date.now();
    await this.store.update((state) => {
      removeExpired(state, now);
      const records = (state.records[this.model] ??= {});
      records[id] = { payload: copy(payload), ...(expiresIn ? { expiresAt: now + expiresIn * 1000 } : {}) };
    });
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere((recordId) => recordId === id);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere((_id, payload) => payload.uid === uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere((_id, payload) => payload.userCode === userCode);
  }

  async consume(id: string): Promise<void> {
    await this.store.update((state) => {
      const record = state.records[this.model]?.[id];
      if (record) record.payload.consumed = Math.floor(Date.now() / 1000);
    });
  }

  async destroy(id: string): Promise<void> {
    await this.store.update((state) => {
      delete state.records[this.model]?.[id];
    });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.store.update((state) => {
      const records = state.records[this.model] ?? {};
      for (const [id, record] of Object.entries(records)) {
        if (record.payload.grantId === grantId) delete records[id];
      }
    });
  }

  private findWhere(match: (id: string, payload: AdapterPayload) => boolean): Promise<AdapterPayload | undefined> {
    const now = Date.now();
    return this.store.read((state) => {
      const found = Object.entries(state.records[this.model] ?? {}).find(([id, record]) => isLive(record, now) && match(id, record.payload));
      return found ? copy(found[1].payload) : undefined;
    });
  }
}
