// Test harness for Altinn Authentication's APIs: mock-altinn in-process next to a stand-in for
// Maskinporten and ID-porten (their JWKS at the configured URL, tokens signed with a key ring of
// its own), person tokens signed by Altinn's own key, and a small HTTP client.
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { Clock } from '@testbed/common/clock';
import { idportenIssuer, maskinportenIssuer, type TestbedConfig } from '@testbed/common/config';
import { iso6523 } from '@testbed/common/identifiers';
import { KeyRing } from '@testbed/common/keys';
import { ORG } from '@testbed/common/world';
import { startTestbed, type ServiceFactory, type ServiceInstance, type Testbed } from '@testbed/common/service';
import { AltinnTokenIssuer } from '../src/auth/issuer.js';
import type { ServiceResource, StoredPolicy } from '../src/resource-registry/model.js';
import { seedAltinn } from '../src/seed.js';
import { createAltinn } from '../src/service.js';

/** Maskinporten's and ID-porten's public keys, served where mock-altinn looks for them. */
async function createTokenIssuers(config: TestbedConfig): Promise<ServiceInstance> {
  const keys = await KeyRing.open(config.dataDir, 'test-issuers', { bits: config.rsaBits, now: () => Date.now() });
  const app = express();
  app.get('/jwk', (_req, res) => res.json(keys.jwks(0)));
  app.get('/idporten/.well-known/openid-configuration', (_req, res) =>
    res.json({ issuer: idportenIssuer(config), jwks_uri: `${config.urls.maskinporten}/idporten/jwks` }),
  );
  app.get('/idporten/jwks', (_req, res) => res.json(keys.jwks(0)));
  return { name: 'maskinporten', handler: app, close: async () => undefined };
}

/** A resource in the resource registry, enough for the system register's checks. */
export const resource = (identifier: string, resourceType: ServiceResource['resourceType'] = 'GenericAccessResource'): ServiceResource => {
  const text = { nb: identifier, nn: identifier, en: identifier };
  return {
    identifier,
    title: text,
    description: text,
    contactPoints: [],
    delegable: true,
    visible: true,
    hasCompetentAuthority: { organization: '974761076', orgcode: 'skd' },
    resourceType,
  };
};

/** A policy letting daglig leder or a holder of "krav-og-utlegg" read and write the resource. */
export const policy = (resourceId: string): StoredPolicy => ({
  resourceId,
  xml: '<xacml:Policy/>',
  uploaded: '2026-01-01T00:00:00.000Z',
  policy: {
    policyId: `urn:altinn:policy:${resourceId}`,
    obligations: [],
    rules: [
      {
        ruleId: 'permit-dagl-or-package',
        effect: 'Permit',
        subjects: [
          [{ attributeId: 'urn:altinn:rolecode', value: 'DAGL', ignoreCase: true }],
          [{ attributeId: 'urn:altinn:accesspackage', value: 'krav-og-utlegg', ignoreCase: true }],
        ],
        resources: [[{ attributeId: 'urn:altinn:resource', value: resourceId, ignoreCase: false }]],
        actions: ['read', 'write'],
      },
    ],
  },
});

export const DEFAULT_RESOURCES = [
  resource('ske-krav-og-betalinger'),
  resource('ske-mva'),
  resource('app_ttd_endring-av-navn', 'AltinnApp'),
  resource('ske-maskinporten-schema', 'MaskinportenSchema'),
];

export const DEFAULT_POLICIES = ['ske-krav-og-betalinger', 'ske-mva', 'app_ttd_endring-av-navn'].map(policy);

export const SCOPE = {
  registerWrite: 'altinn:authentication/systemregister.write',
  registerAdmin: 'altinn:authentication/systemregister.admin',
  requestWrite: 'altinn:authentication/systemuser.request.write',
  requestRead: 'altinn:authentication/systemuser.request.read',
  maskinporten: 'altinn:maskinporten/systemuser.read',
  portal: 'altinn:portal/enduser',
  clientsRead: 'altinn:clientdelegations.read',
  clientsWrite: 'altinn:clientdelegations.write',
};

/** The vendor of the seeded world's accounting system. */
export const VENDOR = ORG.smartcloud;
export const krav = { resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] };
export const mva = { resource: [{ id: 'urn:altinn:resource', value: 'ske-mva' }] };
export const pkg = (code: string) => ({ urn: `urn:altinn:accesspackage:${code}` });

