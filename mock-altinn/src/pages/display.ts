// What the pages show for the platform's identifiers, in the page language: systems by name,
// organisations by name and number, rights by the resource registry's titles, access packages by
// their names. Unknown identifiers are shown as they are, so nothing disappears from a page.
import type { Lang } from '@testbed/common/pages';
import { findPackage } from '../access-management/packages.js';
import type { DelegationFailure } from '../access-management/delegation.js';
import { orgByNo } from '../register/parties.js';
import { resourceById } from '../resource-registry/lookup.js';
import type { AltinnState } from '../state.js';
import type { Right } from '../system-register/model.js';
import { findSystem } from '../system-register/register.js';
import { RESOURCE_ATTRIBUTE } from '../system-register/validation.js';

type State = Readonly<AltinnState>;

export interface OrgLabel {
  name: string;
  orgNo: string;
}

/** One line in a list of rights and packages: what a person reads, and the identifier beside it. */
export interface Grant {
  kind: 'right' | 'package';
  label: string;
  id: string;
  action?: string;
}

export const orgLabel = (s: State, orgNo: string): OrgLabel => ({ name: orgByNo(s, orgNo)?.name ?? orgNo, orgNo });

export function systemName(s: State, systemId: string, lang: Lang): string {
  const name = findSystem(s, systemId)?.name;
  return name?.[lang] || name?.nb || systemId;
}

const resourceTitle = (s: State, id: string, lang: Lang) => resourceById(s, id)?.title[lang] || id;
const packageName = (urn: string, lang: Lang) => findPackage(urn)?.name[lang] ?? urn;

export function rightGrant(s: State, right: Right, lang: Lang): Grant {
  const id = right.resource.find((r) => r.id === RESOURCE_ATTRIBUTE)?.value ?? right.resource.map((r) => r.value).join(', ');
  return { kind: 'right', label: resourceTitle(s, id, lang), id, ...(right.action !== undefined ? { action: right.action } : {}) };
}

export const packageGrant = (urn: string, lang: Lang): Grant => ({ kind: 'package', label: packageName(urn, lang), id: urn });

/** Rights first, then packages, as the approval page lists them. */
export const grants = (s: State, what: { rights: Right[]; accessPackages: { urn: string }[] }, lang: Lang): Grant[] => [
  ...what.rights.map((r) => rightGrant(s, r, lang)),
  ...what.accessPackages.map((p) => packageGrant(p.urn, lang)),
];

/** A delegation-check failure: the right or package it is about, its AUTH code and the check's own words. */
export interface FailureLine {
  code: string;
  label: string;
  id?: string;
  detail: string;
}

export function failureLine(s: State, failure: DelegationFailure, lang: Lang): FailureLine {
  const { code, detail } = failure;
  if (failure.resource) return { code, detail, label: resourceTitle(s, failure.resource, lang), id: failure.resource };
  if (failure.package) return { code, detail, label: packageName(failure.package, lang), id: failure.package };
  return { code, detail, label: code };
}

const DATE_LOCALE: Record<Lang, string> = { nb: 'nb-NO', en: 'en-GB' };

/** A date as people in Norway read it, in Norwegian time. */
export const formatDate = (iso: string, lang: Lang) =>
  new Intl.DateTimeFormat(DATE_LOCALE[lang], { dateStyle: 'long', timeZone: 'Europe/Oslo' }).format(new Date(iso));
