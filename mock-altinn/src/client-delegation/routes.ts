// `authentication/api/v1/enduser/systemuser`: the client-delegation API an accounting firm's own
// system (or the portal) calls with a person's exchanged token (altinn-authentication.md §4.4):
// list the firm's agent system users, the clients it may add, the clients added, add and remove.
// The person must be client administrator for the firm or may manage its access; else 403 empty.
import express, { type Request, type Response, type Router } from 'express';
import { isUuid } from '@testbed/common/identifiers';
import { mayManageAccess, packagesFrom } from '../access-management/access.js';
import { addClient, availableClients, delegatedClients, removeClient, type ClientInfo } from '../access-management/client-delegation.js';
import type { AltinnDeps } from '../deps.js';
import { queryString } from '../model-binding.js';
import { AltinnProblem, AltinnValidationProblem, altinnErrorFormat, PlainResult, type ValidationError } from '../problems.js';
import { orgByNo } from '../register/parties.js';
import { personOf } from '../requests/portal-routes.js';
import { SCOPE } from '../scopes.js';
import type { AltinnState } from '../state.js';
import { findSystemUser, ownedBy } from '../system-users/lookup.js';
import type { SystemUser } from '../system-users/model.js';
import { internalSystemUser } from '../system-users/views.js';

const VLD = {
  agentMissing: { code: 'AUTH.VLD-00014', title: 'The agent query parameter is missing or invalid', paths: ['?agent'] },
  agentNotFound: { code: 'AUTH.VLD-00014', title: 'System user not found', paths: ['?agent'] },
  notAgent: { code: 'AUTH.VLD-00015', title: 'SystemUser is not a valid system user of type agent', paths: ['?agent'] },
  clientMissing: { code: 'AUTH.VLD-00016', title: 'The client query parameter is missing or invalid', paths: ['?client'] },
} satisfies Record<string, ValidationError>;

/** Client administrator (the package) or someone who may manage the facilitator's access. */
function mayAdministerClients(s: Readonly<AltinnState>, pid: string, facilitatorOrgNo: string): boolean {
  if (mayManageAccess(s, pid, facilitatorOrgNo)) return true;
  return packagesFrom(s, { kind: 'person', pid }, facilitatorOrgNo).some((p) => p.code === 'klientadministrator');
}

/** The `agent` (and, when asked, `client`) query values, all their errors in one validation problem. */
function agentAndClient(s: Readonly<AltinnState>, req: Request, withClient: boolean): { agent: SystemUser; client: string } {
  const agentId = queryString(req, 'agent');
  const client = queryString(req, 'client');
  const errors: ValidationError[] = [];
  const agent = isUuid(agentId) ? findSystemUser(s, agentId) : undefined;
  if (!isUuid(agentId)) errors.push(VLD.agentMissing);
  else if (!agent) errors.push(VLD.agentNotFound);
  else if (agent.userType !== 'agent') errors.push(VLD.notAgent);
  if (withClient && !isUuid(client)) errors.push(VLD.clientMissing);
  if (errors.length) throw new AltinnValidationProblem(errors);
  return { agent: agent!, client: client?.toLowerCase() ?? '' };
}

const clientView = (c: ClientInfo) => ({ clientId: c.partyUuid, clientOrganizationNumber: c.orgNo, clientOrganizationName: c.name });

export function clientDelegationRoutes({ ctx, verifier }: AltinnDeps): Router {
  const router = express.Router();
  const read = verifier.require({ anyScope: [SCOPE.clientDelegationsRead] });
  const write = verifier.require({ anyScope: [SCOPE.clientDelegationsWrite] });

  /** The agent the person may administer clients for; validation first, then the access check. */
  const agentFor = (s: Readonly<AltinnState>, req: Request, res: Response, withClient: boolean) => {
    const found = agentAndClient(s, req, withClient);
    if (!mayAdministerClients(s, personOf(res), found.agent.reporteeOrgNo)) throw new PlainResult(403);
    return found;
  };

  router.get('/agents', read, async (req, res) => {
    const orgNo = queryString(req, 'party') ?? '';
    const pid = personOf(res);
    const agents = await ctx.store.read((s) => {
      const party = orgByNo(s, orgNo);
      if (!party) return undefined;
      if (!mayAdministerClients(s, pid, party.orgNo)) throw new PlainResult(403);
      return ownedBy(s, party.orgNo)
        .filter((u) => u.userType === 'agent')
        .map((u) => internalSystemUser(u, party));
    });
    if (!agents) return altinnErrorFormat.send(req, res, 404, 'not_found', 'Party not found');
    res.json(agents);
  });

  /** `{links, systemUserInformation, data}`; no real pagination yet, as in the platform. */
  const clientList = (list: (s: Readonly<AltinnState>, agent: SystemUser) => ClientInfo[]) => async (req: Request, res: Response) => {
    const { agent, clients } = await ctx.store.read((s) => {
      const found = agentFor(s, req, res, false).agent;
      return { agent: found, clients: list(s, found) };
    });
    res.json({
      links: {},
      systemUserInformation: { systemUserId: agent.id, systemUserOwnerOrg: agent.reporteeOrgNo },
      data: clients.map(clientView),
    });
  };
  router.get('/clients/available', read, clientList((s, agent) => availableClients(s, agent.reporteeOrgNo, agent.accessPackages.map((p) => p.urn))));
  router.get('/clients', read, clientList((s, agent) => delegatedClients(s, agent.id)));

  router.post('/clients', write, async (req, res) => {
    const now = ctx.clock.date().toISOString();
    const result = await ctx.store.update((s) => {
      const { agent, client } = agentFor(s, req, res, true);
      addClient(s, { id: agent.id, facilitatorOrgNo: agent.reporteeOrgNo, packages: agent.accessPackages.map((p) => p.urn) }, client, now);
      return { agent: agent.id, client };
    });
    res.json(result);
  });

  /** Removing a client that was never added is "Client not found". */
  router.delete('/clients', write, async (req, res) => {
    const result = await ctx.store.update((s) => {
      const { agent, client } = agentFor(s, req, res, true);
      if (!removeClient(s, agent.id, client)) throw new AltinnProblem('AUTH-00079');
      return { agent: agent.id, client };
    });
    res.json(result);
  });

  return express.Router().use('/authentication/api/v1/enduser/systemuser', router);
}
