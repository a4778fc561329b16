// One configuration object for every service, read from environment variables with defaults that
// make `npm start` work on a laptop. Tests build it with overrides (ports 0, a temp data folder).
import path from 'node:path';

export const SERVICE_NAMES = ['console', 'maskinporten', 'altinn', 'smartregnskap', 'skatteetaten'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  console: 7000,
  maskinporten: 7100,
  altinn: 7200,
  smartregnskap: 7300,
  skatteetaten: 7400,
};

/** Prefix of each service's environment variables (`<PREFIX>_PORT`, `<PREFIX>_URL`). */
export const ENV_PREFIX: Record<ServiceName, string> = {
  console: 'CONSOLE',
  maskinporten: 'MASKINPORTEN',
  altinn: 'ALTINN',
  smartregnskap: 'SMARTREGNSKAP',
  skatteetaten: 'SKATTEETATEN',
};

/** A relying party registered at mock ID-porten (configured from settings, as Digdir's self-service would). */
export interface IdportenClientConfig {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  /** Scopes the client may ask for besides `openid`. */
  scopes: string[];
}

export interface TestbedConfig {
  /** Port each service listens on (0 = any free port). */
  ports: Record<ServiceName, number>;
  /** Public base URL of each service, without a trailing slash (other host names behind a proxy). */
  urls: Record<ServiceName, string>;
  /** Interface to bind; loopback by default so a laptop does not expose the test-bed. */
  host: string;
  /** Folder of every service's state file and keys. */
  dataDir: string;
  /** When set, `/_testbed/*` requires `Authorization: Bearer <token>` (shared environments). */
  adminToken: string | undefined;
  /** Strict mode: no diagnostic hints in error bodies. */
  strict: boolean;
  /** RSA modulus length for generated signing keys (real Maskinporten test tokens use 3072). */
  rsaBits: number;
  logLevel: string;
  /** ID-porten clients of mock-altinn (approval pages) and demo-smartregnskap. */
  idportenClients: { altinn: IdportenClientConfig; smartregnskap: IdportenClientConfig };
  maskinporten: {
    /** Largest accepted `exp - iat` of a grant: 180 s like the real server, 120 s in docs-strict mode. */
    maxGrantLifetimeSeconds: number;
    clockSkewSeconds: number;
    /** Default client `access_token_lifetime`. */
    defaultTokenLifetimeSeconds: number;
    /** How long a rotated-out signing key stays in `/jwk`. */
    keyRotationGraceSeconds: number;
    /** Registered client keys expire this long after upload (MP-121). */
    clientKeyLifetimeDays: number;
  };
  altinn: {
    /** A request older than this gets `timedOut: true` (180 in current code, 10 in the docs). */
    requestTimeoutDays: number;
    /** Docs behaviour: also set `status: "Timedout"` on expiry. */
    timeoutSetsStatus: boolean;
    /** Page size of paginated vendor lists. */
    pageSize: number;
    /** Copy the request-list pagination bug (one item skipped per page boundary). */
    paginationQuirk: boolean;
  };
}

type Env = Record<string, string | undefined>;

const bool = (v: string | undefined, fallback: boolean) =>
  v === undefined || v === '' ? fallback : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());

function int(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function url(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new Error(`${name} must be an absolute http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

export function loadConfig(env: Env = process.env): TestbedConfig {
  const ports = {} as Record<ServiceName, number>;
  const urls = {} as Record<ServiceName, string>;
  for (const name of SERVICE_NAMES) {
    const prefix = ENV_PREFIX[name];
    ports[name] = int(env, `${prefix}_PORT`, DEFAULT_PORTS[name]);
    urls[name] = url(env, `${prefix}_URL`, `http://localhost:${ports[name]}`);
  }
  const docsStrict = bool(env.MASKINPORTEN_DOCS_STRICT, false);
  const docsTimeout = bool(env.ALTINN_DOCS_TIMEOUT, false);
  const idportenClients = {
    altinn: {
      client_id: env.ALTINN_IDPORTEN_CLIENT_ID || 'altinn-testbed',
      client_secret: env.ALTINN_IDPORTEN_CLIENT_SECRET || 'altinn-testbed-secret',
      redirect_uris: [`${urls.altinn}/accessmanagement/ui/login/callback`],
      post_logout_redirect_uris: [`${urls.altinn}/authentication/api/v1/logout/handleloggedout`],
      scopes: ['profile', 'altinn:portal/enduser', 'altinn:clientdelegations.read', 'altinn:clientdelegations.write'],
    },
    smartregnskap: {
      client_id: env.SMARTREGNSKAP_IDPORTEN_CLIENT_ID || 'smartregnskap-testbed',
      client_secret: env.SMARTREGNSKAP_IDPORTEN_CLIENT_SECRET || 'smartregnskap-testbed-secret',
      redirect_uris: [`${urls.smartregnskap}/login/callback`],
      post_logout_redirect_uris: [`${urls.smartregnskap}/`],
      scopes: ['profile', 'altinn:clientdelegations.read', 'altinn:clientdelegations.write'],
    },
  };
  return {
    ports,
    urls,
    idportenClients,
    host: env.TESTBED_HOST || '127.0.0.1',
    dataDir: path.resolve(env.TESTBED_DATA_DIR || '.data'),
    adminToken: env.TESTBED_ADMIN_TOKEN || undefined,
    strict: bool(env.TESTBED_STRICT, false),
    rsaBits: int(env, "TESTBED_RSA_BITS", 3072),
    logLevel: env.LOG_LEVEL || 'info',
    maskinporten: {
      maxGrantLifetimeSeconds: docsStrict ? 120 : int(env, 'MASKINPORTEN_MAX_GRANT_LIFETIME', 180),
      clockSkewSeconds: int(env, 'MASKINPORTEN_CLOCK_SKEW', 10),
      defaultTokenLifetimeSeconds: int(env, 'MASKINPORTEN_TOKEN_LIFETIME', 120),
      keyRotationGraceSeconds: int(env, 'MASKINPORTEN_KEY_GRACE', 24 * 3600),
      clientKeyLifetimeDays: int(env, 'MASKINPORTEN_CLIENT_KEY_DAYS', 365),
    },
    altinn: {
      requestTimeoutDays: docsTimeout ? 10 : int(env, 'ALTINN_REQUEST_TIMEOUT_DAYS', 180),
      timeoutSetsStatus: docsTimeout,
      pageSize: int(env, 'ALTINN_PAGE_SIZE', 50) || 50,
      paginationQuirk: bool(env.ALTINN_PAGINATION_QUIRK, true),
    },
  };
}

/** The Maskinporten issuer: the base URL with a trailing slash, as `https://test.maskinporten.no/`. */
export const maskinportenIssuer = (config: TestbedConfig) => `${config.urls.maskinporten}/`;
/** ID-porten's issuer, served by mock-maskinporten under `/idporten`. */
export const idportenIssuer = (config: TestbedConfig) => `${config.urls.maskinporten}/idporten`;
/** Altinn's token issuer, as `https://platform.tt02.altinn.no/authentication/api/v1/openid/`. */
export const altinnIssuer = (config: TestbedConfig) => `${config.urls.altinn}/authentication/api/v1/openid/`;
