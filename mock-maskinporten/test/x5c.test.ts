// Business certificates (virksomhetssertifikat): the test-bed CA issues them through the control
// plane; a client without registered keys authenticates with the x5c chain (MP-120/122/123/124).
import 'reflect-metadata';
import { randomUUID, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { importPKCS8 } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import type { IssuedCertificate } from '../src/certificates.js';
import { api, control, decodePart, expectError, issuerOf, moveClock, Org, postGrant, serverNow, sign, startMaskinporten } from './harness.js';

const RIKTIG = '310000019';
const ANNEN = '310000027';

let tb: Testbed;
let certClientId: string;
let cert: IssuedCertificate;

const issue = async (orgno: string, validDays?: number): Promise<IssuedCertificate> => {
  const res = await control(tb, '/certificates', { orgno, ...(validDays ? { validDays } : {}) });
  expect(res.status).toBe(201);
  return (await res.json()) as IssuedCertificate;
};

const certGrant = async (c: IssuedCertificate, header: Record<string, unknown> = { x5c: c.x5c }) => {
  const now = await serverNow(tb);
  const claims = { aud: issuerOf(tb), iss: certClientId, scope: 'idporten:dcr.read', iat: now, exp: now + 60, jti: randomUUID() };
  return sign(claims, { alg: 'RS256', ...header }, (await importPKCS8(c.private_key, 'RS256')) as CryptoKey);
};

beforeAll(async () => {
  tb = await startMaskinporten({ altinn: false });
  const admin = await Org.onboard(tb, RIKTIG);
  const res = await api(tb, '/clients', await admin.accessToken(), 'POST', { integration_type: 'maskinporten', client_name: 'with-certificate', scopes: ['idporten:dcr.read'] });
  certClientId = ((await res.json()) as { client_id: string }).client_id;
  cert = await issue(RIKTIG);
});
afterAll(() => tb.close());

describe('business certificates from the test-bed CA', () => {
  it('carry the org number as organizationIdentifier NTRNO-… and serialNumber, issued by the CA', async () => {
    const leaf = new X509Certificate(cert.certificate);
    expect(leaf.subject).toContain(`organizationIdentifier=NTRNO-${RIKTIG}`);
    expect(leaf.subject).toContain(`serialNumber=${RIKTIG}`);
    const ca = new X509Certificate(await (await control(tb, '/certificates/ca', undefined, 'GET')).text());
    expect(leaf.checkIssued(ca) && leaf.verify(ca.publicKey)).toBe(true);
    expect(cert.x5c).toHaveLength(2);
  });

  it('authenticate a client without keys: client_amr virksomhetssertifikat', async () => {
    const res = await postGrant(tb, await certGrant(cert));
    expect(res.status, await res.clone().text()).toBe(200);
    const claims = decodePart(((await res.json()) as { access_token: string }).access_token, 1);
    expect(claims).toMatchObject({ client_amr: 'virksomhetssertifikat', client_id: certClientId, consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${RIKTIG}` } });
  });

  it('accept the leaf alone (the CA is known)', async () => {
    expect((await postGrant(tb, await certGrant(cert, { x5c: [cert.x5c[0]] }))).status).toBe(200);
  });
});

describe('x5c checks', () => {
  it('MP-123 when x5c is not an array, or neither kid nor x5c is sent', async () => {
    await expectError(tb, await postGrant(tb, await certGrant(cert, { x5c: cert.x5c[0] })), { error: 'invalid_grant', description: 'Invalid JWT header x5c', code: 'MP-123' });
    const body = await expectError(tb, await postGrant(tb, await certGrant(cert, {})), { error: 'invalid_grant', description: 'Invalid JWT header x5c', code: 'MP-123' });
    expect(body.mock_hint).toMatch(/neither kid nor x5c/);
  });

  it('MP-120 for a certificate from another CA (a "production" certificate)', async () => {
    const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
    const keys = (await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
    const foreign = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: `CN=Rogue, 2.5.4.97=NTRNO-${RIKTIG}`,
      notBefore: new Date(Date.now() - 3600_000),
      notAfter: new Date(Date.now() + 86400_000),
      signingAlgorithm: alg,
      keys,
    });
    const now = await serverNow(tb);
    const grant = await sign({ aud: issuerOf(tb), iss: certClientId, scope: 'idporten:dcr.read', iat: now, exp: now + 60, jti: randomUUID() }, { alg: 'RS256', x5c: [foreign.toString('base64')] }, keys.privateKey);
    const body = await expectError(tb, await postGrant(tb, grant), { error: 'invalid_grant', description: 'Invalid assertion. Client authentication failed. The JWT is signed with an invalid certificate.', code: 'MP-120' });
    expect(body.mock_hint).toMatch(/not issued by the test-bed's test CA/);
    await expectError(tb, await postGrant(tb, await certGrant(cert, { x5c: ['bm90IGEgY2VydA'] })), { error: 'invalid_grant', description: 'Invalid assertion. Client authentication failed. The JWT is signed with an invalid certificate.', code: 'MP-120' });
  });

  it('MP-120 for an expired certificate (test-bed clock)', async () => {
    const short = await issue(RIKTIG, 1);
    try {
      await moveClock(tb, 2 * 86400);
      const body = await expectError(tb, await postGrant(tb, await certGrant(short)), { error: 'invalid_grant', description: 'Invalid assertion. Client authentication failed. The JWT is signed with an invalid certificate.', code: 'MP-120' });
      expect(body.mock_hint).toMatch(/expired/);
    } finally {
      await moveClock(tb, 0);
    }
  });

  it('MP-122 for another organisation\'s certificate', async () => {
    const other = await issue(ANNEN);
    await expectError(tb, await postGrant(tb, await certGrant(other)), { error: 'invalid_grant', description: 'Invalid JWT. Invalid organization number for client. Does not match certificate orgno', code: 'MP-122' });
  });

  it('MP-124 when the grant is signed with another key than the certificate\'s', async () => {
    const other = await issue(RIKTIG);
    const grant = await certGrant(other, { x5c: cert.x5c });
    await expectError(tb, await postGrant(tb, grant), { error: 'invalid_grant', description: 'Invalid JWT signature', code: 'MP-124' });
  });

  it('validates the certificate request', async () => {
    const res = await control(tb, '/certificates', { orgno: '123456789', validDays: 0 });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(['orgno', 'validDays']);
  });
});
