// XACML 3.0 policy XML → the policy model the PDP evaluates (policy.ts). Supports what Altinn's
// resource policies use (authorization.md §2.3): rules with a Target of AnyOf/AllOf/Match per
// category, MatchId string-equal and string-equal-ignore-case, Permit/Deny, ObligationExpressions.
// Anything else is refused with a message naming it, rather than evaluated differently than
// Altinn would.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AttributeMatch, Obligation, Policy, PolicyRule } from './policy.js';

export const CATEGORY = {
  subject: 'urn:oasis:names:tc:xacml:1.0:subject-category:access-subject',
  resource: 'urn:oasis:names:tc:xacml:3.0:attribute-category:resource',
  action: 'urn:oasis:names:tc:xacml:3.0:attribute-category:action',
} as const;

export const ACTION_ID = 'urn:oasis:names:tc:xacml:1.0:action:action-id';
export const RESOURCE_ID = 'urn:altinn:resource';

const MATCH_FUNCTIONS: Record<string, boolean> = {
  'urn:oasis:names:tc:xacml:1.0:function:string-equal': false,
  'urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case': true,
};

/** An uploaded policy that cannot be stored; the message is what the registry answers with. */
export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

type XmlNode = Record<string, unknown>;

const LISTS = new Set(['Rule', 'AnyOf', 'AllOf', 'Match', 'ObligationExpression', 'AttributeAssignmentExpression']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  textNodeName: '#text',
  isArray: (name) => LISTS.has(name),
});

const nodes = (parent: XmlNode | undefined, name: string): XmlNode[] => {
  const v = parent?.[name];
  return Array.isArray(v) ? (v as XmlNode[]) : [];
};
const child = (parent: XmlNode | undefined, name: string): XmlNode | undefined => {
  const v = parent?.[name];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as XmlNode) : undefined;
};
const attr = (node: XmlNode | undefined, name: string): string | undefined => {
  const v = node?.[`@${name}`];
  return typeof v === 'string' ? v : undefined;
};
/** Text of an element that may be `<X>text</X>` (a string) or `<X a="…">text</X>` (an object). */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (!v || typeof v !== 'object') return undefined;
  const t = (v as XmlNode)['#text'];
  return typeof t === 'string' ? t : '';
}

interface CategorisedMatch extends AttributeMatch {
  category: string;
}

function parseMatch(match: XmlNode, ruleId: string): CategorisedMatch {
  const matchId = attr(match, 'MatchId') ?? '';
  const ignoreCase = MATCH_FUNCTIONS[matchId];
  if (ignoreCase === undefined) throw new PolicyError(`Rule ${ruleId}: MatchId "${matchId}" is not supported (use string-equal or string-equal-ignore-case)`);
  const designator = child(match, 'AttributeDesignator');
  const attributeId = attr(designator, 'AttributeId');
  const category = attr(designator, 'Category');
  const value = text(match.AttributeValue);
  if (!attributeId || !category || value === undefined) {
    throw new PolicyError(`Rule ${ruleId}: every Match needs an AttributeValue and an AttributeDesignator with AttributeId and Category`);
  }
  return { attributeId, value, ignoreCase, category };
}

/** AND of two OR-of-AND groups: every pairing of their alternatives. */
const conjoin = (a: AttributeMatch[][] | undefined, b: AttributeMatch[][]): AttributeMatch[][] =>
  a === undefined ? b : a.flatMap((x) => b.map((y) => [...x, ...y]));

