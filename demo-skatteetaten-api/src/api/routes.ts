// "Krav og betalinger" v1: `GET /v1/{rettighetspakke}/{partIdentifikator}/{endpoint}`. Each call
// is checked in this order: representation (KB-008), token, scope and system user (KB-004, DAS-008),
// party and period (KB-006), known party (KB-009), the PDP (DAS-008), data in the period (KB-007).
import type { Clock } from '@testbed/common/clock';
import { findOrg } from '@testbed/common/world';
import { Router, type Request, type Response } from 'express';
import type { Authenticate } from '../auth/token.js';
import { ACTION, RESOURCE_ID, type Pdp } from '../auth/pdp.js';
import { osloDate } from '../claims/calendar.js';
import { ledgerOn, type Ledger } from '../claims/ledger.js';
import type { Periode } from '../claims/model.js';
import { aapneKrav, alleKrav, innbetalinger, utbetalinger } from '../claims/views.js';
import { Feil } from '../errors.js';
import { negotiate, sendRepresentation, type Representation } from '../format.js';
import { parsePartIdentifikator, parsePeriod } from './query.js';

/**
 * Each endpoint: the XML root element (the model name), and `prepare`, which validates the query
 * (throwing KB-006) and gives the answer for a ledger (null when the period holds nothing).
 */
interface Endpoint {
  root: string;
  prepare: (query: unknown) => (ledger: Ledger) => object | null;
}

/** For the endpoints whose period is required. */
const forPeriod =
  (view: (ledger: Ledger, period: Periode) => object | null) =>
  (query: unknown): ((ledger: Ledger) => object | null) => {
    const period = parsePeriod(query, true);
    return (ledger) => view(ledger, period);
  };

const ENDPOINTS: Record<string, Endpoint> = {
  aapnekrav: {
    root: 'aapneKrav',
    prepare: (query) => {
      const period = parsePeriod(query, false);
      return (ledger) => aapneKrav(ledger, period);
    },
  },
  krav: { root: 'alleKrav', prepare: forPeriod(alleKrav) },
  innbetalinger: { root: 'innbetalinger', prepare: forPeriod(innbetalinger) },
  utbetalinger: { root: 'utbetalinger', prepare: forPeriod(utbetalinger) },
};

const endpointOf = (name: string): Endpoint | undefined => (Object.hasOwn(ENDPOINTS, name) ? ENDPOINTS[name] : undefined);

function representationOf(req: Request): Representation {
  const representation = negotiate(req);
  if (!representation) throw new Feil('KB-008', undefined, `Accept "${req.get('accept')}" allows neither application/json nor application/xml.`);
  return representation;
}

export interface KravOgBetalingerOptions {
  authenticate: Authenticate;
  pdp: Pdp;
  clock: Clock;
}

export function kravOgBetalingerRoutes({ authenticate, pdp, clock }: KravOgBetalingerOptions): Router {
  const router = Router();

  router.get('/v1/regnskapssystem/:partIdentifikator/:endpoint', async (req: Request<{ partIdentifikator: string; endpoint: string }>, res: Response, next) => {
    const endpoint = endpointOf(req.params.endpoint);
    if (!endpoint) return next();
    const representation = representationOf(req);
    const caller = await authenticate(req.get('authorization'));
    const party = parsePartIdentifikator(req.params.partIdentifikator);
    // The query is validated before anyone is asked, so a bad query costs no PDP call.
    const answer = endpoint.prepare(req.query);
    const org = findOrg(party);
    if (!org) throw new Feil('KB-009', undefined, `${party} is not an organisation of the test-bed world.`);

    const { decision, statusMessage } = await pdp.authorize(caller.systemUserId, party);
    if (decision !== 'Permit') {
      const status = statusMessage ? ` (${statusMessage})` : '';
      throw new Feil(
        'DAS-008',
        undefined,
        `PDP decision ${decision}${status} for system user ${caller.systemUserId} (owned by ${caller.systemUserOrg}) on party ${party}, resource ${RESOURCE_ID}, action ${ACTION}.`,
      );
    }

    const body = answer(ledgerOn(org, osloDate(clock.now())));
    if (!body) throw new Feil('KB-007');
    sendRepresentation(res, 200, representation, endpoint.root, body);
  });

  // The `finans` rettighetspakke needs an Altinn consent token, which the test-bed does not issue.
  router.get('/v1/finans/:partIdentifikator/:endpoint', (req: Request<{ partIdentifikator: string; endpoint: string }>, _res, next) => {
    if (!endpointOf(req.params.endpoint)) return next();
    representationOf(req); // KB-008 comes first here too
    throw new Feil(
      'KB-005',
      'Test-bed støtter ikke samtykketoken (rettighetspakken finans). Bruk rettighetspakken regnskapssystem med et systembrukertoken.',
      'The finans rettighetspakke requires an Altinn consent token; the test-bed supports only regnskapssystem with system-user tokens.',
    );
  });

  return router;
}
