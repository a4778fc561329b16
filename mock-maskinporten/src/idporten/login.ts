// The login page (oidc-provider's interaction): the tester picks a seeded person or types a
// synthetic fødselsnummer and a level of assurance. Only synthetic Tenor numbers are accepted,
// fail-closed, like Altinn's MockPorten. Consent is implicit: ID-porten has no consent screen, so
// a consent prompt (SSO into another client) is answered without a page. As in ID-porten's test
// environments, `login_hint=testid:<fødselsnummer>_<level>` logs a synthetic person in without a
// page ("headless login", for automated tests).
import express, { type Request, type Response, type Router } from 'express';
import { errors as oidcErrors, type InteractionResults } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import { fnrProblem, isSyntheticTenorFnr } from '@testbed/common/identifiers';
import { csrfToken, verifyCsrf } from '@testbed/common/session';
import { formBody } from '@testbed/common/service-app';
import { PERSON, WORLD } from '@testbed/common/world';
import { allowedLevels, type Level } from './levels.js';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** How ID-porten's test eID is named in `amr`. */
const TEST_ID_AMR = ['TestID'];

const loginForm = z.object({
  _csrf: z.string(),
  action: z.enum(['login', 'cancel']),
  choice: z.string().max(32).optional(),
  pid: z.string().max(64).optional(),
  level: z.string().max(64).optional(),
});
type LoginForm = z.infer<typeof loginForm>;

interface FieldError {
  /** Id of the input the error summary links to. */
  field: string;
  message: string;
}

const uidParam = z.string().regex(/^[\w-]{1,64}$/);
const HEADLESS_HINT = /^testid:(\d{11})_([\w-]+)$/;

/** Why a typed number cannot log in, as a text key, or null when it is a synthetic Tenor person. */
function pidProblem(pid: string): string | null {
  const problem = fnrProblem(pid);
  if (problem) return `login.error.${problem}`;
  return isSyntheticTenorFnr(pid) ? null : 'login.error.notSynthetic';
}

export function loginRoutes(deps: {
  provider: Provider;
  /** Scopes oidc-provider knows; a grant gets the requested ones among them. */
  scopes: ReadonlySet<string>;
  session: express.RequestHandler;
}): Router {
  const { provider, scopes } = deps;
  const router = express.Router();
  router.use(deps.session);

  /** The interaction of this browser, which must be the one the URL names. */
  async function interactionOf(req: Request, res: Response): Promise<Interaction> {
    const details = await provider.interactionDetails(req, res);
    const uid = uidParam.safeParse(req.params.uid);
    if (!uid.success || uid.data !== details.uid) throw new oidcErrors.SessionNotFound('interaction does not match this login page');
    return details;
  }

  /** The grant of an implicit consent: every requested scope the provider knows. */
  async function grantFor(details: Interaction, accountId: string): Promise<string> {
    const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    const grant =
      existing?.accountId === accountId ? existing : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    const requested = String(details.params.scope ?? '').split(' ');
    grant.addOIDCScope(requested.filter((s) => scopes.has(s)));
    return grant.save();
  }

  /** Logs the person in at a level, with implicit consent, and sends the browser on. */
  async function finishLogin(req: Request, res: Response, details: Interaction, pid: string, level: Level) {
    const result: InteractionResults = {
      login: { accountId: pid, acr: level, amr: TEST_ID_AMR, remember: false },
      consent: { grantId: await grantFor(details, pid) },
      locale: res.locals.lang,
    };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }

  /** A headless login hint naming a synthetic person and a level the request accepts; anything else shows the page. */
  function headlessLogin(details: Interaction): { pid: string; level: Level } | undefined {
    const hint = HEADLESS_HINT.exec(String(details.params.login_hint ?? ''));
    const level = allowedLevels(details.params.acr_values).find((l) => l === hint?.[2]);
    return hint && level && !pidProblem(hint[1]!) ? { pid: hint[1]!, level } : undefined;
  }

  async function renderLogin(req: Request, res: Response, details: Interaction, form: Partial<LoginForm>, errors: FieldError[]) {
    const client = await provider.Client.find(String(details.params.client_id));
    const levels = allowedLevels(details.params.acr_values);
    const lang = res.locals.lang as string;
    res.status(errors.length ? 400 : 200).render('idporten/login', {
      title: (res.locals.t as (k: string) => string)('login.title'),
      clientName: client?.clientName ?? String(details.params.client_id),
      persons: WORLD.persons,
      example: PERSON.pia,
      levels,
      level: form.level && levels.includes(form.level as Level) ? form.level : levels[0],
      choice: form.choice ?? '',
      pid: form.pid ?? '',
      errors,
      csrf: csrfToken(req),
      action: `${req.baseUrl}/${details.uid}?lang=${lang}`,
    });
  }

  router.get('/:uid', async (req, res) => {
    const details = await interactionOf(req, res);
    if (details.prompt.name === 'login') {
      const headless = headlessLogin(details);
      return headless ? finishLogin(req, res, details, headless.pid, headless.level) : renderLogin(req, res, details, {}, []);
    }
    const accountId = details.session?.accountId;
    if (!accountId) throw new oidcErrors.SessionNotFound('no logged-in person to consent for');
    const result: InteractionResults = { consent: { grantId: await grantFor(details, accountId) } };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
  });

  router.post(
    '/:uid',
    formBody(),
    verifyCsrf(() => {
      throw new oidcErrors.SessionNotFound('the login form has expired or did not come from this page', 403);
    }),
    async (req, res) => {
      const details = await interactionOf(req, res);
      const parsed = loginForm.safeParse(req.body);
      if (!parsed.success) throw new oidcErrors.InvalidRequest('the login form is incomplete');
      const form = parsed.data;
      if (form.action === 'cancel') {
        const result: InteractionResults = { error: 'access_denied', error_description: 'The end-user cancelled the login' };
        return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      }

      const t = res.locals.t as (key: string, vars?: Record<string, string>) => string;
      const client = await provider.Client.find(String(details.params.client_id));
      const clientName = client?.clientName ?? String(details.params.client_id);
      const typed = (form.pid ?? '').replace(/\s/g, '');
      const pid = form.choice === 'other' || (!form.choice && typed) ? typed : (form.choice ?? '');
      const errors: FieldError[] = [];
      const problem = pid ? pidProblem(pid) : 'login.error.choose';
      if (problem) {
        const field = problem === 'login.error.choose' ? `person-${WORLD.persons[0]!.pid}` : 'pid';
        errors.push({ field, message: t(problem, { value: pid, example: PERSON.pia }) });
      }
      const levels = allowedLevels(details.params.acr_values);
      const level = levels.find((l) => l === form.level);
      if (!level) errors.push({ field: `level-${levels[0]}`, message: t('login.error.level', { client: clientName }) });
      if (errors.length || !level) return renderLogin(req, res, details, form, errors);
      await finishLogin(req, res, details, pid, level);
    },
  );

  return router;
}
