// SmartRegnskap's own records: what the vendor setup made (client ids, system ids) and the
// customers with the system-user request each one is waiting on. Nothing here is read from another
// service's state; Altinn's answers are copied in when SmartRegnskap polls.
import type { ServiceContext } from '@testbed/common/context';

/** Request statuses as Altinn writes them (altinn-authentication.md §3.5). */
export type RequestStatus = 'New' | 'Accepted' | 'Rejected' | 'Denied' | 'Timedout';

/** What the vendor setup created, kept so the app and a re-run know them. */
export interface SetupRecord {
  /** SmartCloud AS's first client, from onboarding: self-service API and system register. */
  adminClientId: string;
  /** SmartRegnskap's client for direct customers (standard system users) and the vendor API. */
  standardClientId: string;
  /**
   * A second client for the agent system: Altinn lets one client id belong to one system only
   * (AUTH.VLD-00004), and Maskinporten finds the system user through the client id.
   */
  agentClientId: string;
  standardSystemId: string;
  agentSystemId: string;
  completedAt: string;
}

/** `direct`: a customer like Rør og Vann AS. `firm`: an accounting firm like Tallmakerne AS. */
export type CustomerKind = 'direct' | 'firm';

/** Where the customer's system access stands, as SmartRegnskap last saw it. */
export type AccessState = 'pending' | 'active' | 'rejected' | 'expired' | 'unknown' | 'withdrawn';

export interface CustomerRequest {
  id: string;
  status: RequestStatus;
  confirmUrl: string;
  timedOut: boolean;
  created: string;
  checkedAt: string;
}

export interface Customer {
  id: string;
  kind: CustomerKind;
  orgNo: string;
  orgName: string;
  contactName: string;
  /** Set only when the request used one: it must then be sent in every Maskinporten grant. */
  externalRef?: string;
  access: AccessState;
  request?: CustomerRequest;
  createdAt: string;
}

export interface SmartRegnskapState {
  setup: SetupRecord | null;
  customers: Customer[];
}

export const seedSmartRegnskap = (): SmartRegnskapState => ({ setup: null, customers: [] });

export type SmartRegnskapContext = ServiceContext<SmartRegnskapState>;
