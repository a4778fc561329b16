// Altinn's PDP, asked the way an API provider asks it (authorization.md §1, §6): the system user
// as the only subject, action `read` on resource `ske-krav-og-betalinger` for the party in the
// path, with Skatteetaten's own exchanged Altinn token and its APIM subscription key.
import type { ServiceFetch } from '@testbed/common/http-client';
import { z } from 'zod';
import { Feil } from '../errors.js';
import type { AltinnTokenSource } from './altinn-token.js';

export const RESOURCE_ID = 'ske-krav-og-betalinger';
export const ACTION = 'read';
export const AUTHORIZE_SCOPE = 'altinn:authorization/authorize';

const DECISIONS = ['Permit', 'Deny', 'NotApplicable', 'Indeterminate'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface PdpResult {
  decision: Decision;
  statusMessage: string | null;
}

const result = z.object({
  decision: z.enum(DECISIONS),
  status: z.object({ statusMessage: z.string().nullish() }).nullish(),
});
/** One result per request; a single request gets exactly one. */
const pdpResponse = z.object({ response: z.tuple([result], result) });

const attribute = (AttributeId: string, Value: string) => ({ AttributeId, Value });

/** The decision request of authorization.md §1.6. */
export const decisionRequest = (systemUserId: string, partyOrgNo: string) => ({
  Request: {
    ReturnPolicyIdList: false,
    AccessSubject: [{ Attribute: [attribute('urn:altinn:systemuser:uuid', systemUserId)] }],
    Action: [
      {
        Attribute: [{ ...attribute('urn:oasis:names:tc:xacml:1.0:action:action-id', ACTION), DataType: 'http://www.w3.org/2001/XMLSchema#string' }],
      },
    ],
    Resource: [{ Attribute: [attribute('urn:altinn:resource', RESOURCE_ID), attribute('urn:altinn:organization:identifier-no', partyOrgNo)] }],
  },
});

export interface PdpOptions {
  altinnUrl: string;
  fetch: ServiceFetch;
  token: AltinnTokenSource;
  subscriptionKey: string;
}

const backendFailure = (hint: string) => new Feil('KB-002', undefined, hint);

export class Pdp {
  constructor(private readonly options: PdpOptions) {}

  /** The PDP's decision; KB-002 when Altinn cannot give one (outage, error status, malformed answer). */
  async authorize(systemUserId: string, partyOrgNo: string): Promise<PdpResult> {
    let res = await this.post(systemUserId, partyOrgNo);
    if (res.status === 401 || res.status === 403) {
      // Altinn may have been reset or rotated its keys since the token was cached: one fresh try.
      await res.body?.cancel();
      this.options.token.clear();
      res = await this.post(systemUserId, partyOrgNo);
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw backendFailure(`Altinn's PDP answered HTTP ${res.status}.`);
    }
    const parsed = pdpResponse.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw backendFailure("Altinn's PDP answered with a body that is not an XACML JSON response.");
    const [first] = parsed.data.response;
    return { decision: first.decision, statusMessage: first.status?.statusMessage ?? null };
  }

  private async post(systemUserId: string, partyOrgNo: string): Promise<Response> {
    let token: string;
    try {
      token = await this.options.token.token();
    } catch (err) {
      throw backendFailure(`Skatteetaten could not get its Altinn token for the PDP: ${err instanceof Error ? err.message : String(err)}`);
    }
    return this.options.fetch(`${this.options.altinnUrl}/authorization/api/v1/authorize`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'Ocp-Apim-Subscription-Key': this.options.subscriptionKey,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(decisionRequest(systemUserId, partyOrgNo)),
    });
  }
}
