// The test-bed's certificate authority, standing in for the Buypass and Commfides test CAs: it
// issues business certificates (virksomhetssertifikat) whose subject carries the organisation
// number as organizationIdentifier `NTRNO-<orgno>` (new SEID 2 style) and as serialNumber (older
// style). Grants signed with such a certificate (header `x5c`) authenticate the client as
// `virksomhetssertifikat`. The CA's key is kept with the other keys in <dataDir>/keys/.
import 'reflect-metadata';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import type { Router } from 'express';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { findOrg } from '@testbed/common/world';
import { controlRoute } from './control-plane.js';
import { parseInput } from './errors.js';
import { orgno } from './self-service/inputs.js';

interface CaFile {
  certificate: string;
  privateKey: string;
}

export interface IssuedCertificate {
  subject: string;
  not_before: string;
  not_after: string;
  /** PEM of the business certificate. */
  certificate: string;
  /** PKCS #8 PEM of its private key: sign grants with it (RS256). */
  private_key: string;
  /** The header value for grants: leaf, then the CA, base64 DER. */
  x5c: string[];
  ca_certificate: string;
}

export type ChainCheck =
  | { ok: true; orgno: string | null; leaf: X509Certificate }
  | { ok: false; reason: string };

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]) };
const OID = { country: '2.5.4.6', org: '2.5.4.10', commonName: '2.5.4.3', serialNumber: '2.5.4.5', organizationIdentifier: '2.5.4.97' };

const pem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END ${label}-----\n`;

export class TestCa {
  private ca: Promise<{ cert: x509.X509Certificate; native: X509Certificate; key: CryptoKey }> | null = null;

  constructor(
    private readonly file: string,
    private readonly bits: number,
    private readonly now: () => number,
  ) {}

  static at(dataDir: string, bits: number, now: () => number): TestCa {
    return new TestCa(path.join(dataDir, 'keys', 'maskinporten-test-ca.json'), bits, now);
  }

  /** Issues a business certificate for `orgno`, valid from an hour ago (test-bed clock) for `validDays`. */
  async issue(orgno: string, name: string, validDays: number): Promise<IssuedCertificate> {
    const ca = await this.load();
    const keys = (await crypto.subtle.generateKey({ ...ALGORITHM, modulusLength: this.bits }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const notBefore = new Date(this.now() - 3600_000);
    const notAfter = new Date(this.now() + validDays * 86400_000);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: [
        { [OID.country]: ['NO'] },
        { [OID.org]: [name] },
        { [OID.organizationIdentifier]: [`NTRNO-${orgno}`] },
        { [OID.serialNumber]: [orgno] },
        { [OID.commonName]: [name] },
      ],
      issuer: ca.cert.subject,
      notBefore,
      notAfter,
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: ca.key,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      ],
    });
    return {
      subject: cert.subject,
      not_before: notBefore.toISOString(),
      not_after: notAfter.toISOString(),
      certificate: cert.toString('pem'),
      private_key: pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', keys.privateKey)),
      x5c: [cert.toString('base64'), ca.cert.toString('base64')],
      ca_certificate: ca.cert.toString('pem'),
    };
  }

  async certificatePem(): Promise<string> {
    return (await this.load()).cert.toString('pem');
  }

  /**
   * Checks an x5c chain (leaf first) at `at`: every certificate valid then, each signed by the
   * next, the last one the CA or signed by it. Gives the organisation number of the leaf.
   */
  async verifyChain(x5c: string[], at: number): Promise<ChainCheck> {
    const ca = (await this.load()).native;
    let certs: X509Certificate[];
    try {
      certs = x5c.map((b64) => new X509Certificate(Buffer.from(b64, 'base64')));
    } catch {
      return { ok: false, reason: 'an x5c entry is not a base64 DER certificate' };
    }
    const leaf = certs[0];
    if (!leaf) return { ok: false, reason: 'x5c is empty' };
    for (const [i, cert] of certs.entries()) {
      if (Date.parse(cert.validFrom) > at) return { ok: false, reason: `x5c[${i}] is not valid before ${cert.validFrom}` };
      if (Date.parse(cert.validTo) < at) return { ok: false, reason: `x5c[${i}] expired ${cert.validTo}` };
      const issuer = certs[i + 1] ?? ca;
      if (cert.fingerprint256 === ca.fingerprint256) break;
      if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) {
        return { ok: false, reason: `x5c[${i}] (${cert.subject.replace(/\n/g, ', ')}) is not issued by the test-bed's test CA` };
      }
    }
    return { ok: true, orgno: orgnoOf(leaf), leaf };
  }

  private load() {
    this.ca ??= this.loadOrCreate().catch((err: unknown) => {
      this.ca = null;
      throw err;
    });
    return this.ca;
  }

  private async loadOrCreate() {
    let stored: CaFile | null = null;
    try {
      stored = JSON.parse(await readFile(this.file, 'utf8')) as CaFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`CA file ${this.file} is unreadable: ${String(err)}`);
    }
    stored ??= await this.create();
    const cert = new x509.X509Certificate(stored.certificate);
    const der = Buffer.from(stored.privateKey.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    const key = await crypto.subtle.importKey('pkcs8', der, ALGORITHM, false, ['sign']);
    return { cert, native: new X509Certificate(Buffer.from(cert.rawData)), key };
  }

  private async create(): Promise<CaFile> {
    const keys = (await crypto.subtle.generateKey({ ...ALGORITHM, modulusLength: this.bits }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: [{ [OID.country]: ['NO'] }, { [OID.org]: ['Systembruker test-bed'] }, { [OID.commonName]: ['Test-bed Business Test CA (not Buypass, not Commfides)'] }],
      notBefore: new Date(this.now() - 86400_000),
      notAfter: new Date(this.now() + 20 * 365 * 86400_000),
      signingAlgorithm: ALGORITHM,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ],
    });
    const file: CaFile = { certificate: cert.toString('pem'), privateKey: pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', keys.privateKey)) };
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file, JSON.stringify(file, null, 1), { fsync: true, mode: 0o600 });
    return file;
  }
}

/** A positive 128-bit serial number in hex. */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

/** The organisation number in a certificate subject: organizationIdentifier NTRNO-…, else serialNumber. */
function orgnoOf(cert: X509Certificate): string | null {
  const subject = cert.subject;
  return /^organizationIdentifier=NTRNO-(\d{9})$/m.exec(subject)?.[1] ?? /^serialNumber=(\d{9})$/m.exec(subject)?.[1] ?? null;
}

const certificateInput = z
  .object({
    orgno,
    name: z.string().trim().min(1).max(64).optional(),
    validDays: z.number().int().min(1).max(3650).default(365),
  })
  .strict();

/** `POST /_testbed/certificates {orgno, name?, validDays?}` issues; `GET …/ca` gives the CA. */
export function certificateRoutes(router: Router, ca: TestCa): void {
  router.post(
    '/certificates',
    controlRoute(async (req, res) => {
      const input = parseInput(certificateInput, req.body);
      const name = input.name ?? findOrg(input.orgno)?.name ?? `Organisation ${input.orgno}`;
      res.status(201).json(await ca.issue(input.orgno, name, input.validDays));
    }),
  );
  router.get('/certificates/ca', async (_req, res) => {
    res.type('application/x-pem-file').send(await ca.certificatePem());
  });
}
