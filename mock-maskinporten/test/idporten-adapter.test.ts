import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '@testbed/common/store';
import { emptyRecords, FileAdapter, removeExpired, type IdportenRecords } from '../src/idporten/adapter.js';
import { allowedLevels, minimumLevel } from '../src/idporten/levels.js';
import { uiLocaleLang } from '../src/idporten/pages.js';

const openStore = async () => FileStore.open<IdportenRecords>(await mkdtemp(path.join(os.tmpdir(), 'idporten-')), 'idporten', emptyRecords);

describe('the file adapter of oidc-provider records', () => {
  it('finds live records by id and uid, never expired ones, and removes the expired on the next write', async () => {
    const store = await openStore();
    const sessions = new FileAdapter(store, 'Session');
    await sessions.upsert('live', { uid: 'u1', accountId: '12837849150' }, 60);
    await store.update((s) => {
      s.records.Session!.old = { payload: { uid: 'u2' }, expiresAt: Date.now() - 1 };
    });
    expect(await sessions.find('live')).toEqual({ uid: 'u1', accountId: '12837849150' });
    expect(await sessions.findByUid('u1')).toMatchObject({ accountId: '12837849150' });
    expect(await sessions.find('old')).toBeUndefined();
    expect(await sessions.findByUid('u2')).toBeUndefined();

    await new FileAdapter(store, 'Interaction').upsert('i', { returnTo: '/x' }, 60);
    expect(await store.read((s) => Object.keys(s.records.Session!))).toEqual(['live']);
  });

  it('hands out copies, consumes, destroys and revokes by grant within one model', async () => {
    const store = await openStore();
    const codes = new FileAdapter(store, 'AuthorizationCode');
    const tokens = new FileAdapter(store, 'AccessToken');
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    await tokens.upsert('t1', { grantId: 'g1' }, 60);
    await tokens.upsert('t2', { grantId: 'g2' }, 60);

    const found = await codes.find('c1');
    found!.grantId = 'changed';
    expect(await codes.find('c1')).toEqual({ grantId: 'g1' });
    await codes.consume('c1');
    expect((await codes.find('c1'))!.consumed).toBeTypeOf('number');

    await tokens.revokeByGrantId('g1');
    expect(await tokens.find('t1')).toBeUndefined();
    expect(await tokens.find('t2')).toBeDefined();
    expect(await codes.find('c1')).toBeDefined();
    await codes.destroy('c1');
    expect(await codes.find('c1')).toBeUndefined();
  });

  it('drops every expired record of every model', () => {
    const state: IdportenRecords = {
      records: {
        Grant: { a: { payload: {}, expiresAt: 1000 }, b: { payload: {} } },
        Session: { c: { payload: {}, expiresAt: 3000 } },
      },
    };
    removeExpired(state, 2000);
    expect(state.records).toEqual({ Grant: { b: { payload: {} } }, Session: { c: { payload: {}, expiresAt: 3000 } } });
  });
});

describe('levels of assurance and languages', () => {
  it('takes the lowest level a request names and ignores levels this mock does not offer', () => {
    expect(minimumLevel(undefined)).toBe('idporten-loa-substantial');
    expect(minimumLevel('idporten-loa-high')).toBe('idporten-loa-high');
    expect(minimumLevel('idporten-loa-high idporten-loa-substantial')).toBe('idporten-loa-substantial');
    expect(minimumLevel('eidas-loa-high selfregistered-email')).toBe('idporten-loa-substantial');
    expect(allowedLevels('idporten-loa-high')).toEqual(['idporten-loa-high']);
    expect(allowedLevels(undefined)).toEqual(['idporten-loa-substantial', 'idporten-loa-high']);
  });

  it('shows English for ui_locales en and bokmål for nb and nn', () => {
    expect(uiLocaleLang('en nb')).toBe('en');
    expect(uiLocaleLang('se nn en')).toBe('nb');
    expect(uiLocaleLang('de')).toBeUndefined();
    expect(uiLocaleLang(undefined)).toBeUndefined();
  });
});
