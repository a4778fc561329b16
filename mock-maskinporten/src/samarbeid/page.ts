// Samarbeidsportalen for a person in a workshop: the same onboarding as POST /_testbed/onboarding,
// as a form (organisation number, client name, public key, vendor scopes). Mounted at /samarbeid.
// In a shared test-bed (TESTBED_ADMIN_TOKEN set) the form asks for that token too: otherwise anyone
// could give themselves a client for any organisation, or replace another's keys.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import { sameSecret } from '@testbed/common/control-plane';
import { renderErrorPage, setupPages, type Lang, type Messages } from '@testbed/common/pages';
import { formBody } from '@testbed/common/service-app';
import { csrfToken, sessionMiddleware, verifyCsrf } from '@testbed/common/session';
import { OAuthError } from '../errors.js';
import { onboard, onboardingInput } from '../onboarding.js';
import { VENDOR_SCOPES } from '../seed.js';
import type { MaskinportenContext } from '../state.js';

const viewsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'views');

const SITE_NAME: Record<Lang, string> = { nb: 'Samarbeidsportalen (testmiljø)', en: 'Samarbeidsportalen (test environment)' };

const MESSAGES: Messages = {
  nb: {
    'form.title': 'Ny Maskinporten-klient',
    'form.lead': 'Her får en virksomhet sin første Maskinporten-klient, slik Digdirs kundeservice gir den ut. Klienten får alltid tilgang til selvbetjenings-API-et; API-tilgangene du krysser av for, regnes som godkjent av kundeservice.',
    'form.orgno': 'Organisasjonsnummer',
    'form.orgno.description': '9 siffer, for eksempel 310000027 (SmartCloud AS).',
    'form.clientName': 'Navn på klienten',
    'form.clientName.description': 'Samme navn igjen oppdaterer klienten i stedet for å lage en ny.',
    'form.jwk': 'Offentlig nøkkel (JWK)',
    'form.jwk.description': 'En offentlig RSA-nøkkel som JSON med kid, eller et nøkkelsett {"keys": [...]}. Aldri den private nøkkelen.',
    'form.scopes': 'API-tilganger',
    'form.submit': 'Opprett klient',
    'form.adminToken': 'Admin-token for testmiljøet',
    'form.adminToken.description': 'Testmiljøet er delt: oppgi TESTBED_ADMIN_TOKEN.',
    'form.error.adminToken': 'Feil admin-token.',
    'form.error.summary': 'Klienten ble ikke opprettet',
    'form.error.json': 'Nøkkelen er ikke gyldig JSON.',
    'form.error.csrf': 'Skjemaet var utløpt. Last siden på nytt og prøv igjen.',
    'form.error.unreadable': 'Skjemaet kunne ikke leses. Er nøkkelen for stor?',
    'done.title.created': 'Klienten er opprettet',
    'done.title.updated': 'Klienten er oppdatert',
    'done.clientId': 'client_id',
    'done.org': 'Organisasjon',
    'done.scopes': 'Scopes på klienten',
    'done.next': 'Be om token: signer en JWT-grant med nøkkelen (iss = client_id, aud = {issuer}) og send den til {token}.',
    'done.again': 'Opprett en klient til',
  },
  en: {
    'form.title': 'New Maskinporten client',
    'form.lead': 'This is where an organisation gets its first Maskinporten client, as Digdir\'s service desk hands it out. The client always gets the self-service API; the API access you tick counts as approved by the service desk.',
    'form.orgno': 'Organisation number',
    'form.orgno.description': '9 digits, for example 310000027 (SmartCloud AS).',
    'form.clientName': 'Client name',
    'form.clientName.description': 'The same name again updates the client instead of making a new one.',
    'form.jwk': 'Public key (JWK)',
    'form.jwk.description': 'A public RSA key as JSON with a kid, or a key set {"keys": [...]}. Never the private key.',
    'form.scopes': 'API access',
    'form.submit': 'Create client',
    'form.adminToken': "The test-bed's admin token",
    'form.adminToken.description': 'This test-bed is shared: give TESTBED_ADMIN_TOKEN.',
    'form.error.adminToken': 'Wrong admin token.',
    'form.error.summary': 'The client was not created',
    'form.error.json': 'The key is not valid JSON.',
    'form.error.csrf': 'The form had expired. Reload the page and try again.',
    'form.error.unreadable': 'The form could not be read. Is the key too large?',
    'done.title.created': 'The client has been created',
    'done.title.updated': 'The client has been updated',
    'done.clientId': 'client_id',
    'done.org': 'Organisation',
    'done.scopes': 'Scopes on the client',
    'done.next': 'Ask for a token: sign a JWT grant with the key (iss = client_id, aud = {issuer}) and send it to {token}.',
    'done.again': 'Create another client',
  },
};

