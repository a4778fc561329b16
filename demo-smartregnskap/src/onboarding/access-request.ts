// Asking a customer for system access (altinn-authentication.md §3–§5): SmartRegnskap creates the
// request, sends the person to Altinn's confirmUrl, and afterwards polls the request, because
// Altinn's redirect back carries nothing. Asking again after a rejection or a withdrawal deletes
// the old request first: Altinn would otherwise answer 200 with the old, rejected one.
import { randomUUID } from 'node:crypto';
import type { AltinnVendorApi, CreateRequestBody, SystemUserRequest } from '../altinn-client.js';
import { orgNameOf, saveCustomer, withRequest } from '../customers.js';
import type { Customer, CustomerKind, SetupRecord, SmartRegnskapContext } from '../state.js';
import { FIRM_PACKAGES, KRAV_RIGHTS, returnUrl } from '../setup/systems.js';
import { NotSetUp, UpstreamAnswer } from '../upstream.js';

/** Altinn: a system user already exists for (system, org, externalRef). */
const SYSTEM_USER_EXISTS = 'AUTH-00004';
const REQUEST_NOT_FOUND = new Set(['AUTH-00010', 'AUTH-00030']);

export interface SignUp {
  kind: CustomerKind;
  orgNo: string;
  contactName: string;
}

export interface AccessRequestDeps {
  ctx: SmartRegnskapContext;
  altinn: AltinnVendorApi;
  setup: () => Promise<SetupRecord | null>;
}

const requestKind = (customer: Customer) => (customer.kind === 'firm' ? 'agent' : 'standard');

export class AccessRequests {
  constructor(private readonly deps: AccessRequestDeps) {}

  private async setup(): Promise<SetupRecord> {
    const setup = await this.deps.setup();
    if (!setup) throw new NotSetUp();
    return setup;
  }

  private now = () => this.deps.ctx.clock.date().toISOString();

  /** A signup: the customer's record (new, or the one this org already has) with a request in Altinn. */
  async signUp(input: SignUp): Promise<Customer> {
    const existing = await this.deps.ctx.store.read((s) => s.customers.find((c) => c.kind === input.kind && c.orgNo === input.orgNo));
    const customer: Customer = existing
      ? { ...existing, contactName: input.contactName }
      : { id: randomUUID(), kind: input.kind, orgNo: input.orgNo, orgName: orgNameOf(input.orgNo), contactName: input.contactName, access: 'pending', createdAt: this.now() };
    return this.request(customer);
  }

  /** Creates the request; Altinn answers 200 with the existing one when it has it (idempotent). */
  private async request(customer: Customer): Promise<Customer> {
    const setup = await this.setup();
    const body: CreateRequestBody = {
      systemId: customer.kind === 'firm' ? setup.agentSystemId : setup.standardSystemId,
      partyOrgNo: customer.orgNo,
      ...(customer.externalRef ? { externalRef: customer.externalRef } : {}),
      ...(customer.kind === 'firm' ? { accessPackages: FIRM_PACKAGES } : { rights: KRAV_RIGHTS }),
      redirectUrl: `${returnUrl(this.deps.ctx.config)}?customer=${customer.id}`,
    };
    let request: SystemUserRequest;
    try {
      request = (await this.deps.altinn.createRequest(requestKind(customer), body)).request;
    } catch (err) {
      if (err instanceof UpstreamAnswer && err.code === SYSTEM_USER_EXISTS) {
        return saveCustomer(this.deps.ctx, { ...customer, access: 'active' });
      }
      throw err;
    }
    return saveCustomer(this.deps.ctx, withRequest(customer, request, this.now()));
  }

  /** Polls Altinn for the customer's request and stores what it says. */
  async refresh(customer: Customer): Promise<Customer> {
    if (!customer.request) return customer;
    try {
      const request = await this.deps.altinn.getRequest(requestKind(customer), customer.request.id);
      return saveCustomer(this.deps.ctx, withRequest(customer, request, this.now()));
    } catch (err) {
      if (err instanceof UpstreamAnswer && err.code !== undefined && REQUEST_NOT_FOUND.has(err.code)) {
        return saveCustomer(this.deps.ctx, { ...customer, access: 'unknown' });
      }
      throw err;
    }
  }

  /** A fresh request after a rejection, expiry or withdrawal: delete the old one, then ask again. */
  async askAgain(customer: Customer): Promise<Customer> {
    if (customer.request) {
      try {
        await this.deps.altinn.deleteRequest(customer.request.id);
      } catch (err) {
        // Already gone: the customer deleted the system user (which deletes its request) or Altinn was reset.
        if (!(err instanceof UpstreamAnswer && err.status === 404)) throw err;
      }
    }
    const { request: _old, ...withoutRequest } = customer;
    return this.request({ ...withoutRequest, access: 'pending' });
  }
}
