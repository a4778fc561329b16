// Signing keys of a token issuer: generated on first start, kept in <dataDir>/keys/<name>.json
// (mode 0600, outside the state file so a state dump never shows them), published as public JWKs.
// Rotation makes a new key active and keeps the previous one in the JWKS for a grace period.
import { createHash, createPublicKey } from 'node:crypto';
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import writeFileAtomic from 'write-file-atomic';

interface StoredKey {
  kid: string;
  alg: 'RS256';
  privateJwk: JWK;
  publicJwk: JWK;
  createdAt: string;
  /** When the key stopped signing; it stays published until `retiredAt + grace`. */
  retiredAt?: string;
}

interface KeyFile {
  keys: StoredKey[];
}

export interface KeyRingOptions {
  bits: number;
  now: () => number;
  /** Extra members on published JWKs (e.g. `use: "sig"`). */
  publish?: Partial<JWK>;
  /**
   * `thumbprint` (default): RFC 7638 SHA-256, 43 base64url characters, like Maskinporten's kid.
   * `sha1-hex`: upper-case hex SHA-1 of the public key, like Altinn's certificate-thumbprint kid.
   */
  kidFormat?: 'thumbprint' | 'sha1-hex';
  /** The JWS header for a key, in the order it should be serialised. Default `{kid, alg}`. */
  header?: (key: { kid: string; x5t: string }) => Record<string, unknown>;
}

const encoder = new TextEncoder();

export class KeyRing {
  private readonly signingKeys = new Map<string, CryptoKey>();

  private constructor(
    private readonly file: string,
    private data: KeyFile,
    private readonly options: KeyRingOptions,
  ) {}

  static async open(dataDir: string, name: string, options: KeyRingOptions): Promise<KeyRing> {
    const dir = path.join(dataDir, 'keys');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, `${name}.json`);
    let data: KeyFile | null = null;
    try {
      data = JSON.parse(await readFile(file, 'utf8')) as KeyFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Key file ${file} is unreadable: ${String(err)}`);
    }
    const ring = new KeyRing(file, data ?? { keys: [] }, options);
    if (!ring.active()) {
      ring.data.keys.push(await ring.generate());
      await ring.save();
    }
    return ring;
  }

  private active(): StoredKey | undefined {
    return this.data.keys.find((k) => !k.retiredAt);
  }

  get activeKid(): string {
    return this.active()!.kid;
  }

  private async generate(): Promise<StoredKey> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: this.options.bits, extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid =
      this.options.kidFormat === 'sha1-hex'
        ? sha1OfPublicKey(publicJwk).toString('hex').toUpperCase()
        : await calculateJwkThumbprint(publicJwk, 'sha256');
    return {
      kid,
      alg: 'RS256',
      privateJwk: await exportJWK(privateKey),
      publicJwk: { ...publicJwk, kid, alg: 'RS256' },
      createdAt: new Date(this.options.now()).toISOString(),
    };
  }

  private async save(): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(this.data, null, 1), { fsync: true, mode: 0o600 });
  }

  /** The active key plus retired keys still inside their grace period. */
  private inGrace(graceSeconds: number): StoredKey[] {
    const now = this.options.now();
    return this.data.keys.filter((k) => !k.retiredAt || Date.parse(k.retiredAt) + graceSeconds * 1000 > now);
  }

  /** The public JWK Set: the active key plus retired keys still inside their grace period. */
  jwks(graceSeconds: number): { keys: JWK[] } {
    return { keys: this.inGrace(graceSeconds).map((k) => ({ ...k.publicJwk, ...this.options.publish })) };
  }

  /**
   * The same keys with their private parts for a library that signs by itself (oidc-provider's
   * `jwks` option), the active key first because such libraries sign with the first one. Never
   * serve or log these.
   */
  privateJwks(graceSeconds: number): { keys: JWK[] } {
    const keys = this.inGrace(graceSeconds).sort((a, b) => Number(Boolean(a.retiredAt)) - Number(Boolean(b.retiredAt)));
    return { keys: keys.map((k) => ({ ...k.privateJwk, kid: k.kid, alg: k.alg, ...this.options.publish })) };
  }

  /** Makes a fresh key active; the previous one keeps being published for the grace period. */
  async rotate(): Promise<{ previousKid: string; activeKid: string }> {
    const previous = this.active()!;
    const next = await this.generate();
    previous.retiredAt = new Date(this.options.now()).toISOString();
    // Keys that fell out of every sensible grace period are dropped so the file stays small.
    this.data.keys = [next, ...this.data.keys.filter((k) => !k.retiredAt || Date.parse(k.retiredAt) > this.options.now() - 30 * 86400_000)];
    await this.save();
    return { previousKid: previous.kid, activeKid: next.kid };
  }

  /**
   * Signs `payload` as a compact JWS with the active key. The payload is serialised as given, so
   * callers control claim order; the header starts with `kid`, `alg` unless `header` says more.
   */
  async sign(payload: object, header: Record<string, unknown> = {}): Promise<string> {
    const key = this.active()!;
    let cryptoKey = this.signingKeys.get(key.kid);
    if (!cryptoKey) {
      cryptoKey = (await importJWK(key.privateJwk, 'RS256')) as CryptoKey;
      this.signingKeys.set(key.kid, cryptoKey);
    }
    const base = this.options.header?.({ kid: key.kid, x5t: sha1OfPublicKey(key.publicJwk).toString('base64url') }) ?? {
      kid: key.kid,
      alg: 'RS256',
    };
    return new CompactSign(encoder.encode(JSON.stringify(payload)))
      .setProtectedHeader({ ...base, ...header, alg: 'RS256' })
      .sign(cryptoKey);
  }
}

function sha1OfPublicKey(jwk: JWK): Buffer {
  const der = createPublicKey({ key: { kty: jwk.kty!, n: jwk.n!, e: jwk.e! }, format: 'jwk' }).export({ type: 'spki', format: 'der' });
  return createHash('sha1').update(der).digest();
}
