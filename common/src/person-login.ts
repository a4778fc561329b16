// A person acting in Altinn without a browser, for API-level journeys and CI: a headless login at
// mock ID-porten (its `login_hint=testid:<pid>_<level>` shortcut, as ID-porten's test environment
// offers), the code redeemed with PKCE, and the ID-porten token exchanged for an Altinn token,
// which is what Altinn's portal backend holds when the person clicks in the approval page.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { idportenIssuer, type TestbedConfig } from './config.js';

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

/** Follows redirects by hand, keeping cookies, until the redirect URI receives the code. */
async function authorizationCode(start: string, redirectUri: string): Promise<string> {
  const cookies = new Map<string, string>();
  let url = start;
  for (let hops = 0; hops < 12; hops++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const header of res.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`ID-porten login stopped at ${url} with HTTP ${res.status}`);
    url = new URL(location, url).href;
    if (url.startsWith(redirectUri)) {
      const params = new URL(url).searchParams;
      const code = params.get('code');
      if (!code) throw new Error(`ID-porten refused the login: ${params.get('error')} ${params.get('error_description') ?? ''}`);
      return code;
    }
  }
  throw new Error('ID-porten login did not finish within 12 redirects');
}

/** An ID-porten access token for the person, as Altinn's portal client gets it. */
export async function idportenToken(config: TestbedConfig, pid: string, scope = 'openid altinn:portal/enduser'): Promise<string> {
  const client = config.idportenClients.altinn;
  const redirectUri = client.redirect_uris[0]!;
  const res = await fetch(`${idportenIssuer(config)}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`ID-porten discovery answered HTTP ${res.status}`);
  const discovery = (await res.json()) as Discovery;
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope,
    state: randomUUID(),
    nonce: randomUUID(),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    login_hint: `testid:${pid}_idporten-loa-substantial`,
  }).toString();
  const code = await authorizationCode(authorize.href, redirectUri);
  const token = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  if (!token.ok) throw new Error(`ID-porten token endpoint answered HTTP ${token.status}: ${await token.text()}`);
  return ((await token.json()) as { access_token: string }).access_token;
}

/**
 * The person's Altinn token (exchanged from ID-porten): for Altinn's portal endpoints by default,
 * or with the client-delegation scopes an accounting firm's client administrator uses.
 */
export async function altinnPersonToken(config: TestbedConfig, pid: string, scope?: string): Promise<string> {
  const idporten = await idportenToken(config, pid, scope);
  const res = await fetch(`${config.urls.altinn}/authentication/api/v1/exchange/id-porten`, { headers: { authorization: `Bearer ${idporten}` } });
  if (!res.ok) throw new Error(`Altinn exchange of the ID-porten token answered HTTP ${res.status}`);
  return (await res.text()).replace(/^"|"$/g, '');
}
