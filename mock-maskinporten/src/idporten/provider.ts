// Mock ID-porten: an OpenID Provider built on oidc-provider, with its own issuer
// (`<maskinporten>/idporten`) and the endpoints of the real one under it:
//   /.well-known/openid-configuration, /authorize, /par, /token, /userinfo, /jwks.json, /logout
// (test.idporten.no serves /authorize and /logout from login.test.idporten.no; here one host
// serves all). Authorization code with PKCE (S256 required), client_secret_basic or _post,
// `acr_values` idporten-loa-substantial / -high, `ui_locales` nb/nn/en, SSO, RP-initiated logout.
// Its records live in <dataDir>/idporten.json, its signing key in <dataDir>/keys/idporten.json.
// Its lifetimes follow real time: oidc-provider reads the system clock, so the control plane's
// clock offset does not expire ID-porten's sessions, codes or tokens (services that verify its
// tokens still judge `exp` by their own, offset clock).
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import Provider, { errors as oidcErrors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { idportenIssuer, type TestbedConfig } from '@testbed/common/config';
import { isSyntheticTenorFnr } from '@testbed/common/identifiers';
import { KeyRing } from '@testbed/common/keys';
import type { Logger } from '@testbed/common/logger';
import { setupPages } from '@testbed/common/pages';
import { loadSecret, sessionMiddleware } from '@testbed/common/session';
import { FileStore } from '@testbed/common/store';
import { findPerson } from '@testbed/common/world';
import { JwtAccessTokens } from './access-token.js';
import { emptyRecords, FileAdapter, removeExpired } from './adapter.js';
import { clientMetadata, idportenClients, knownScopes } from './clients.js';
import { LEVELS, loginPolicy } from './levels.js';
import { loginRoutes } from './login.js';
import { errorPage, MESSAGES, renderToString, SITE_NAME, uiLocaleLang } from './pages.js';

export interface IdportenDeps {
  config: TestbedConfig;
  logger: Logger;
}

export interface Idporten {
  /** Mount at `/idporten`, before any body parser: oidc-provider reads its own bodies. */
  handler: Express;
  /** Logs everyone out and forgets every grant, code and token (the control plane's reset). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const viewsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'views');

/**
 * ID-porten's SSO session lives 30 minutes and each authentication request extends it, up to 120
 * minutes after the login (docs.digdir.no, oidc_func_sso).
 */
const SSO_IDLE_SECONDS = 30 * 60;
const SSO_MAX_SECONDS = 120 * 60;

function sessionTtl(loginTs: number | undefined): number {
  if (!loginTs) return SSO_IDLE_SECONDS;
  return Math.max(1, Math.min(SSO_IDLE_SECONDS, loginTs + SSO_MAX_SECONDS - Math.floor(Date.now() / 1000)));
}

/** Lifetimes of tokens as in real tt02 tokens: 600 s access tokens, 120 s ID tokens. */
const TTL = {
  AccessToken: 600,
  AuthorizationCode: 60,
  IdToken: 120,
  Interaction: SSO_IDLE_SECONDS,
  Grant: SSO_MAX_SECONDS,
  Session: (_ctx: unknown, session: { loginTs?: number | undefined }) => sessionTtl(session.loginTs),
};

/** `given_name`/`family_name` of a seeded person: the last word is the family name. */
function names(pid: string): { given_name?: string; family_name?: string } {
  const person = findPerson(pid);
  if (!person) return {};
  const words = person.name.split(' ');
  return { given_name: words.slice(0, -1).join(' '), family_name: words.at(-1)! };
}

export async function createIdporten({ config, logger }: IdportenDeps): Promise<Idporten> {
  const issuer = idportenIssuer(config);
  const basePath = new URL(issuer).pathname;
  const secure = issuer.startsWith('https:');
  const store = await FileStore.open(config.dataDir, 'idporten', emptyRecords);
  await store.update((state) => removeExpired(state));
  const keys = await KeyRing.open(config.dataDir, 'idporten', { bits: config.rsaBits, now: Date.now, publish: { use: 'sig' } });
  const [cookieSecret, pairwiseSecret] = await Promise.all([
    loadSecret(config.dataDir, 'idporten-cookies'),
    loadSecret(config.dataDir, 'idporten-pairwise'),
  ]);
  const clients = idportenClients(config);
  const scopes = knownScopes(clients);
  const accessTokens = new JwtAccessTokens({
    issuer,
    keys,
    store,
    consumers: new Map(clients.map((c) => [c.settings.client_id, c.orgNo])),
  });
  // The language a person logged in with, per SSO session: the `locale` claim of every token of it.
  const locales = new FileAdapter(store, 'SessionLocale');
  const cookie = { httpOnly: true, sameSite: 'lax' as const, secure };

  const configuration: Configuration = {
    adapter: (model: string) => new FileAdapter(store, model),
    clients: clients.map(clientMetadata),
    jwks: keys.privateJwks(0) as Configuration['jwks'],
    cookies: {
      // Unique names: browsers share cookies across the ports of localhost.
      names: { session: 'idporten_sso', interaction: 'idporten_interaction', resume: 'idporten_resume' },
      long: cookie,
      short: cookie,
      keys: [cookieSecret],
    },
    routes: {
      authorization: '/authorize',
      pushed_authorization_request: '/par',
      token: '/token',
      userinfo: '/userinfo',
      jwks: '/jwks.json',
      end_session: '/logout',
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    allowOmittingSingleRegisteredRedirectUri: false,
    acrValues: [...LEVELS],
    scopes,
    subjectTypes: ['public', 'pairwise'],
    // ID-porten's `sub` differs per client; derived from a kept secret so it survives a restart.
    pairwiseIdentifier: (_ctx, accountId, client) => createHmac('sha256', pairwiseSecret).update(`${client.clientId}:${accountId}`).digest('base64url'),
    claims: {
      openid: ['sub', 'pid', 'acr', 'amr', 'auth_time'],
      profile: ['locale', 'given_name', 'family_name'],
    },
    // Claims of `profile` go in the ID token too, as at ID-porten, not only at /userinfo.
    conformIdTokenClaims: false,
    discovery: { ui_locales_supported: ['nb', 'nn', 'en'], display_values_supported: ['page'] },
    ttl: TTL,
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          const res = ctx.res as Response;
          ctx.type = 'html';
          ctx.body = await renderToString(res, 'idporten/logout', { title: (res.locals.t as (k: string) => string)('logout.title'), form });
        },
        postLogoutSuccessSource: async (ctx) => {
          const res = ctx.res as Response;
          ctx.type = 'html';
          ctx.body = await renderToString(res, 'idporten/logged-out', { title: (res.locals.t as (k: string) => string)('loggedOut.title') });
        },
      },
    },
    interactions: {
      policy: loginPolicy(),
      url: (_ctx, interaction) => {
        const lang = uiLocaleLang(interaction.params.ui_locales);
        return `${basePath}/login/${interaction.uid}${lang ? `?lang=${lang}` : ''}`;
      },
    },
    findAccount: (_ctx, sub, token) => {
      if (!isSyntheticTenorFnr(sub)) return undefined;
      return {
        accountId: sub,
        claims: async () => {
          const sessionUid = token && 'sessionUid' in token ? token.sessionUid : undefined;
          const remembered = sessionUid ? await locales.find(sessionUid) : undefined;
          const locale = typeof remembered?.locale === 'string' ? remembered.locale : undefined;
          return { sub, pid: sub, ...(locale ? { locale } : {}), ...names(sub) };
        },
      };
    },
    renderError: async (ctx, out, error) => {
      ctx.type = 'html';
      ctx.body = await errorPage(ctx.res as Response, out, error instanceof oidcErrors.SessionNotFound);
    },
    clientBasedCORS: () => false,
  };

  const provider = new Provider(issuer, configuration);
  // ID-porten puts `sid` in the ID token of clients registered for front-channel logout. oidc-provider
  // 9 has no front-channel logout and ties `sid` to back-channel logout instead, so every client
  // here counts as registered for it.
  provider.Client.prototype.includeSid = () => true;
  provider.on('server_error', (_ctx: KoaContextWithOIDC, err: Error) => logger.error({ err }, 'ID-porten: unexpected error'));
  provider.use(async (ctx, next) => {
    const oidcCtx = ctx as KoaContextWithOIDC;
    if (ctx.path === '/userinfo') await accessTokens.resolveBearer(oidcCtx);
    await next();
    if (oidcCtx.oidc?.route === 'token' && ctx.status === 200) await accessTokens.replaceInTokenResponse(oidcCtx);
    const locale = oidcCtx.oidc?.route === 'resume' ? oidcCtx.oidc.result?.locale : undefined;
    if (typeof locale === 'string' && oidcCtx.oidc.session) await locales.upsert(oidcCtx.oidc.session.uid, { locale }, SSO_MAX_SECONDS);
  });

  const app = express();
  app.disable('x-powered-by');
  setupPages(app, { viewsDir, theme: 'digdir', messages: MESSAGES, siteName: SITE_NAME });
  app.use('/login', loginRoutes({ provider, scopes: new Set(scopes), session: await sessionMiddleware(config.dataDir, 'idporten', secure) }));
  app.use(provider.callback());
  app.use(async (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return void res.destroy();
    if (err instanceof oidcErrors.OIDCProviderError) {
      return void res.status(err.statusCode).type('html').send(await errorPage(res, err, err instanceof oidcErrors.SessionNotFound));
    }
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large' || type === 'parameters.too.many' || type === 'entity.parse.failed') {
      return void res.status(400).type('html').send(await errorPage(res, { error: 'invalid_request', error_description: 'the form could not be read' }));
    }
    logger.error({ err }, 'ID-porten: unexpected error');
    res.status(500).type('html').send(await errorPage(res, { error: 'server_error' }));
  });

  return {
    handler: app,
    reset: () => store.replace(emptyRecords()),
    close: () => store.close(),
  };
}
