// Control-plane fixtures for Altinn Authentication, so CI can set up a world without a browser:
// `POST /_testbed/seed` creates systems, pending requests and approved system users (rights and
// packages delegated, clients added to agents) through the same checks as the API, all or nothing;
// `DELETE /_testbed/systemusers/{id}` is the vendor-side delete the real platform does not offer.
import type { Router } from 'express';
import { z } from 'zod';
import { problem } from '@testbed/common/control-plane';
import { mayManageAccess } from './access-management/access.js';
import { addClient } from './access-management/client-delegation.js';
import type { AltinnDeps } from './deps.js';
import { bindBody } from './model-binding.js';
import { AltinnProblem, AltinnValidationProblem, ModelStateProblem, PlainResult, type ValidationError } from './problems.js';
import { orgByNo } from './register/parties.js';
import { approveRequest } from './requests/approval.js';
import { createRequest } from './requests/create.js';
import type { RequestKind } from './requests/model.js';
import { CREATE_AGENT_REQUEST, CREATE_REQUEST } from './requests/schemas.js';
import { requestTime, type RequestTime } from './requests/status.js';
import { confirmUrl } from './requests/views.js';
import type { AltinnState } from './state.js';
import { checkNewSystem, findSystem, insertSystem } from './system-register/register.js';
import { REGISTER_SYSTEM } from './system-register/schemas.js';
import { vendorOrgNoOf } from './system-register/validation.js';
import { findSystemUser } from './system-users/lookup.js';
import { retireSystemUser } from './system-users/withdraw.js';

const requestFixture = z.looseObject({ kind: z.enum(['standard', 'agent']).default('standard') });
const systemUserFixture = z.looseObject({
  kind: z.enum(['standard', 'agent']).default('standard'),
  /** Who approves; default: the first person who may manage access for the org. */
  approvedBy: z.string().optional(),
  /** For an agent: org numbers of clients to add. */
  clients: z.array(z.string()).default([]),
});
const fixtures = z
  .object({
    systems: z.array(z.unknown()).default([]),
    requests: z.array(requestFixture).default([]),
    systemUsers: z.array(systemUserFixture).default([]),
  })
  .strict();

/** Any problem a fixture hits, as a 400 validation problem whose path names the fixture. */
function fixtureError(err: unknown, where: string): unknown {
  const at = (e: { code: string; title: string; paths?: string[]; [extension: string]: unknown }): ValidationError => ({ ...e, paths: [where, ...(e.paths ?? [])] });
  if (err instanceof AltinnValidationProblem) return new AltinnValidationProblem(err.errors.map(at));
  if (err instanceof AltinnProblem) return new AltinnValidationProblem([at({ code: err.code, title: err.message, ...(err.detail ? { detail: err.detail } : {}), ...err.extensions })]);
  if (err instanceof ModelStateProblem) {
    return new AltinnValidationProblem(Object.entries(err.errors).map(([member, messages]) => at({ code: 'TESTBED.FIXTURE', title: messages.join(' '), paths: [member] })));
  }
  if (err instanceof PlainResult) return new AltinnValidationProblem([at({ code: 'TESTBED.FIXTURE', title: err.body || `The API would answer ${err.status}.` })]);
  return err;
}

function each<T>(items: T[], name: string, apply: (item: T) => void): void {
  items.forEach((item, i) => {
    try {
      apply(item);
    } catch (err) {
      throw fixtureError(err, `/${name}/${i}`);
    }
  });
}

const bodyModel = (kind: RequestKind) => (kind === 'agent' ? CREATE_AGENT_REQUEST : CREATE_REQUEST);
/** A fixture request is made by its system's vendor; an unknown system is AUTH-00011 as for any vendor. */
function vendorOf(s: Readonly<AltinnState>, systemId: unknown): string {
  const system = typeof systemId === 'string' ? findSystem(s, systemId) : undefined;
  if (!system) throw new AltinnProblem('AUTH-00011');
  return system.vendorOrgNo;
}

