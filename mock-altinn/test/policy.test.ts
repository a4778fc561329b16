import { describe, expect, it } from 'vitest';
import { evaluate, type Policy } from '../src/authorization/policy.js';

const match = (attributeId: string, value: string) => ({ attributeId, value, ignoreCase: true });
const resource = [[{ attributeId: 'urn:altinn:resource', value: 'ske-krav-og-betalinger', ignoreCase: false }]];
const policy: Policy = {
  policyId: 'p',
  rules: [
    { ruleId: 'r1', effect: 'Permit', subjects: [[match('urn:altinn:accesspackage', 'krav-og-utlegg')], [match('urn:altinn:rolecode', 'DAGL')]], resources: resource, actions: ['read'] },
    { ruleId: 'r2', effect: 'Deny', subjects: [[match('urn:altinn:rolecode', 'REVI')]], resources: resource, actions: ['read'] },
  ],
  obligations: [],
};
const res = new Map([['urn:altinn:resource', ['ske-krav-og-betalinger']]]);

describe('policy evaluation', () => {
  it('permits a matching subject, case-insensitively', () => {
    expect(evaluate(policy, new Map([['urn:altinn:rolecode', ['dagl']]]), res, 'read')).toBe('Permit');
    expect(evaluate(policy, new Map([['urn:altinn:accesspackage', ['krav-og-utlegg']]]), res, 'read')).toBe('Permit');
  });
  it('is NotApplicable for another action, resource or subject', () => {
    expect(evaluate(policy, new Map([['urn:altinn:rolecode', ['DAGL']]]), res, 'write')).toBe('NotApplicable');
    expect(evaluate(policy, new Map([['urn:altinn:rolecode', ['DAGL']]]), new Map([['urn:altinn:resource', ['other']]]), 'read')).toBe('NotApplicable');
    expect(evaluate(policy, new Map(), res, 'read')).toBe('NotApplicable');
  });
  it('lets a deny rule override a permit', () => {
    expect(evaluate(policy, new Map([['urn:altinn:rolecode', ['DAGL', 'REVI']]]), res, 'read')).toBe('Deny');
  });
});
