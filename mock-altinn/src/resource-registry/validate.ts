// A resource as the registry accepts it (authorization.md §2.1): first the body must bind to the
// model (JSON types, enum names), then the registry's own rules, each reported under the member it
// concerns with the registry's wording, all at once.
import { isValidOrgNo } from '@testbed/common/identifiers';
import { z } from 'zod';
import { bindBody, type BodyModel } from '../model-binding.js';
import { ModelStateProblem } from '../problems.js';
import type { RegisterState } from '../register/model.js';
import { orgByNo } from '../register/parties.js';
import { RESOURCE_TYPES, type Lang3, type ServiceResource } from './model.js';

const REFERENCE_SOURCES = ['Default', 'Altinn1', 'Altinn2', 'Altinn3', 'ExternalPlatform'] as const;
const REFERENCE_TYPES = [
  'Default',
  'Uri',
  'DelegationSchemeId',
  'MaskinportenScope',
  'ServiceCode',
  'ServiceEditionCode',
  'ApplicationId',
  'ServiceEditionVersion',
] as const;
const PARTY_TYPES = ['PrivatePerson', 'LegalEntityEnterprise', 'Company', 'BankruptcyEstate', 'SelfRegisteredUser'] as const;

const text = z.string().nullish();
const texts = z.record(z.string(), z.string().nullable()).nullish();
const strings = z.array(z.string()).nullish();

const resourceBody = z.object({
  identifier: text,
  version: text,
  title: texts,
  description: texts,
  rightDescription: texts,
  homepage: text,
  status: text,
  spatial: strings,
  produces: strings,
  thematicAreas: strings,
  isPartOf: text,
  contactPoints: z.array(z.object({ category: text, email: text, telephone: text, contactPage: text })).nullish(),
  resourceReferences: z.array(z.object({ referenceSource: z.enum(REFERENCE_SOURCES).nullish(), reference: text, referenceType: z.enum(REFERENCE_TYPES).nullish() })).nullish(),
  delegable: z.boolean().nullish(),
  visible: z.boolean().nullish(),
  hasCompetentAuthority: z.object({ organization: text, orgcode: text, name: texts }).nullish(),
  keywords: z.array(z.object({ word: z.string(), language: z.string() })).nullish(),
  accessListMode: z.enum(['Disabled', 'Enabled']).nullish(),
  selfIdentifiedUserEnabled: z.boolean().nullish(),
  enterpriseUserEnabled: z.boolean().nullish(),
  resourceType: z.enum(RESOURCE_TYPES).nullish(),
  availableForType: z.array(z.enum(PARTY_TYPES)).nullish(),
  authorizationReference: z.array(z.object({ id: z.string(), value: z.string() })).nullish(),
  isOneTimeConsent: z.boolean().nullish(),
});

type Body = z.infer<typeof resourceBody>;
type Texts = Body['title'];
type Errors = Record<string, string[]>;

const MODEL: BodyModel<Body> = { schema: resourceBody, model: 'Altinn.ResourceRegistry.Core.Models.ServiceResource', param: 'serviceResource', required: 'annotation' };

const IDENTIFIER = /^[a-z0-9_-]{4,}$/;
const LANGUAGES = [
  ['en', 'english'],
  ['nb', 'bokmal'],
  ['nn', 'nynorsk'],
] as const;

const hasLanguage = (t: Texts, lang: string) => typeof t?.[lang] === 'string' && t[lang]!.trim() !== '';

const referencesOfType = (b: Body, type: (typeof REFERENCE_TYPES)[number]) => (b.resourceReferences ?? []).filter((r) => r.referenceType === type);