/** A RegisterSystemRequest for `${VENDOR}_${name}`. */
export const systemBody = (name: string, overrides: Record<string, unknown> = {}) => ({
  id: `${VENDOR}_${name}`,
  vendor: { authority: 'iso6523-actorid-upis', ID: `0192:${VENDOR}` },
  name: { nb: 'SmartRegnskap', nn: 'SmartRekneskap', en: 'SmartAccounting' },
  description: { nb: 'Regnskap', nn: 'Rekneskap', en: 'Accounting' },
  rights: [krav],
  accessPackages: [pkg('skatt-naering')],
  clientId: [randomUUID()],
  isVisible: true,
  allowedRedirectUrls: ['https://smartregnskap.example/callback'],
  ...overrides,
});

export interface HarnessOptions {
  env?: Record<string, string>;
  resources?: ServiceResource[];
  /** The real mock-maskinporten instead of the stand-in; `maskinporten()`/`idporten()` tokens are then the stand-in's and not trusted. */
  maskinporten?: ServiceFactory;
}

export interface Call {
  token?: string;
  method?: string;
  body?: unknown;
  /** Raw body text; `body` is sent as JSON. */
  raw?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON, or undefined when it is empty or not JSON. */
  json: any;
}

export interface Harness {
  tb: Testbed;
  config: TestbedConfig;
  url: (p: string) => string;
  call(p: string, call?: Call): Promise<Answer>;
  /** The Altinn service's clock (it moves with `PUT /_testbed/clock`). */
  nowSeconds(): Promise<number>;
  advanceClock(seconds: number): Promise<void>;
  /** A Maskinporten token; `consumer` is the vendor org, claims override the defaults. */
  maskinporten(consumer: string | undefined, scope: string, claims?: Record<string, unknown>): Promise<string>;
  idporten(pid: string, claims?: Record<string, unknown>): Promise<string>;
  /** An Altinn person token as the exchange issues it from ID-porten. */
  person(pid: string, scope?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'testbed-authn-'));
  const state = { ...seedAltinn(), resources: options.resources ?? DEFAULT_RESOURCES, policies: DEFAULT_POLICIES, testbed: { clockOffsetMs: 0, faults: [] } };
  await writeFile(path.join(dataDir, 'altinn.json'), JSON.stringify(state));
  const tb = await startTestbed({ altinn: createAltinn, maskinporten: options.maskinporten ?? createTokenIssuers }, { dataDir, ...(options.env ? { env: options.env } : {}) });
  const issuerKeys = await KeyRing.open(dataDir, 'test-issuers', { bits: tb.config.rsaBits, now: () => Date.now() });
  const altinn = await AltinnTokenIssuer.open(tb.config, new Clock());
  const url = (p: string) => `${tb.urls.altinn}${p}`;

  const call = async (p: string, c: Call = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...c.headers };
    if (c.token) headers.authorization = `Bearer ${c.token}`;
    let body: string | undefined = c.raw;
    if (c.body !== undefined) {
      body = JSON.stringify(c.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url(p), { method: c.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };

  const nowSeconds = async () => {
    const clock = (await call('/_testbed/clock')).json as { now: string };
    return Math.floor(Date.parse(clock.now) / 1000);
  };

  return {
    tb,
    config: tb.config,
    url,
    call,
    nowSeconds,
    async advanceClock(seconds) {
      await call('/_testbed/clock', { method: 'PUT', body: { advanceSeconds: seconds } });
    },
    async maskinporten(consumer, scope, claims = {}) {
      const now = await nowSeconds();
      return issuerKeys.sign({
        scope,
        iss: maskinportenIssuer(tb.config),
        client_amr: 'private_key_jwt',
        token_type: 'Bearer',
        exp: now + 120,
        iat: now,
        client_id: `client-${consumer}`,
        jti: randomUUID(),
        ...(consumer ? { consumer: iso6523(consumer) } : {}),
        ...claims,
      });
    },
    async idporten(pid, claims = {}) {
      const now = await nowSeconds();
      return issuerKeys.sign({
        iss: idportenIssuer(tb.config),
        client_amr: 'client_secret_basic',
        pid,
        token_type: 'Bearer',
        client_id: 'altinn-testbed',
        aud: 'https://platform.altinn.no/',
        acr: 'idporten-loa-substantial',
        scope: 'altinn:portal/enduser',
        amr: ['TestID'],
        exp: now + 600,
        iat: now,
        jti: randomUUID(),
        ...claims,
      });
    },
    async person(pid, scope = 'altinn:portal/enduser') {
      const now = await nowSeconds();
      return altinn.sign({ pid, scope, iss: altinn.issuer, iat: now, nbf: now, exp: now + 1800, jti: randomUUID() });
    },
    close: () => tb.close(),
  };
}
