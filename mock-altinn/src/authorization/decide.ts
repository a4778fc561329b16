// One PDP decision, as Altinn's DecisionController and ContextHandler make it (authorization.md
// §1.3): resolve the resource party, validate and enrich the subject, load the policy, evaluate
// (deny-overrides), fall back to direct delegations, then the access-list check. Pure over state.
import { isUuid } from '@testbed/common/identifiers';
import { rightsFrom, type Holder } from '../access-management/access.js';
import { ACCESS_PACKAGE, heldAttributes } from '../access-management/attributes.js';
import type { OrgParty, Party, PersonParty } from '../register/model.js';
import { orgByNo, partyById, partyByUuid, personByPid } from '../register/parties.js';
import { onAccessList, requiresAccessList } from '../resource-registry/access-list-authorization.js';
import { policyOf, resourceById } from '../resource-registry/lookup.js';
import type { AltinnState } from '../state.js';
import { evaluate, type Attributes, type Decision, type Policy } from './policy.js';
import type { DecisionRequest, XacmlAttribute, XacmlCategory } from './request.js';
import { ACTION_ID, CATEGORY, RESOURCE_ID } from './xacml.js';

const ATTR = {
  systemUser: 'urn:altinn:systemuser:uuid',
  person: 'urn:altinn:person:identifier-no',
  org: 'urn:altinn:organization:identifier-no',
  legacyOrg: 'urn:altinn:organizationnumber',
  partyUuid: 'urn:altinn:party:uuid',
  partyId: 'urn:altinn:partyid',
  userId: 'urn:altinn:userid',
} as const;

const STATUS = {
  ok: 'urn:oasis:names:tc:xacml:1.0:status:ok',
  processingError: 'urn:oasis:names:tc:xacml:1.0:status:processing-error',
  syntaxError: 'urn:oasis:names:tc:xacml:1.0:status:syntax-error',
} as const;

const STRING = 'http://www.w3.org/2001/XMLSchema#string';

const ACCESS_LIST_DENIED =
  'Access list authorization of resource party required. Access list authorization is controlled by the service owner of the resource/service of the authorization request.';

export interface XacmlResult {
  decision: 'Permit' | 'Deny' | 'NotApplicable' | 'Indeterminate';
  status: { statusMessage: string | null; statusDetails: string[] | null; statusCode: { value: string; statusCode: null } };
  obligations: { id: string; attributeAssignment: { attributeId: string; value: string; category: string; dataType: string; issuer: null }[] }[] | null;
  associateAdvice: null;
  category: { categoryId: string; id: string | null; content: null; attribute: (Omit<XacmlAttribute, 'dataType'> & { dataType: string })[] }[] | null;
  policyIdentifierList: null;
}

/** Altinn answers a request it cannot process with Indeterminate and the reason, never an HTTP error. */
class Indeterminate extends Error {
  constructor(
    readonly statusCode: string,
    readonly statusMessage: string | null,
  ) {
    super(statusMessage ?? statusCode);
  }
}

type Subject =
  | { kind: 'systemUser'; id: string }
  | { kind: 'person'; party: PersonParty }
  | { kind: 'org'; party: OrgParty }
  | { kind: 'none' };

const attributesOf = (categories: XacmlCategory[]) => categories.flatMap((c) => c.attribute);
const first = (attrs: XacmlAttribute[], ...ids: string[]) => ids.map((id) => attrs.find((a) => a.attributeId === id)?.value).find((v) => v !== undefined);

function add(map: Attributes, id: string, ...values: string[]) {
  map.set(id, [...(map.get(id) ?? []), ...values]);
}

function toAttributes(attrs: XacmlAttribute[]): Attributes {
  const map: Attributes = new Map();
  for (const a of attrs) add(map, a.attributeId, a.value);
  return map;
}

/** The resource party, by party id, org number, fødselsnummer or party uuid, in that order. */
function resourceParty(s: Readonly<AltinnState>, attrs: XacmlAttribute[]): Party | undefined {
  const partyId = first(attrs, ATTR.partyId);
  if (partyId !== undefined) return /^\d+$/.test(partyId) ? partyById(s, Number(partyId)) : undefined;
  const orgNo = first(attrs, ATTR.org, ATTR.legacyOrg);
  if (orgNo !== undefined) return orgByNo(s, orgNo);
  const pid = first(attrs, ATTR.person);
  if (pid !== undefined) return personByPid(s, pid);
  const uuid = first(attrs, ATTR.partyUuid);
  return uuid !== undefined && isUuid(uuid) ? partyByUuid(s, uuid) : undefined;
}

