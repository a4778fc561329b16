// An XACML policy in the form the PDP evaluates: rules whose targets are subject alternatives
// (AnyOf of AllOf), resource matches and actions; deny-overrides; obligations on Permit.
// The resource registry parses uploaded XACML XML into this model.

export interface AttributeMatch {
  attributeId: string;
  value: string;
  /** `string-equal-ignore-case` matches (roles, packages) compare without case. */
  ignoreCase: boolean;
}

export interface PolicyRule {
  ruleId: string;
  effect: 'Permit' | 'Deny';
  /** Subject alternatives: the rule applies when every match of one group holds. Empty = anyone. */
  subjects: AttributeMatch[][];
  /** Resource alternatives, same semantics. */
  resources: AttributeMatch[][];
  /** Action ids (`read`, `write`, …); empty = any action. */
  actions: string[];
}

export interface ObligationAssignment {
  attributeId: string;
  category: string;
  dataType: string;
  value: string;
}

export interface Obligation {
  id: string;
  fulfillOn: 'Permit' | 'Deny';
  assignments: ObligationAssignment[];
}

export interface Policy {
  policyId: string;
  rules: PolicyRule[];
  obligations: Obligation[];
}

/** Attribute id → values, as the request (enriched) carries them. */
export type Attributes = Map<string, string[]>;

export type Decision = 'Permit' | 'Deny' | 'NotApplicable';

const holds = (attrs: Attributes, m: AttributeMatch) =>
  (attrs.get(m.attributeId) ?? []).some((v) => (m.ignoreCase ? v.toLowerCase() === m.value.toLowerCase() : v === m.value));

const anyGroup = (groups: AttributeMatch[][], attrs: Attributes) =>
  groups.length === 0 || groups.some((group) => group.every((m) => holds(attrs, m)));

export function ruleApplies(rule: PolicyRule, subject: Attributes, resource: Attributes, action: string): boolean {
  return (rule.actions.length === 0 || rule.actions.includes(action)) && anyGroup(rule.resources, resource) && anyGroup(rule.subjects, subject);
}

/** Deny-overrides over the rules; NotApplicable when nothing matches. */
export function evaluate(policy: Policy, subject: Attributes, resource: Attributes, action: string): Decision {
  let permit = false;
  for (const rule of policy.rules) {
    if (!ruleApplies(rule, subject, resource, action)) continue;
    if (rule.effect === 'Deny') return 'Deny';
    permit = true;
  }
  return permit ? 'Permit' : 'NotApplicable';
}

/** Every action some rule of the policy allows on the resource. */
export const policyActions = (policy: Policy): string[] => [...new Set(policy.rules.flatMap((r) => r.actions))];
