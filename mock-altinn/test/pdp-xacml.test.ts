import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/authorization/policy.js';
import { parseXacmlPolicy, PolicyError } from '../src/authorization/xacml.js';
import { policyXml } from './authz-fixtures.js';

const ID = 'ske-krav-og-betalinger';
const parseError = (xml: string, id = ID) => {
  try {
    parseXacmlPolicy(xml, id);
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return (err as Error).message;
  }
  throw new Error('expected the policy to be refused');
};

describe('XACML policy parsing', () => {
  it('reads rules, subject alternatives, match functions and obligations', () => {
    const policy = parseXacmlPolicy(
      policyXml(ID, [
        { subjects: [[['urn:altinn:accesspackage', 'krav-og-utlegg']], [['urn:altinn:rolecode', 'DAGL']]], actions: ['read', 'write'] },
        { subjects: [[['urn:altinn:rolecode', 'REVI']]], actions: ['read'], effect: 'Deny' },
      ]),
      ID,
    );
    expect(policy.policyId).toBe('urn:altinn:policyid:1');
    expect(policy.rules[0]).toEqual({
      ruleId: `urn:altinn:resource:${ID}:ruleid:1`,
      effect: 'Permit',
      subjects: [[{ attributeId: 'urn:altinn:accesspackage', value: 'krav-og-utlegg', ignoreCase: true }], [{ attributeId: 'urn:altinn:rolecode', value: 'DAGL', ignoreCase: true }]],
      resources: [[{ attributeId: 'urn:altinn:resource', value: ID, ignoreCase: false }]],
      actions: ['read', 'write'],
    });
    expect(policy.rules[1]!.effect).toBe('Deny');
    expect(policy.obligations).toEqual([
      {
        id: 'urn:altinn:obligation:authenticationLevel1',
        fulfillOn: 'Permit',
        assignments: [{ attributeId: 'urn:altinn:obligation-assignment:1', category: 'urn:altinn:minimum-authenticationlevel', dataType: 'http://www.w3.org/2001/XMLSchema#integer', value: '3' }],
      },
    ]);
  });

  it('accepts the default namespace as well as a prefix', () => {
    const xml = policyXml(ID, [{ subjects: [[['urn:altinn:rolecode', 'DAGL']]], actions: ['read'] }]).replace(/<(\/?)xacml:/g, '<$1').replace('xmlns:xacml=', 'xmlns=');
    expect(parseXacmlPolicy(xml, ID).rules).toHaveLength(1);
  });

  it('treats several AnyOf of one category as all required', () => {
    const xml = policyXml(ID, [{ subjects: [[['urn:altinn:rolecode', 'DAGL']]], actions: ['read'] }]).replace(
      '<xacml:AnyOf><xacml:AllOf><xacml:Match MatchId="urn:oasis:names:tc:xacml:1.0:function:string-equal">',
      '<xacml:AnyOf><xacml:AllOf><xacml:Match MatchId="urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case"><xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">NUF</xacml:AttributeValue><xacml:AttributeDesignator AttributeId="urn:altinn:partytype" Category="urn:oasis:names:tc:xacml:1.0:subject-category:access-subject" DataType="http://www.w3.org/2001/XMLSchema#string"/></xacml:Match></xacml:AllOf></xacml:AnyOf><xacml:AnyOf><xacml:AllOf><xacml:Match MatchId="urn:oasis:names:tc:xacml:1.0:function:string-equal">',
    );
    const policy = parseXacmlPolicy(xml, ID);
    const resource = new Map([['urn:altinn:resource', [ID]]]);
    expect(evaluate(policy, new Map([['urn:altinn:rolecode', ['DAGL']]]), resource, 'read')).toBe('NotApplicable');
    expect(evaluate(policy, new Map([['urn:altinn:rolecode', ['dagl']], ['urn:altinn:partytype', ['nuf']]]), resource, 'read')).toBe('Permit');
  });

  it('refuses malformed XML, a policy without rules and rules for another or no resource', () => {
    expect(parseError('<xacml:Policy><xacml:Rule>')).toMatch(/^The policy is not well-formed XML: /);
    expect(parseError('<Other/>')).toBe('The root element must be an XACML 3.0 Policy');
    expect(parseError(policyXml(ID, []))).toBe('Policy not accepted: the policy has no rules');
    expect(parseError(policyXml(ID, [{ subjects: [[['urn:altinn:rolecode', 'DAGL']]], actions: ['read'], resource: 'annen-ressurs' }]))).toBe(
      'Policy not accepted: Contains rules for a different registry resource',
    );
    const noResource = policyXml(ID, [{ subjects: [[['urn:altinn:rolecode', 'DAGL']]], actions: ['read'] }]).replace('AttributeId="urn:altinn:resource"', 'AttributeId="urn:altinn:org"');
    expect(parseError(noResource)).toBe('Policy not accepted: Contains rule without reference to registry resource id');
  });

  it('refuses what it would not evaluate as Altinn does', () => {
    const xml = policyXml(ID, [{ subjects: [[['urn:altinn:rolecode', 'DAGL']]], actions: ['read'] }]);
    expect(parseError(xml.replace('string-equal-ignore-case', 'string-regexp-match'))).toMatch(/MatchId "urn:oasis:names:tc:xacml:3.0:function:string-regexp-match" is not supported/);
    expect(parseError(xml.replace('</xacml:Target></xacml:Rule>', '</xacml:Target><xacml:Condition/></xacml:Rule>'))).toMatch(/Condition is not supported/);
    expect(parseError(xml.replace('Effect="Permit"', 'Effect="Maybe"'))).toMatch(/Effect must be Permit or Deny/);
    expect(parseError(`<!DOCTYPE x [<!ENTITY a "b">]>${xml.replace(/^<\?xml[^>]*>\n/, '')}`)).toBe('The policy must not contain a DOCTYPE');
  });
});
