// A resource's XACML policy (authorization.md §2.2–2.3): upload as multipart field `policyFile`
// (POST or PUT, own resources), read back as the XML, and the registry's derived views: the
// flattened rules, the subjects (paginated) and the rights grouped by action and resource.
import express, { type RequestHandler, type Router } from 'express';
import multer, { MulterError } from 'multer';
import { authOf } from '../auth/verify.js';
import { PolicyError, parseXacmlPolicy, ACTION_ID } from '../authorization/xacml.js';
import type { AttributeMatch, Policy } from '../authorization/policy.js';
import type { AltinnDeps } from '../deps.js';
import { PlainResult } from '../problems.js';
import { policyOf, resourceById } from './lookup.js';
import { RESOURCE_WRITE_SCOPES, writesFor } from './owner.js';
import { RESOURCE_BASE } from './resources.js';

const MAX_POLICY_BYTES = 1024 * 1024;

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_POLICY_BYTES, files: 1, fields: 10, parts: 20 } }).single('policyFile');

/** Multer and a malformed multipart body fail as the registry's plain 400 (413 when too large), never a 500. */
const policyUpload: RequestHandler = (req, res, next) =>
  upload(req, res, (err: unknown) => {
    if (!err) return next();
    if (err instanceof MulterError && err.code === 'LIMIT_FILE_SIZE') return next(new PlainResult(413, `The policy file is larger than ${MAX_POLICY_BYTES} bytes`));
    next(new PlainResult(400, `The policy upload could not be read: ${err instanceof Error ? err.message : String(err)}`));
  });

interface TypeValue {
  type: string;
  value: string;
}

interface FlatRule {
  subject: TypeValue[];
  action: TypeValue;
  resource: TypeValue[];
}

const typeValues = (group: AttributeMatch[]): TypeValue[] => group.map((m) => ({ type: m.attributeId, value: m.value }));

/** One entry per subject alternative × action × resource alternative of every rule, as the registry flattens them. */
function flatten(policy: Policy): FlatRule[] {
  return policy.rules.flatMap((rule) => {
    const subjects = rule.subjects.length ? rule.subjects : [[]];
    return subjects.flatMap((subject) =>
      rule.actions.flatMap((action) =>
        rule.resources.map((resource) => ({ subject: typeValues(subject), action: { type: ACTION_ID, value: action }, resource: typeValues(resource) })),
      ),
    );
  });
}

/** Rules grouped by right (action on resource), each listing the subjects granted it. */
function rights(policy: Policy) {
  const byKey = new Map<string, { action: TypeValue; resource: TypeValue[]; subjects: { subjectAttributes: TypeValue[] }[]; rightKey: string; subjectTypes: string[] }>();
  for (const rule of flatten(policy)) {
    const rightKey = [rule.action.value, ...rule.resource.map((r) => r.value)].join(';').toLowerCase();
    const right = byKey.get(rightKey) ?? { action: rule.action, resource: rule.resource, subjects: [], rightKey, subjectTypes: [] };
    right.subjects.push({ subjectAttributes: rule.subject });
    right.subjectTypes = [...new Set([...right.subjectTypes, ...rule.subject.map((s) => s.type)])];
    byKey.set(rightKey, right);
  }
  return [...byKey.values()];
}

/** Distinct subjects of the Permit rules, `{type, value, urn}` with the value in lower case, as the registry indexes them. */
function subjects(policy: Policy) {
  const seen = new Map<string, { type: string; value: string; urn: string }>();
  for (const rule of policy.rules.filter((r) => r.effect === 'Permit')) {
    for (const m of rule.subjects.flat()) {
      const value = m.value.toLowerCase();
      const urn = `${m.attributeId}:${value}`;
      if (!seen.has(urn)) seen.set(urn, { type: m.attributeId, value, urn });
    }
  }
  return [...seen.values()];
}

export function policyRoutes({ ctx, verifier }: AltinnDeps): Router {
  const router = express.Router();

  const storePolicy: RequestHandler = async (req, res) => {
    const id = String(req.params.id);
    if (!req.file) throw new PlainResult(400, 'The policy file can not be null');
    const resource = await ctx.store.read((s) => resourceById(s, id));
    if (!resource) throw new PlainResult(400, 'Unknown resource');
    if (!writesFor(authOf(res), resource.hasCompetentAuthority.organization)) throw new PlainResult(403);
    const xml = req.file.buffer.toString('utf8').replace(/^\uFEFF/, '');
    let policy: Policy;
    try {
      policy = parseXacmlPolicy(xml, id);
    } catch (err) {
      if (err instanceof PolicyError) throw new PlainResult(400, err.message);
      throw err;
    }
    const uploaded = ctx.clock.date().toISOString();
    await ctx.store.update((s) => {
      s.policies = [...s.policies.filter((p) => p.resourceId !== id), { resourceId: id, xml, policy, uploaded }];
    });
    res.status(201).location(`${id}/policy`).end();
  };
  const writePolicy = [verifier.require({ anyScope: RESOURCE_WRITE_SCOPES, sources: ['maskinporten', 'altinn'] }), policyUpload, storePolicy];
  router.post(`${RESOURCE_BASE}/:id/policy`, ...writePolicy);
  router.put(`${RESOURCE_BASE}/:id/policy`, ...writePolicy);

  router.get(`${RESOURCE_BASE}/:id/policy`, async (req, res) => {
    const found = await ctx.store.read((s) => ({ resource: resourceById(s, req.params.id), policy: policyOf(s, req.params.id) }));
    if (!found.resource) throw new PlainResult(404, 'Unable to find resource');
    if (!found.policy) throw new PlainResult(404, 'Unable to find requested policy');
    res.attachment('policy.xml').type('text/xml').send(found.policy.xml);
  });

  const view = (shape: (policy: Policy) => unknown): RequestHandler => async (req, res) => {
    const stored = await ctx.store.read((s) => policyOf(s, String(req.params.id)));
    if (!stored) throw new PlainResult(404);
    res.json(shape(stored.policy));
  };
  router.get(`${RESOURCE_BASE}/:id/policy/rules`, view(flatten));
  router.get(`${RESOURCE_BASE}/:id/policy/rights`, view(rights));
  router.get(`${RESOURCE_BASE}/:id/policy/subjects`, view((policy) => ({ links: { next: null }, data: subjects(policy) })));

  return router;
}
