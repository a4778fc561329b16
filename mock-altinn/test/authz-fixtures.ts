// Shared by the authorization-side tests (PDP, resource registry, access management) and
// bench/pdp.ts: mock-altinn started on a prepared state, tokens signed with the keys its verifier
// trusts (Altinn's own ring in the same data folder; a stand-in Maskinporten that only serves
// /jwk), and XACML policies built from a compact description.
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Clock } from '@testbed/common/clock';
import { maskinportenIssuer, type TestbedConfig } from '@testbed/common/config';
import { iso6523 } from '@testbed/common/identifiers';
import { KeyRing } from '@testbed/common/keys';
import { startTestbed, type ServiceInstance, type Testbed } from '@testbed/common/service';
import { AltinnTokenIssuer } from '../src/auth/issuer.js';
import { parseXacmlPolicy } from '../src/authorization/xacml.js';
import type { ServiceResource } from '../src/resource-registry/model.js';
import { seedAltinn } from '../src/seed.js';
import { createAltinn } from '../src/service.js';
import type { AltinnState } from '../src/state.js';
import type { SystemUser } from '../src/system-users/model.js';

/** One XACML rule: subject alternatives (each an AND of [attributeId, value]), actions, effect. */
export interface RuleSpec {
  subjects: [string, string][][];
  actions: string[];
  effect?: 'Permit' | 'Deny';
  /** Defaults to the policy's resource; another id makes the policy invalid. */
  resource?: string;
}

const match = (fn: 'string-equal' | 'string-equal-ignore-case', value: string, attributeId: string, category: string) =>
  `<xacml:Match MatchId="urn:oasis:names:tc:xacml:${fn === 'string-equal' ? '1.0' : '3.0'}:function:${fn}">` +
  `<xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">${value}</xacml:AttributeValue>` +
  `<xacml:AttributeDesignator AttributeId="${attributeId}" Category="${category}" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false"/></xacml:Match>`;

const SUBJECT = 'urn:oasis:names:tc:xacml:1.0:subject-category:access-subject';
const RESOURCE = 'urn:oasis:names:tc:xacml:3.0:attribute-category:resource';
const ACTION = 'urn:oasis:names:tc:xacml:3.0:attribute-category:action';

/** An Altinn-style XACML 3.0 policy for `resource`, with a minimum authentication level obligation. */
export function policyXml(resource: string, rules: RuleSpec[], authLevel = 3): string {
  const rule = (r: RuleSpec, i: number) =>
    `<xacml:Rule RuleId="urn:altinn:resource:${resource}:ruleid:${i + 1}" Effect="${r.effect ?? 'Permit'}"><xacml:Target>` +
    `<xacml:AnyOf>${r.subjects.map((group) => `<xacml:AllOf>${group.map(([id, v]) => match('string-equal-ignore-case', v, id, SUBJECT)).join('')}</xacml:AllOf>`).join('')}</xacml:AnyOf>` +
    `<xacml:AnyOf><xacml:AllOf>${match('string-equal', r.resource ?? resource, 'urn:altinn:resource', RESOURCE)}</xacml:AllOf></xacml:AnyOf>` +
    `<xacml:AnyOf>${r.actions.map((a) => `<xacml:AllOf>${match('string-equal', a, 'urn:oasis:names:tc:xacml:1.0:action:action-id', ACTION)}</xacml:AllOf>`).join('')}</xacml:AnyOf>` +
    `</xacml:Target></xacml:Rule>`;
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<xacml:Policy xmlns:xacml="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="urn:altinn:policyid:1" Version="1.0" ` +
    `RuleCombiningAlgId="urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides"><xacml:Target/>${rules.map(rule).join('')}` +
    `<xacml:ObligationExpressions><xacml:ObligationExpression FulfillOn="Permit" ObligationId="urn:altinn:obligation:authenticationLevel1">` +
    `<xacml:AttributeAssignmentExpression AttributeId="urn:altinn:obligation-assignment:1" Category="urn:altinn:minimum-authenticationlevel">` +
    `<xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#integer">${authLevel}</xacml:AttributeValue></xacml:AttributeAssignmentExpression>` +
    `</xacml:ObligationExpression></xacml:ObligationExpressions></xacml:Policy>`
  );
}