const asSubject = (party: Party): Subject => (party.type === 'Person' ? { kind: 'person', party } : { kind: 'org', party });

/** Who the subject is; throws Indeterminate for the combinations Altinn refuses. */
function subjectOf(s: Readonly<AltinnState>, attrs: XacmlAttribute[]): Subject {
  const systemUser = first(attrs, ATTR.systemUser);
  if (systemUser !== undefined) {
    if (attrs.length > 1) {
      throw new Indeterminate(STATUS.processingError, `Subject attribute ${ATTR.systemUser} can only be used by itself and not in combination with other subject identifiers.`);
    }
    if (!isUuid(systemUser)) throw new Indeterminate(STATUS.processingError, `${ATTR.systemUser}: Not a valid uuid`);
    return { kind: 'systemUser', id: systemUser.toLowerCase() };
  }
  const pid = first(attrs, ATTR.person);
  const userId = first(attrs, ATTR.userId);
  const orgNo = first(attrs, ATTR.org, ATTR.legacyOrg);
  if (pid !== undefined && userId !== undefined) throw new Indeterminate(STATUS.processingError, 'Not allowed to set userid and person-id for subject at the same time');
  if (orgNo !== undefined && (pid !== undefined || userId !== undefined)) {
    throw new Indeterminate(STATUS.processingError, 'Not allowed to set organization number and person-id or userid for subject at the same time');
  }
  if (pid !== undefined) {
    const person = personByPid(s, pid);
    if (!person) throw new Indeterminate(STATUS.processingError, 'Invalid person-id');
    return { kind: 'person', party: person };
  }
  if (userId !== undefined) {
    const person = s.parties.find((p): p is PersonParty => p.type === 'Person' && String(p.userId) === userId);
    return person ? { kind: 'person', party: person } : { kind: 'none' };
  }
  if (orgNo !== undefined) {
    // Altinn fails on an unknown organisation subject without saying why (a null party).
    const org = orgByNo(s, orgNo);
    if (!org) throw new Indeterminate(STATUS.syntaxError, null);
    return { kind: 'org', party: org };
  }
  const uuid = first(attrs, ATTR.partyUuid);
  if (uuid !== undefined) {
    if (!isUuid(uuid)) throw new Indeterminate(STATUS.syntaxError, null);
    const party = partyByUuid(s, uuid);
    return party ? asSubject(party) : { kind: 'none' };
  }
  return { kind: 'none' };
}

const holderOf = (subject: Subject): Holder | undefined =>
  subject.kind === 'systemUser'
    ? { kind: 'systemUser', id: subject.id }
    : subject.kind === 'person'
      ? { kind: 'person', pid: subject.party.pid }
      : subject.kind === 'org'
        ? { kind: 'org', orgNo: subject.party.orgNo }
        : undefined;

const usesPackages = (policy: Policy) => policy.rules.some((r) => r.subjects.some((g) => g.some((m) => m.attributeId === ACCESS_PACKAGE)));

/**
 * The subject's attributes for the policy: what the request said, plus ER roles (legacy codes) and
 * access packages (bare codes) held from the resource party. A system user gets only packages.
 */
function enrichSubject(s: Readonly<AltinnState>, given: XacmlAttribute[], subject: Subject, party: Party | undefined, policy: Policy): Attributes {
  const attrs = toAttributes(given);
  if (subject.kind === 'person') add(attrs, ATTR.userId, String(subject.party.userId));
  if (subject.kind === 'org') {
    add(attrs, ATTR.partyId, String(subject.party.partyId));
    if (!attrs.has(ATTR.org)) add(attrs, ATTR.org, subject.party.orgNo);
  }
  const holder = holderOf(subject);
  if (!holder || party?.type !== 'Organisation') return attrs;
  if (subject.kind === 'systemUser' && !usesPackages(policy)) return attrs;
  for (const [id, values] of heldAttributes(s, holder, party.orgNo)) if (values.length) add(attrs, id, ...values);
  return attrs;
}

