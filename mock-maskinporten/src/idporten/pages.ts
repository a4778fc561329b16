// What a person sees at mock ID-porten: texts in bokmål and English, the language a client asked
// for with `ui_locales`, and rendering a view to a string for oidc-provider, which answers through
// Koa rather than express.
import type { Response } from 'express';
import type { Lang, Messages } from '@testbed/common/pages';

export const SITE_NAME: Record<Lang, string> = { nb: 'ID-porten (testmiljø)', en: 'ID-porten (test environment)' };

export const MESSAGES: Messages = {
  nb: {
    'login.title': 'Logg inn',
    'login.lead': 'Du logger inn på {client} med TestID, testmiljøets elektroniske ID.',
    'login.persons.legend': 'Hvem vil du logge inn som?',
    'login.persons.description': 'Bare syntetiske testpersoner fra Tenor kan logge inn her.',
    'login.person.other': 'En annen syntetisk testperson',
    'login.pid.label': 'Fødselsnummer (11 siffer)',
    'login.pid.description': 'Syntetiske testpersoner har 80 lagt til fødselsmåneden, for eksempel {example}.',
    'login.level.legend': 'Sikkerhetsnivå',
    'login.level.idporten-loa-substantial': 'Betydelig (idporten-loa-substantial), som MinID',
    'login.level.idporten-loa-high': 'Høyt (idporten-loa-high), som BankID',
    'login.level.onlyHigh': '{client} krever høyt sikkerhetsnivå.',
    'login.submit': 'Logg inn',
    'login.cancel': 'Avbryt',
    'login.error.summary': 'Du ble ikke logget inn',
    'login.error.choose': 'Velg en testperson, eller velg «En annen syntetisk testperson» og skriv inn fødselsnummeret.',
    'login.error.format': 'Et fødselsnummer har 11 siffer, og «{value}» har ikke det.',
    'login.error.checksum': '{value} er ikke et gyldig fødselsnummer: kontrollsifrene stemmer ikke.',
    'login.error.notSynthetic':
      '{value} er ikke en syntetisk testperson. Testmiljøet tar bare imot syntetiske fødselsnumre fra Tenor, der 80 er lagt til fødselsmåneden (for eksempel {example}), slik at en ekte person aldri kan logges inn her. Altinns egen test-innlogging gjør det samme.',
    'login.error.level': '{client} krever høyt sikkerhetsnivå. Velg «Høyt».',
    'idp.error.title': 'Innloggingen kunne ikke gjennomføres',
    'idp.error.code': 'Feilkode',
    'idp.error.hint.invalid_client': 'ID-porten kjenner ikke klienten (client_id), eller klienten oppga feil hemmelighet.',
    'idp.error.hint.invalid_redirect_uri': 'redirect_uri er ikke registrert for klienten. ID-porten sender aldri noen til en adresse som ikke er registrert.',
    'idp.error.hint.invalid_request': 'Forespørselen fra tjenesten mangler noe eller har en ugyldig verdi.',
    'idp.error.hint.session_not_found': 'Innloggingen er utløpt eller ukjent. Gå tilbake til tjenesten og start på nytt.',
    'idp.error.hint.server_error': 'Det oppsto en uventet feil i testmiljøet. Se loggen til tjenesten.',
    'logout.title': 'Logger ut',
    'logout.lead': 'Du logges ut av ID-porten og tjenestene du har logget inn på.',
    'logout.submit': 'Logg ut',
    'loggedOut.title': 'Du er logget ut',
    'loggedOut.lead': 'Du er logget ut av ID-porten. Du kan lukke vinduet.',
  },
  en: {
    'login.title': 'Log in',
    'login.lead': 'You are logging in to {client} with TestID, the electronic ID of the test environment.',
    'login.persons.legend': 'Who do you want to log in as?',
    'login.persons.description': 'Only synthetic test persons from Tenor can log in here.',
    'login.person.other': 'Another synthetic test person',
    'login.pid.label': 'National identity number (11 digits)',
    'login.pid.description': 'Synthetic test persons have 80 added to the birth month, for example {example}.',
    'login.level.legend': 'Level of assurance',
    'login.level.idporten-loa-substantial': 'Substantial (idporten-loa-substantial), like MinID',
    'login.level.idporten-loa-high': 'High (idporten-loa-high), like BankID',
    'login.level.onlyHigh': '{client} requires a high level of assurance.',
    'login.submit': 'Log in',
    'login.cancel': 'Cancel',
    'login.error.summary': 'You were not logged in',
    'login.error.choose': 'Choose a test person, or choose "Another synthetic test person" and type the number.',
    'login.error.format': 'A national identity number has 11 digits, and "{value}" does not.',
    'login.error.checksum': '{value} is not a valid national identity number: the check digits do not match.',
    'login.error.notSynthetic':
      '{value} is not a synthetic test person. The test environment only accepts synthetic numbers from Tenor, which have 80 added to the birth month (for example {example}), so that a real person can never be logged in here. Altinn\'s own test login does the same.',
    'login.error.level': '{client} requires a high level of assurance. Choose "High".',
    'idp.error.title': 'The login could not be completed',
    'idp.error.code': 'Error code',
    'idp.error.hint.invalid_client': 'ID-porten does not know the client (client_id), or the client gave a wrong secret.',
    'idp.error.hint.invalid_redirect_uri': 'The redirect_uri is not registered for the client. ID-porten never sends anyone to an address that is not registered.',
    'idp.error.hint.invalid_request': 'The request from the service lacks something or has an invalid value.',
    'idp.error.hint.session_not_found': 'The login has expired or is unknown. Go back to the service and start again.',
    'idp.error.hint.server_error': 'An unexpected error occurred in the test-bed. See the service log.',
    'logout.title': 'Logging out',
    'logout.lead': 'You are being logged out of ID-porten and the services you logged in to.',
    'logout.submit': 'Log out',
    'loggedOut.title': 'You are logged out',
    'loggedOut.lead': 'You are logged out of ID-porten. You may close the window.',
  },
};

/**
 * The page language a client asked for with `ui_locales` (a preference list): English for `en`,
 * bokmål for `nb` and `nn` (the test-bed has no nynorsk texts), undefined when it names neither.
 */
export function uiLocaleLang(uiLocales: unknown): Lang | undefined {
  if (typeof uiLocales !== 'string') return undefined;
  const first = uiLocales.split(' ').find((l) => ['nb', 'nn', 'en'].includes(l));
  if (!first) return undefined;
  return first === 'en' ? 'en' : 'nb';
}

/** Renders a view with the response's locals (language, texts) to a string. */
export function renderToString(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    res.render(view, locals, (err: Error | null, html?: string) => (err ? reject(err) : resolve(html ?? '')));
  });
}

/**
 * The error page: the OIDC error code and description as oidc-provider gives them, with a hint in
 * the page language for the common ones. Never a stack trace.
 */
export function errorPage(res: Response, out: { error: string; error_description?: string | undefined }, sessionNotFound = false): Promise<string> {
  const t = res.locals.t as (key: string) => string;
  const hintKey = `idp.error.hint.${sessionNotFound ? 'session_not_found' : out.error}`;
  const hint = t(hintKey);
  return renderToString(res, 'idporten/error', {
    title: t('idp.error.title'),
    code: out.error,
    description: out.error_description,
    hint: hint === hintKey ? undefined : hint,
  });
}
