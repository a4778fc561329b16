// SmartRegnskap's customer records: find them, and copy Altinn's view of a customer's request in.
import { isUuid } from '@testbed/common/identifiers';
import { findOrg } from '@testbed/common/world';
import type { SystemUserRequest } from './altinn-client.js';
import type { AccessState, Customer, CustomerKind, SmartRegnskapContext } from './state.js';

export const orgNameOf = (orgNo: string) => findOrg(orgNo)?.name ?? `Org.nr. ${orgNo}`;

export async function findCustomer(ctx: SmartRegnskapContext, id: unknown, kind?: CustomerKind): Promise<Customer | undefined> {
  if (!isUuid(id)) return undefined;
  return ctx.store.read((s) => s.customers.find((c) => c.id === id && (!kind || c.kind === kind)));
}

export const listCustomers = (ctx: SmartRegnskapContext, kind: CustomerKind) =>
  ctx.store.read((s) => s.customers.filter((c) => c.kind === kind));

/** What a request's status means for the customer's access. */
export function accessOf(request: Pick<SystemUserRequest, 'status' | 'timedOut'>): AccessState {
  switch (request.status) {
    case 'Accepted':
      return 'active';
    case 'Rejected':
    case 'Denied':
      return 'rejected';
    case 'Timedout':
      return 'expired';
    default:
      // Current Altinn keeps status New on expiry and sets timedOut (altinn-authentication.md §3.5).
      return request.timedOut ? 'expired' : 'pending';
  }
}

/**
 * Stores `customer` (inserting it, or updating the record for the same org and kind) and resolves
 * once it is on disk. Returns the stored record.
 */
export function saveCustomer(ctx: SmartRegnskapContext, customer: Customer): Promise<Customer> {
  return ctx.store.update((s) => {
    const index = s.customers.findIndex((c) => c.id === customer.id || (c.kind === customer.kind && c.orgNo === customer.orgNo));
    if (index === -1) {
      s.customers.push(customer);
      return customer;
    }
    const merged = { ...customer, id: s.customers[index]!.id, createdAt: s.customers[index]!.createdAt };
    s.customers[index] = merged;
    return merged;
  });
}

/** Copies Altinn's answer about the customer's request in, with the access it implies. */
export function withRequest(customer: Customer, request: SystemUserRequest, checkedAt: string): Customer {
  return {
    ...customer,
    access: accessOf(request),
    request: {
      id: request.id,
      status: request.status,
      confirmUrl: request.confirmUrl,
      timedOut: request.timedOut === true,
      created: request.created,
      checkedAt,
    },
  };
}

export const setAccess = (ctx: SmartRegnskapContext, customerId: string, access: AccessState) =>
  ctx.store.update((s) => {
    const customer = s.customers.find((c) => c.id === customerId);
    if (customer) customer.access = access;
    return customer;
  });
