// The PDP's request body: XACML 3.0 JSON profile, Altinn's subset (authorization.md §1.2).
// Property names are matched case-insensitively, as ASP.NET binds them; a body that does not bind
// (not an object, no Request, a value of the wrong JSON type) is ASP.NET's validation problem.
// A valid body becomes one decision request, or one per RequestReference of a multi-request.
import { z } from 'zod';
import { bindBody, type BodyModel } from '../model-binding.js';

export interface XacmlAttribute {
  attributeId: string;
  value: string;
  dataType: string | null;
  issuer: string | null;
  includeInResult: boolean;
}

export interface XacmlCategory {
  id: string | null;
  attribute: XacmlAttribute[];
}

export interface DecisionRequest {
  subject: XacmlCategory[];
  action: XacmlCategory[];
  resource: XacmlCategory[];
}

const attribute = z.object({
  AttributeId: z.string(),
  Value: z.string(),
  DataType: z.string().nullish(),
  Issuer: z.string().nullish(),
  IncludeInResult: z.boolean().nullish(),
});

const category = z.object({
  CategoryId: z.string().nullish(),
  Id: z.string().nullish(),
  Content: z.string().nullish(),
  Attribute: z.array(attribute).nullish(),
});

const categories = z.array(category).nullish();

const body = z.object({
  Request: z.object({
    ReturnPolicyIdList: z.boolean().nullish(),
    CombinedDecision: z.boolean().nullish(),
    XPathVersion: z.string().nullish(),
    AccessSubject: categories,
    Action: categories,
    Resource: categories,
    Category: categories,
    RecipientSubject: categories,
    IntermediarySubject: categories,
    RequestingMachine: categories,
    MultiRequests: z.object({ RequestReference: z.array(z.object({ ReferenceId: z.array(z.string()).nullish() })).nullish() }).nullish(),
  }),
});

type Body = z.infer<typeof body>;
type Category = z.infer<typeof category>;

const MODEL: BodyModel<Body> = { schema: body, model: 'XacmlJsonRequestRootExternal', param: 'authorizationRequest', required: 'annotation' };

/** The decision requests of a body; throws ASP.NET's validation problem when it does not bind. */
export const decisionRequests = (raw: unknown): DecisionRequest[] => split(bindBody(raw, MODEL).Request);

const toCategory = (c: Category): XacmlCategory => ({
  id: c.Id ?? null,
  attribute: (c.Attribute ?? []).map((a) => ({
    attributeId: a.AttributeId,
    value: a.Value,
    dataType: a.DataType ?? null,
    issuer: a.Issuer ?? null,
    includeInResult: a.IncludeInResult === true,
  })),
});

/**
 * Two or more RequestReferences: one request per reference, made of the categories whose Id the
 * reference lists, in order. Fewer: the whole body is one request (authorization.md §1.4).
 */
function split(request: Body['Request']): DecisionRequest[] {
  const all = {
    subject: (request.AccessSubject ?? []).map(toCategory),
    action: (request.Action ?? []).map(toCategory),
    resource: (request.Resource ?? []).map(toCategory),
  };
  const references = request.MultiRequests?.RequestReference ?? [];
  if (references.length < 2) return [all];
  return references.map((ref) => {
    const ids = new Set(ref.ReferenceId ?? []);
    const pick = (list: XacmlCategory[]) => list.filter((c) => c.id !== null && ids.has(c.id));
    return { subject: pick(all.subject), action: pick(all.action), resource: pick(all.resource) };
  });
}
