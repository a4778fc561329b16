// Who may change what in the registry: a resource owner changes its own resources (the token's
// `consumer` is the owner's org number), an admin-scoped token changes anything.
import type { AuthContext } from '../auth/verify.js';

export const RESOURCE_ADMIN = 'altinn:resourceregistry/resource.admin';
export const RESOURCE_WRITE_SCOPES = ['altinn:resourceregistry/resource.write', RESOURCE_ADMIN];

export const isAdmin = (auth: AuthContext) => auth.scopes.has(RESOURCE_ADMIN);

/** May the caller write resources owned by `orgNo`? */
export const writesFor = (auth: AuthContext, orgNo: string | undefined) => isAdmin(auth) || (orgNo !== undefined && auth.consumerOrgNo === orgNo);