/** A valid resource owned by Skatteetaten, as the registry stores it; `over` changes members. */
export function resourceFixture(identifier: string, over: Partial<ServiceResource> = {}): ServiceResource {
  return {
    identifier,
    title: { nb: `Tittel ${identifier}`, nn: `Tittel ${identifier}`, en: `Title ${identifier}` },
    description: { nb: 'Beskrivelse', nn: 'Skildring', en: 'Description' },
    rightDescription: { nb: 'Gir tilgang', nn: 'Gir tilgang', en: 'Gives access' },
    contactPoints: [{ category: 'support', email: 'support@example.test', telephone: '', contactPage: '' }],
    delegable: true,
    visible: true,
    hasCompetentAuthority: { organization: '974761076', orgcode: 'skd' },
    accessListMode: 'Disabled',
    resourceType: 'GenericAccessResource',
    ...over,
  };
}

/** Puts a resource and its policy straight into the state (tests of the PDP, not of uploads). */
export function addResource(s: AltinnState, resource: ServiceResource, rules: RuleSpec[]): void {
  const xml = policyXml(resource.identifier, rules);
  s.resources.push(resource);
  s.policies.push({ resourceId: resource.identifier, xml, policy: parseXacmlPolicy(xml, resource.identifier), uploaded: '2026-01-01T00:00:00.000Z' });
}

/** The seeded state changed by `prepare`, as mock-altinn's state file. */
export async function writeAltinnState(dataDir: string, prepare: (s: AltinnState) => void): Promise<void> {
  const state = seedAltinn();
  prepare(state);
  await writeFile(path.join(dataDir, 'altinn.json'), JSON.stringify({ ...state, testbed: { clockOffsetMs: 0, faults: [] } }));
}

/** Signs Altinn tokens with the key mock-altinn uses, found in the same data folder. */
export async function altinnSigner(config: TestbedConfig) {
  const issuer = await AltinnTokenIssuer.open(config, new Clock());
  return (claims: Record<string, unknown>) => {
    const now = Math.floor(Date.now() / 1000);
    return issuer.sign({ iss: issuer.issuer, iat: now, nbf: now, exp: now + 1800, jti: randomUUID(), ...claims });
  };
}

const FAKE_MASKINPORTEN_KEYS = 'fake-maskinporten';

/** Stands in for Maskinporten: publishes /jwk so mock-altinn can verify tokens the tests sign. */
async function fakeMaskinporten(config: TestbedConfig): Promise<ServiceInstance> {
  const keys = await KeyRing.open(config.dataDir, FAKE_MASKINPORTEN_KEYS, { bits: config.rsaBits, now: () => Date.now() });
  return {
    name: 'maskinporten',
    handler: (req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/jwk') return void res.end(JSON.stringify(keys.jwks(0)));
      res.statusCode = 404;
      res.end('{}');
    },
    close: async () => undefined,
  };
}

export interface AuthzTestbed {
  tb: Testbed;
  url: string;
  altinnToken(claims: Record<string, unknown>): Promise<string>;
  maskinportenToken(claims: Record<string, unknown>): Promise<string>;
}

/** mock-altinn on the seeded world changed by `prepare`, with a stand-in Maskinporten. */
export async function startAuthzTestbed(prepare: (s: AltinnState) => void = () => undefined): Promise<AuthzTestbed> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'testbed-authz-'));
  await writeAltinnState(dataDir, prepare);
  const tb = await startTestbed({ altinn: createAltinn, maskinporten: fakeMaskinporten }, { dataDir });
  const mp = await KeyRing.open(dataDir, FAKE_MASKINPORTEN_KEYS, { bits: tb.config.rsaBits, now: () => Date.now() });
  const now = () => Math.floor(Date.now() / 1000);
  return {
    tb,
    url: tb.urls.altinn,
    altinnToken: await altinnSigner(tb.config),
    maskinportenToken: (claims) => mp.sign({ iss: maskinportenIssuer(tb.config), iat: now(), exp: now() + 120, jti: randomUUID(), ...claims }),
  };
}

/** The `consumer` claim of an organisation. */
export const consumer = (orgNo: string) => iso6523(orgNo);

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A system user record as approval creates it (the system-users area owns the real flow). */
export function systemUserFixture(id: string, owner: { orgNo: string; partyUuid: string }, userType: 'standard' | 'agent', packages: string[] = []): SystemUser {
  return {
    id,
    sequenceNo: 1,
    integrationTitle: `Test ${userType}`,
    systemId: '310000027_smartregnskap',
    systemInternalId: randomUUID(),
    reporteeOrgNo: owner.orgNo,
    partyUuid: owner.partyUuid,
    supplierOrgNo: '310000027',
    externalRef: owner.orgNo,
    userType,
    accessPackages: packages.map((code) => ({ urn: `urn:altinn:accesspackage:${code}` })),
    created: '2026-01-01T00:00:00.000Z',
    lastChanged: '2026-01-01T00:00:00.000Z',
    isDeleted: false,
  };
}
