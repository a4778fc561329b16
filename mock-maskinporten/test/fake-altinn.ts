// A small stand-in for mock-altinn's `GET /authentication/api/v1/systemuser/byExternalId`, so
// Maskinporten's side of the contract is tested over HTTP before (and independently of) the real
// mock-altinn. Like Altinn it verifies Maskinporten's token against /jwk (issuer, signature,
// expiry, scope altinn:maskinporten/systemuser.read, consumer Digdir) and matches the system user
// on (clientId ∈ system's client ids, vendor, owner, externalRef defaulting to the owner).
// System users are put in with the control plane: POST /_testbed/seed {systemUsers: [...]};
// `GET /fake/bearers` lists the jti of every Maskinporten token it was shown (token caching).
import type { Request, Response } from 'express';
import { maskinportenIssuer, type TestbedConfig } from '@testbed/common/config';
import { createServiceContext } from '@testbed/common/context';
import type { ErrorFormat } from '@testbed/common/errors';
import { orgNoFromIso6523 } from '@testbed/common/identifiers';
import { bearerToken, remoteKeys, TokenError, verifyToken } from '@testbed/common/jwt';
import type { ServiceInstance } from '@testbed/common/service';
import { createServiceApp } from '@testbed/common/service-app';
import { ORG } from '@testbed/common/world';

export interface FakeSystemUser {
  id: string;
  systemId: string;
  /** The system's client ids (Maskinporten clients allowed to use its system users). */
  clientIds: string[];
  vendorOrgNo: string;
  ownerOrgNo: string;
  externalRef?: string;
  isDeleted?: boolean;
  userType?: 'standard' | 'agent';
}

const errors: ErrorFormat = {
  send: (_req, res, status, _kind, message) => res.status(status).type('application/problem+json').json({ title: message, status }),
};

export async function createFakeAltinn(config: TestbedConfig): Promise<ServiceInstance> {
  const ctx = await createServiceContext('altinn', config, () => ({ systemUsers: [] as FakeSystemUser[] }));
  const keys = remoteKeys(`${config.urls.maskinporten}/jwk`, ctx.fetch);
  const bearers: string[] = [];

  async function byExternalId(req: Request, res: Response) {
    const token = bearerToken(req.get('authorization'));
    if (!token) return res.status(401).end();
    try {
      const claims = await verifyToken(token, keys, { issuer: maskinportenIssuer(config), clock: ctx.clock, clockToleranceSeconds: 10 });
      const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
      if (!scopes.includes('altinn:maskinporten/systemuser.read') || orgNoFromIso6523(claims.consumer) !== ORG.digdir) return res.status(403).end();
      if (bearers.length < 1000) bearers.push(String(claims.jti));
    } catch (err) {
      if (err instanceof TokenError) return res.status(401).end();
      throw err;
    }
    const q = req.query as Record<string, string | undefined>;
    if (!q.clientId || !q.systemProviderOrgNo || !q.systemUserOwnerOrgNo) return res.status(400).end();
    const externalRef = q.externalRef || q.systemUserOwnerOrgNo;
    const found = await ctx.store.read((s) =>
      s.systemUsers.find(
        (u) =>
          !u.isDeleted &&
          u.clientIds.includes(q.clientId!) &&
          u.vendorOrgNo === q.systemProviderOrgNo &&
          u.ownerOrgNo === q.systemUserOwnerOrgNo &&
          (u.externalRef ?? u.ownerOrgNo) === externalRef,
      ),
    );
    if (!found) return res.status(404).end();
    res.json({
      id: found.id,
      integrationTitle: `${found.systemId} for ${found.ownerOrgNo}`,
      systemId: found.systemId,
      productName: found.systemId,
      reporteeOrgNo: found.ownerOrgNo,
      created: '2025-01-25T13:54:38.000Z',
      isDeleted: false,
      supplierName: '',
      supplierOrgno: found.vendorOrgNo,
      externalRef: found.externalRef ?? found.ownerOrgNo,
      userType: found.userType ?? 'standard',
    });
  }

  const app = createServiceApp(ctx, {
    errors,
    controlPlane: {
      seed: async (body) => {
        const added = (body as { systemUsers?: FakeSystemUser[] }).systemUsers ?? [];
        await ctx.store.update((s) => {
          s.systemUsers = [...s.systemUsers.filter((u) => !added.some((a) => a.id === u.id)), ...added];
        });
        return { systemUsers: added.length };
      },
    },
    routes: (app) => {
      app.get('/authentication/api/v1/systemuser/byExternalId', byExternalId);
      app.get('/fake/bearers', (_req, res) => res.json(bearers));
    },
  });
  return { name: 'altinn', handler: app, close: () => ctx.store.close() };
}
