// Access management's open metadata API, `/accessmanagement/api/v1/meta/info/` (authorization.md
// §3.1): packages by URN or id, the whole area-group → area → package hierarchy (`export`), and
// roles. Names in Norwegian bokmål, or English with `Accept-Language: en`. The catalogue has no
// descriptions, so a package's or area's description repeats its name.
import { stableUuid } from '@testbed/common/identifiers';
import express, { type Request, type Router } from 'express';
import type { AltinnDeps } from '../deps.js';
import { PlainResult } from '../problems.js';
import { resourceById } from '../resource-registry/lookup.js';
import type { ResourceRegistryState } from '../resource-registry/model.js';
import { ACCESS_PACKAGE, resourcesPermitting } from './attributes.js';
import { AREA_LIST, areaOf, findPackage, findPackageById, type AccessPackage, type AreaGroup, type PackageArea } from './packages.js';
import { ROLES, type RoleInfo } from './roles.js';

const META = '/accessmanagement/api/v1/meta/info';

type Lang = 'nb' | 'en';
const langOf = (req: Request): Lang => (req.acceptsLanguages('nb', 'no', 'nob', 'en') === 'en' ? 'en' : 'nb');

const GROUPS: Record<AreaGroup, { nb: string; en: string; code: string }> = {
  General: { nb: 'Allment', en: 'General', code: 'allment' },
  Industry: { nb: 'Bransje', en: 'Industry', code: 'bransje' },
  Special: { nb: 'Særskilt', en: 'Special', code: 'saerskilt' },
};

const areaView = (a: PackageArea, lang: Lang) => ({ id: a.id, name: a.name[lang], urn: a.urn, description: a.name[lang], icon: null });

/** Registry resources whose policy lets the package do something. */
function resourcesOf(s: Readonly<ResourceRegistryState>, pkg: AccessPackage, lang: Lang) {
  return resourcesPermitting(s, new Map([[ACCESS_PACKAGE, [pkg.code]]])).flatMap((resourceId) => {
    const r = resourceById(s, resourceId);
    return r ? [{ id: stableUuid(`resource:${resourceId}`), name: r.title[lang], description: r.description[lang], refId: resourceId }] : [];
  });
}

const packageView = (s: Readonly<ResourceRegistryState>, p: AccessPackage, lang: Lang) => ({
  id: p.id,
  name: p.name[lang],
  urn: p.urn,
  description: p.name[lang],
  isDelegable: p.delegable,
  isAssignable: p.assignable,
  area: areaView(areaOf(p), lang),
  resources: resourcesOf(s, p, lang),
});

const roleView = (r: RoleInfo, lang: Lang) => ({
  id: r.id,
  name: r.name[lang],
  code: r.code,
  description: r.description[lang],
  isKeyRole: r.isKeyRole,
  urn: r.urn,
  legacyRoleCode: r.erCode?.toLowerCase() ?? null,
  legacyUrn: r.erCode ? `urn:altinn:rolecode:${r.erCode.toLowerCase()}` : null,
  isResourcePolicyAvailable: r.erCode !== undefined,
  provider: r.provider,
});

export function metadataRoutes({ ctx }: AltinnDeps): Router {
  const router = express.Router();

  router.get(`${META}/accesspackages/export`, async (req, res) => {
    const lang = langOf(req);
    const groups = await ctx.store.read((s) =>
      (Object.keys(GROUPS) as AreaGroup[]).map((group) => ({
        id: stableUuid(`areagroup:${GROUPS[group].code}`),
        name: GROUPS[group][lang],
        urn: `accesspackage:areagroup:${GROUPS[group].code}`,
        description: GROUPS[group][lang],
        type: 'Organisasjon',
        areas: AREA_LIST.filter((a) => a.group === group).map((a) => ({ ...areaView(a, lang), packages: a.packages.map((p) => packageView(s, p, lang)) })),
      })),
    );
    res.json(groups);
  });

  router.get(`${META}/accesspackages/package/urn/:urn`, async (req, res) => {
    const pkg = findPackage(req.params.urn);
    if (!pkg) throw new PlainResult(404);
    res.json(await ctx.store.read((s) => packageView(s, pkg, langOf(req))));
  });

  router.get(`${META}/accesspackages/package/:id`, async (req, res) => {
    const pkg = findPackageById(req.params.id);
    if (!pkg) throw new PlainResult(404);
    res.json(await ctx.store.read((s) => packageView(s, pkg, langOf(req))));
  });

  router.get(`${META}/roles`, (req, res) => {
    res.json(ROLES.map((r) => roleView(r, langOf(req))));
  });

  router.get(`${META}/roles/:id`, (req, res) => {
    const role = ROLES.find((r) => r.id === req.params.id.toLowerCase());
    if (!role) throw new PlainResult(404);
    res.json(roleView(role, langOf(req)));
  });

  return router;
}