/** A person who may approve for the org: the one named, or the first the register gives. */
function approverFor(s: Readonly<AltinnState>, orgNo: string, named: string | undefined): string {
  if (named) return named;
  const person = s.parties.find((p) => p.type === 'Person' && mayManageAccess(s, p.pid, orgNo));
  if (person?.type !== 'Person') throw new PlainResult(400, `Nobody may manage access for ${orgNo}; name the approver in approvedBy.`);
  return person.pid;
}

export interface SeededFixtures {
  systems: { id: string; internalId: string }[];
  requests: { id: string; kind: RequestKind; status: string; confirmUrl: string }[];
  systemUsers: { id: string; systemId: string; partyOrgNo: string; externalRef: string; userType: RequestKind }[];
}

/** Applies the fixtures to a draft of the state; throws at the first one the API would refuse. */
export function applyFixtures(s: AltinnState, body: unknown, t: RequestTime, altinnUrl: string): SeededFixtures {
  const parsed = fixtures.safeParse(body ?? {});
  if (!parsed.success) {
    throw new AltinnValidationProblem(parsed.error.issues.map((i) => ({ code: 'TESTBED.FIXTURE', title: i.message, paths: [`/${i.path.join('/')}`] })));
  }
  const out: SeededFixtures = { systems: [], requests: [], systemUsers: [] };
  const now = t.now.toISOString();
  each(parsed.data.systems, 'systems', (raw) => {
    const system = bindBody(raw, REGISTER_SYSTEM);
    const caller = { admin: true, ...(vendorOrgNoOf(system.vendor.ID) ? { orgNo: vendorOrgNoOf(system.vendor.ID)! } : {}) };
    checkNewSystem(s, system, caller);
    out.systems.push({ id: system.id, internalId: insertSystem(s, system, caller, now) });
  });
  each(parsed.data.requests, 'requests', ({ kind, ...raw }) => {
    const { request } = createRequest(s, kind, bindBody(raw, bodyModel(kind)), vendorOf(s, raw.systemId), t);
    const page = kind === 'agent' ? 'agentrequest' : 'request';
    out.requests.push({ id: request.id, kind, status: request.status, confirmUrl: confirmUrl(altinnUrl, page, request.id) });
  });
  each(parsed.data.systemUsers, 'systemUsers', ({ kind, approvedBy, clients, ...raw }) => {
    const { created, request } = createRequest(s, kind, bindBody(raw, bodyModel(kind)), vendorOf(s, raw.systemId), t);
    if (!created) throw new PlainResult(400, `A request with this system, org and external reference exists already (${request.id}).`);
    const org = orgByNo(s, request.partyOrgNo)!;
    const pid = approverFor(s, org.orgNo, approvedBy);
    const user = approveRequest(s, { requestId: request.id, partyId: org.partyId, pid, kind }, t);
    for (const clientOrgNo of clients) {
      const client = orgByNo(s, clientOrgNo);
      if (!client) throw new AltinnProblem('AUTH-00079', {}, `No organisation ${clientOrgNo} in the register.`);
      addClient(s, { id: user.id, facilitatorOrgNo: user.reporteeOrgNo, packages: user.accessPackages.map((p) => p.urn) }, client.partyUuid, now);
    }
    out.systemUsers.push({ id: user.id, systemId: user.systemId, partyOrgNo: user.reporteeOrgNo, externalRef: user.externalRef, userType: user.userType });
  });
  return out;
}

/** The control-plane hooks: seed (all or nothing) and the test-only system-user delete. */
export function authenticationControlPlane({ ctx }: AltinnDeps) {
  return {
    seed: (body: unknown) =>
      ctx.store.update((s) => {
        const draft = structuredClone(s);
        const seeded = applyFixtures(draft, body, requestTime(ctx), ctx.config.urls.altinn);
        Object.assign(s, draft);
        return seeded;
      }),
    extend: (router: Router) => {
      router.delete('/systemusers/:id', async (req, res) => {
        const deleted = await ctx.store.update((s) => {
          const systemUser = findSystemUser(s, req.params.id);
          if (systemUser) retireSystemUser(s, systemUser, ctx.clock.date().toISOString());
          return Boolean(systemUser);
        });
        if (!deleted) return problem(res, 404, 'No such system user', `No live system user with id ${req.params.id}.`);
        res.status(204).end();
      });
    },
  };
}