/** The registry's rules (ServiceResourceHelper.ValidateResource, plus contact points and a valid owner org number). */
function ruleErrors(b: Body): Errors {
  const errors: Errors = {};
  const add = (key: string, message: string) => (errors[key] ??= []).push(message);
  const id = b.identifier ?? '';
  const type = b.resourceType ?? 'Default';
  if (id.startsWith('se_') && (!referencesOfType(b, 'ServiceCode').length || !referencesOfType(b, 'ServiceEditionCode').length)) {
    add('Identifier', 'Invalid prefix. Only to be used for Altinn 2 services');
  }
  if (id.startsWith('app_') && !referencesOfType(b, 'ApplicationId').length) add('Identifier', 'Invalid Prefix. app_ is only for Altinn Studio apps');
  if (type === 'Default') add('ResourceType', 'ResourceType needs to be set');
  const owner = b.hasCompetentAuthority;
  if (!owner || !isValidOrgNo(owner.organization)) add('HasCompetentAuthority.Organization', 'HasCompetentAuthority needs to be set with valid organization number');
  if (type === 'AltinnApp' && !referencesOfType(b, 'ApplicationId').length) {
    add('ResourceReferences', 'Invalid app Resource. App resources needs to have a reference with ReferenceType ApplicationId');
  }
  if (type === 'AltinnApp' && !id.toLowerCase().startsWith(`app_${(owner?.orgcode ?? '').toLowerCase()}`)) {
    add('Identifier', 'Invalid identifier for app resource. App resources needs to have an identifier starting with app_<org>');
  }
  if (!IDENTIFIER.test(id)) add('Identifier', 'Invalid id. Only a-z and 0-9 is allowed together with _ and -.  Minimum 4 characters');
  for (const [lang, name] of LANGUAGES) if (!hasLanguage(b.title, lang)) add('Title', `Missing title in ${name} ${lang}`);
  if (b.delegable ?? true) {
    for (const [lang, name] of LANGUAGES) if (!hasLanguage(b.rightDescription, lang)) add('RightDescription', `Missing RightDescription in ${name} ${lang}`);
  }
  for (const [lang, name] of LANGUAGES) if (!hasLanguage(b.description, lang)) add('Description', `Missing Description in ${name} ${lang}`);
  if (type === 'MaskinportenSchema' && !referencesOfType(b, 'MaskinportenScope').length) add('ResourceReferences', 'Missing maskinporten scopen for MaskinportenSchema resource');
  if (!b.contactPoints?.length) add('ContactPoints', 'ContactPoints needs at least one contact point');
  return errors;
}

const lang3 = (t: Texts): Lang3 => ({ nb: t?.nb ?? '', nn: t?.nn ?? '', en: t?.en ?? '' });

/** Drops absent members so a stored resource carries only what was given or defaulted. */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

/** The stored resource: defaults (`delegable`, `visible` true, `accessListMode` Disabled) and the owner's name and code from the register. */
function toResource(b: Body, register: Readonly<RegisterState>): ServiceResource {
  const owner = b.hasCompetentAuthority!;
  const org = orgByNo(register, owner.organization!);
  return defined({
    ...b,
    identifier: b.identifier!,
    title: lang3(b.title),
    description: lang3(b.description),
    rightDescription: b.rightDescription ? lang3(b.rightDescription) : undefined,
    contactPoints: (b.contactPoints ?? []).map((c) => ({ category: c.category ?? '', email: c.email ?? '', telephone: c.telephone ?? '', contactPage: c.contactPage ?? '' })),
    resourceReferences: b.resourceReferences?.map((r) => ({ referenceSource: r.referenceSource ?? 'Default', reference: r.reference ?? '', referenceType: r.referenceType ?? 'Default' })),
    delegable: b.delegable ?? true,
    visible: b.visible ?? true,
    hasCompetentAuthority: {
      organization: owner.organization!,
      orgcode: owner.orgcode ?? org?.orgCode ?? '',
      name: owner.name ? lang3(owner.name) : org ? { nb: org.name, nn: org.name, en: org.name } : undefined,
    },
    accessListMode: b.accessListMode ?? 'Disabled',
    resourceType: b.resourceType!,
  } as ServiceResource);
}

/** The resource to store, or ASP.NET's validation problem listing every rule it breaks. */
export function validateResource(raw: unknown, register: Readonly<RegisterState>): ServiceResource {
  const body = bindBody(raw, MODEL);
  const errors = ruleErrors(body);
  if (Object.keys(errors).length) throw new ModelStateProblem(errors);
  return toResource(body, register);
}

/** The Maskinporten scopes a resource refers to (writing those needs admin scope or the scope prefix). */
export const maskinportenScopes = (r: ServiceResource): string[] =>
  (r.resourceReferences ?? []).filter((ref) => ref.referenceType === 'MaskinportenScope' && ref.reference).map((ref) => ref.reference);
