// The scopes Altinn Authentication's endpoints require (altinn-authentication.md §8).
export const SCOPE = {
  systemRegisterWrite: 'altinn:authentication/systemregister.write',
  /** Digdir's override: the system register and its lists for any vendor's system. */
  systemRegisterAdmin: 'altinn:authentication/systemregister.admin',
  requestWrite: 'altinn:authentication/systemuser.request.write',
  requestRead: 'altinn:authentication/systemuser.request.read',
  maskinportenLookup: 'altinn:maskinporten/systemuser.read',
  portal: 'altinn:portal/enduser',
  clientDelegationsRead: 'altinn:clientdelegations.read',
  clientDelegationsWrite: 'altinn:clientdelegations.write',
} as const;

/** Vendor endpoints of the system register accept the write scope or the admin scope. */
export const SYSTEM_REGISTER_SCOPES = [SCOPE.systemRegisterWrite, SCOPE.systemRegisterAdmin];