function resourceAttributes(given: XacmlAttribute[], party: Party | undefined): Attributes {
  const attrs = toAttributes(given);
  if (party) {
    if (!attrs.has(ATTR.partyId)) add(attrs, ATTR.partyId, String(party.partyId));
    if (!attrs.has(ATTR.partyUuid)) add(attrs, ATTR.partyUuid, party.partyUuid);
    if (party.type === 'Organisation' && !attrs.has(ATTR.org)) add(attrs, ATTR.org, party.orgNo);
  }
  return attrs;
}

/** A right delegated directly to the subject by the party (how single rights reach a system user). */
function delegated(s: Readonly<AltinnState>, subject: Subject, party: Party | undefined, resourceId: string, action: string | undefined): boolean {
  const holder = holderOf(subject);
  if (!holder || party?.type !== 'Organisation' || action === undefined) return false;
  return rightsFrom(s, holder, party.orgNo).some((r) => r.resource === resourceId && r.actions.includes(action));
}

const result = (decision: XacmlResult['decision'], statusCode: string, statusMessage: string | null): XacmlResult => ({
  decision,
  status: { statusMessage, statusDetails: null, statusCode: { value: statusCode, statusCode: null } },
  obligations: null,
  associateAdvice: null,
  category: null,
  policyIdentifierList: null,
});

function obligationsFor(policy: Policy, decision: 'Permit' | 'Deny'): XacmlResult['obligations'] {
  const matching = policy.obligations.filter((o) => o.fulfillOn === decision);
  if (!matching.length) return null;
  return matching.map((o) => ({
    id: o.id,
    attributeAssignment: o.assignments.map((a) => ({ attributeId: a.attributeId, value: a.value, category: a.category, dataType: a.dataType, issuer: null })),
  }));
}

/** Attributes sent with `IncludeInResult: true`, echoed per category. */
function echo(request: DecisionRequest): XacmlResult['category'] {
  const categories = [
    [CATEGORY.subject, request.subject],
    [CATEGORY.action, request.action],
    [CATEGORY.resource, request.resource],
  ] as const;
  const echoed = categories.flatMap(([categoryId, list]) =>
    list
      .map((c) => ({ categoryId, id: c.id, content: null, attribute: c.attribute.filter((a) => a.includeInResult).map((a) => ({ ...a, dataType: a.dataType ?? STRING })) }))
      .filter((c) => c.attribute.length > 0),
  );
  return echoed.length ? echoed : null;
}

function evaluateRequest(s: Readonly<AltinnState>, request: DecisionRequest): XacmlResult {
  const resourceAttrs = attributesOf(request.resource);
  const party = resourceParty(s, resourceAttrs);
  const subjectAttrs = attributesOf(request.subject);
  const subject = subjectOf(s, subjectAttrs);
  const resourceId = first(resourceAttrs, RESOURCE_ID);
  const stored = resourceId === undefined ? undefined : policyOf(s, resourceId);
  if (!stored || resourceId === undefined) throw new Indeterminate(STATUS.processingError, 'Policy not found for resource');
  const action = first(attributesOf(request.action), ACTION_ID);

  let decision: Decision = action === undefined ? 'NotApplicable' : evaluate(stored.policy, enrichSubject(s, subjectAttrs, subject, party, stored.policy), resourceAttributes(resourceAttrs, party), action);
  if (decision === 'NotApplicable' && delegated(s, subject, party, resourceId, action)) decision = 'Permit';

  if (decision === 'Permit' && requiresAccessList(resourceById(s, resourceId))) {
    if (party?.type !== 'Organisation' || !onAccessList(s, resourceId, party.orgNo, action)) return result('Deny', STATUS.ok, ACCESS_LIST_DENIED);
  }
  return { ...result(decision, STATUS.ok, null), obligations: decision === 'NotApplicable' ? null : obligationsFor(stored.policy, decision) };
}

/** The decision for one request; a request Altinn cannot process is Indeterminate with the reason. */
export function decide(s: Readonly<AltinnState>, request: DecisionRequest): XacmlResult {
  try {
    return { ...evaluateRequest(s, request), category: echo(request) };
  } catch (err) {
    if (!(err instanceof Indeterminate)) throw err;
    return result('Indeterminate', err.statusCode, err.statusMessage);
  }
}
