// The seeded Maskinporten: Digdir's and Skatteetaten's prefixes and the Digdir-owned scopes the
// journeys need. No customer clients: organisations get theirs through onboarding, as in real life.
import { ORG } from '@testbed/common/world';
import type { MaskinportenState, Scope } from './state.js';

const SEEDED_AT = '2025-01-01T00:00:00.000Z';

/** Scopes Digdir's service desk hands to vendors and API providers on request (onboarding). */
export const VENDOR_SCOPES = [
  'altinn:authentication/systemregister.write',
  'altinn:authentication/systemuser.request.read',
  'altinn:authentication/systemuser.request.write',
  'altinn:authorization/authorize',
  'altinn:resourceregistry/resource.write',
  'altinn:accessmanagement/authorizedparties',
  'digdir:dialogporten',
] as const;

/** The self-service API's own scopes; every onboarded client gets them. */
export const SELF_SERVICE_SCOPES = ['idporten:dcr.read', 'idporten:dcr.write', 'idporten:dcr.modify', 'idporten:scopes.write'] as const;

/** Scope Maskinporten's own token carries when it looks a system user up in Altinn. */
export const SYSTEMUSER_READ_SCOPE = 'altinn:maskinporten/systemuser.read';

const digdirScopes: Array<[name: string, description: string, visibility: Scope['visibility']]> = [
  ['altinn:authentication/systemregister.write', 'Manage own systems in the Altinn system register', 'PUBLIC'],
  ['altinn:authentication/systemregister.admin', 'Manage every vendor\'s systems (Digdir only)', 'PRIVATE'],
  ['altinn:authentication/systemuser.request.read', 'Read system-user requests and change requests', 'PUBLIC'],
  ['altinn:authentication/systemuser.request.write', 'Create system-user requests and change requests', 'PUBLIC'],
  [SYSTEMUSER_READ_SCOPE, 'Maskinporten\'s lookup of system users (internal)', 'INTERNAL'],
  ['altinn:authorization/authorize', 'Altinn PDP for API providers', 'PUBLIC'],
  ['altinn:resourceregistry/resource.write', 'Register resources and policies', 'PUBLIC'],
  ['altinn:resourceregistry/resource.admin', 'Administer every resource (Digdir only)', 'PRIVATE'],
  ['altinn:accessmanagement/authorizedparties', 'List the parties a system user may act for', 'PUBLIC'],
  ['altinn:serviceowner', 'Altinn service-owner access', 'PRIVATE'],
  ['digdir:dialogporten', 'Dialogporten', 'PUBLIC'],
  ['idporten:dcr.read', 'Self-service API: read clients', 'PUBLIC'],
  ['idporten:dcr.write', 'Self-service API: create clients', 'PUBLIC'],
  ['idporten:dcr.modify', 'Self-service API: change clients and keys', 'PUBLIC'],
  ['idporten:scopes.write', 'Self-service API: manage scopes and access', 'PUBLIC'],
];

function seedScope(name: string, description: string, visibility: Scope['visibility'], owner: string): Scope {
  const [prefix, subscope] = name.split(':') as [string, string];
  return {
    prefix,
    subscope,
    name,
    description,
    active: true,
    visibility,
    token_type: 'SELF_CONTAINED',
    allowed_integration_types: ['maskinporten'],
    accessible_for_all: false,
    requires_user_consent: false,
    requires_user_authentication: false,
    requires_pseudonymous_tokens: false,
    owner_orgno: owner,
    created: SEEDED_AT,
    last_updated: SEEDED_AT,
  };
}

export function seed(): MaskinportenState {
  return {
    clients: [],
    scopes: digdirScopes.map(([name, description, visibility]) => seedScope(name, description, visibility, ORG.digdir)),
    prefixes: [
      { prefix: 'altinn', owner_orgno: ORG.digdir },
      { prefix: 'idporten', owner_orgno: ORG.digdir },
      { prefix: 'digdir', owner_orgno: ORG.digdir },
      { prefix: 'skatteetaten', owner_orgno: ORG.skatteetaten },
    ],
    access: [],
    delegations: [],
  };
}