interface FormValues {
  orgno: string;
  client_name: string;
  jwk: string;
  scopes: string[];
}

interface FieldError {
  field: string;
  message: string;
}

const FIELD_OF: Record<string, string> = { orgno: 'orgno', client_name: 'client_name', jwks: 'jwk', scopes: 'scopes' };
const text = (value: unknown) => (typeof value === 'string' ? value : '');

export async function samarbeidPage(ctx: MaskinportenContext): Promise<express.Express> {
  const { config } = ctx;
  const app = express();
  app.disable('x-powered-by');
  setupPages(app, { viewsDir, theme: 'digdir', messages: MESSAGES, siteName: SITE_NAME });
  app.use(await sessionMiddleware(config.dataDir, 'samarbeid', config.urls.maskinporten.startsWith('https:')));

  const form = (req: Request, res: Response, values: FormValues, errors: FieldError[] = [], status = errors.length ? 400 : 200) =>
    res.status(status).render('samarbeid/form', {
      title: (res.locals.t as (k: string) => string)('form.title'),
      csrf: csrfToken(req),
      action: req.baseUrl || '/',
      values,
      errors,
      vendorScopes: VENDOR_SCOPES,
      adminTokenRequired: Boolean(config.adminToken),
    });

  app.get('/', (req, res) => form(req, res, { orgno: '', client_name: '', jwk: '', scopes: [] }));

  app.post(
    '/',
    formBody(),
    verifyCsrf((_req, res) => renderErrorPage(res, 403, (res.locals.t as (k: string) => string)('form.error.csrf'))),
    async (req, res) => {
      const body = req.body as Record<string, unknown>;
      const scopes = ([] as unknown[]).concat(body.scopes ?? []).filter((s): s is string => typeof s === 'string');
      const values: FormValues = { orgno: text(body.orgno).trim(), client_name: text(body.client_name), jwk: text(body.jwk), scopes };
      const t = res.locals.t as (k: string, v?: Record<string, string>) => string;
      if (config.adminToken && !sameSecret(text(body.admin_token), config.adminToken)) {
        return form(req, res, values, [{ field: 'admin_token', message: t('form.error.adminToken') }], 401);
      }
      let jwks: unknown;
      try {
        const parsed = JSON.parse(values.jwk) as unknown;
        jwks = parsed && typeof parsed === 'object' && 'keys' in parsed ? parsed : { keys: [parsed] };
      } catch {
        return form(req, res, values, [{ field: 'jwk', message: t('form.error.json') }]);
      }
      const input = onboardingInput.safeParse({ orgno: values.orgno, client_name: values.client_name, jwks, scopes });
      if (!input.success) {
        return form(req, res, values, input.error.issues.map((i) => ({ field: FIELD_OF[String(i.path[0])] ?? 'orgno', message: `${i.path.join('.')}: ${i.message}` })));
      }
      try {
        const { client, created } = await onboard(ctx, input.data);
        res.status(created ? 201 : 200).render('samarbeid/done', {
          title: t(created ? 'done.title.created' : 'done.title.updated'),
          client,
          next: t('done.next', { issuer: `${config.urls.maskinporten}/`, token: `${config.urls.maskinporten}/token` }),
          again: req.baseUrl || '/',
        });
      } catch (err) {
        if (!(err instanceof OAuthError)) throw err;
        const fields = err.fields ?? [{ field: 'orgno', message: err.problem.description }];
        form(req, res, values, fields.map((f) => ({ field: FIELD_OF[f.field.split('.')[0]!] ?? 'orgno', message: f.message })));
      }
    },
  );

  // Body too large or unreadable: a page for a person, not an API error.
  app.use((err: { type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (!err?.type?.startsWith('entity.') && err?.type !== 'parameters.too.many') return next(err);
    renderErrorPage(res, 400, (res.locals.t as (k: string) => string)('form.error.unreadable'));
  });
  return app;
}