function parseRule(rule: XmlNode, index: number): PolicyRule {
  const ruleId = attr(rule, 'RuleId') ?? `rule-${index + 1}`;
  const effect = attr(rule, 'Effect');
  if (effect !== 'Permit' && effect !== 'Deny') throw new PolicyError(`Rule ${ruleId}: Effect must be Permit or Deny`);
  if (rule.Condition !== undefined) throw new PolicyError(`Rule ${ruleId}: Condition is not supported by the test-bed's PDP`);
  const byCategory = new Map<string, AttributeMatch[][]>();
  for (const anyOf of nodes(child(rule, 'Target'), 'AnyOf')) {
    let category: string | undefined;
    const groups = nodes(anyOf, 'AllOf').map((allOf) =>
      nodes(allOf, 'Match').map((m) => {
        const { category: c, ...match } = parseMatch(m, ruleId);
        if (category !== undefined && c !== category) throw new PolicyError(`Rule ${ruleId}: all matches in an AnyOf must have the same category`);
        category = c;
        return match;
      }),
    );
    if (category === undefined) continue;
    // Several AnyOf of one category must all hold (XACML target semantics).
    byCategory.set(category, conjoin(byCategory.get(category), groups));
  }
  const actionGroups = byCategory.get(CATEGORY.action) ?? [];
  const actions = actionGroups.map((group) => {
    const ids = group.filter((m) => m.attributeId === ACTION_ID);
    if (group.length !== 1 || ids.length !== 1) throw new PolicyError(`Rule ${ruleId}: each action AllOf must hold exactly one ${ACTION_ID} match`);
    return ids[0]!.value;
  });
  return {
    ruleId,
    effect,
    subjects: byCategory.get(CATEGORY.subject) ?? [],
    resources: byCategory.get(CATEGORY.resource) ?? [],
    actions: [...new Set(actions)],
  };
}

function parseObligations(policy: XmlNode): Obligation[] {
  return nodes(child(policy, 'ObligationExpressions'), 'ObligationExpression').map((o) => {
    const id = attr(o, 'ObligationId');
    const fulfillOn = attr(o, 'FulfillOn');
    if (!id || (fulfillOn !== 'Permit' && fulfillOn !== 'Deny')) throw new PolicyError('ObligationExpression needs an ObligationId and FulfillOn Permit or Deny');
    return {
      id,
      fulfillOn,
      assignments: nodes(o, 'AttributeAssignmentExpression').map((a) => {
        const value = a.AttributeValue;
        return {
          attributeId: attr(a, 'AttributeId') ?? '',
          category: attr(a, 'Category') ?? '',
          dataType: attr(value as XmlNode, 'DataType') ?? 'http://www.w3.org/2001/XMLSchema#string',
          value: text(value) ?? '',
        };
      }),
    };
  });
}

/**
 * Parses an uploaded policy for `resourceId`. Like the resource registry, every rule must name
 * that resource (`urn:altinn:resource`) and no other. Throws PolicyError with a message for the caller.
 */
export function parseXacmlPolicy(xml: string, resourceId: string): Policy {
  if (/<!DOCTYPE/i.test(xml)) throw new PolicyError('The policy must not contain a DOCTYPE');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new PolicyError(`The policy is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  const doc = parser.parse(xml) as XmlNode;
  if (!('Policy' in doc)) throw new PolicyError('The root element must be an XACML 3.0 Policy');
  const root = child(doc, 'Policy') ?? {};
  if (Object.keys(child(root, 'Target') ?? {}).some((k) => !k.startsWith('@'))) {
    throw new PolicyError('A policy-level Target is not supported by the test-bed; put the matches on the rules');
  }
  const rules = nodes(root, 'Rule').map(parseRule);
  if (rules.length === 0) throw new PolicyError('Policy not accepted: the policy has no rules');
  for (const rule of rules) {
    const resourceIds = rule.resources.flat().filter((m) => m.attributeId === RESOURCE_ID);
    if (resourceIds.some((m) => m.value !== resourceId)) throw new PolicyError('Policy not accepted: Contains rules for a different registry resource');
    if (resourceIds.length === 0) throw new PolicyError('Policy not accepted: Contains rule without reference to registry resource id');
  }
  return { policyId: attr(root, 'PolicyId') ?? `urn:altinn:policyid:${resourceId}`, rules, obligations: parseObligations(root) };
}
