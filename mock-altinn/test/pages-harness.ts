// Shared by the page tests: mock-altinn next to the real mock-maskinporten (its ID-porten is where
// people log in), SmartCloud onboarded as a vendor, systems and requests made through the control
// plane and the vendor API, and a cookie-keeping HTTP "browser" that goes through the login form,
// the approval page and the logout chain the way Chromium would.
import type { Page as BrowserPage } from 'playwright-core';
import { Clock } from '@testbed/common/clock';
import { KeyRing } from '@testbed/common/keys';
import { MaskinportenClient } from '@testbed/common/maskinporten-client';
import { onboard } from '@testbed/common/onboarding';
import { findPerson, ORG } from '@testbed/common/world';
import { CookieBrowser, logIn } from '../../mock-maskinporten/test/idporten-harness.js';
import { createMaskinporten } from '../../mock-maskinporten/src/service.js';
import { DEFAULT_RESOURCES, krav, pkg, resource, startHarness, systemBody, VENDOR, type Harness } from './authn-harness.js';

export const VENDOR_SCOPES = [
  'altinn:authentication/systemregister.write',
  'altinn:authentication/systemuser.request.write',
  'altinn:authentication/systemuser.request.read',
];
export const SYSTEM = `${VENDOR}_smartregnskap`;
export const AGENT_SYSTEM = `${VENDOR}_klient`;
export const REDIRECT = 'https://smartregnskap.example/callback';
/** A right on a resource the registry marks as not delegable. */
export const mva = { resource: [{ id: 'urn:altinn:resource', value: 'ske-mva' }] };

/** The harness's resources with the titles a person reads, and `ske-mva` not delegable. */
const RESOURCES = DEFAULT_RESOURCES.map((r) =>
  r.identifier === 'ske-krav-og-betalinger'
    ? { ...r, title: { nb: 'Krav og betalinger', nn: 'Krav og betalingar', en: 'Claims and payments' } }
    : r.identifier === 'ske-mva'
      ? { ...resource('ske-mva'), title: { nb: 'Merverdiavgift', nn: 'Meirverdiavgift', en: 'Value added tax' }, delegable: false }
      : r,
);

export interface PagesHarness {
  h: Harness;
  altinn: string;
  vendorToken(): Promise<string>;
  /** A pending request made by the vendor through the control plane: its id and confirmUrl. */
  request(body?: Record<string, unknown>, kind?: 'standard' | 'agent'): Promise<{ id: string; confirmUrl: string }>;
  /** An approved system user (approved by Pia through the control plane). */
  systemUser(externalRef: string, body?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

let refs = 0;
/** An external reference no other request in the run has, so requests never collide. */
export const uniqueRef = (label: string) => `${label}-${++refs}`;

export async function startPagesHarness(env?: Record<string, string>): Promise<PagesHarness> {
  const h = await startHarness({ maskinporten: createMaskinporten, resources: RESOURCES, ...(env ? { env } : {}) });
  const keys = await KeyRing.open(h.config.dataDir, 'pages-vendor', { bits: 2048, now: () => Date.now() });
  const onboarded = await onboard(fetch, h.tb.urls.maskinporten, undefined, { orgno: VENDOR, client_name: 'SmartRegnskap', scopes: VENDOR_SCOPES }, keys);
  const vendor = new MaskinportenClient({ maskinportenUrl: h.tb.urls.maskinporten, clientId: onboarded.client_id, keys, fetch, clock: new Clock() });
  const seeded = await h.call('/_testbed/seed', {
    method: 'POST',
    body: {
      systems: [
        systemBody('smartregnskap', { rights: [krav, mva], accessPackages: [pkg('skatt-naering')], clientId: [onboarded.client_id] }),
        systemBody('klient', { rights: [], isVisible: false, accessPackages: [pkg('regnskapsforer-med-signeringsrettighet')] }),
      ],
    },
  });
  if (seeded.status !== 200) throw new Error(`seeding systems: ${seeded.status} ${seeded.text}`);

  const seed = async (body: unknown) => {
    const res = await h.call('/_testbed/seed', { method: 'POST', body });
    if (res.status !== 200) throw new Error(`seed: ${res.status} ${res.text}`);
    return res.json;
  };
  return {
    h,
    altinn: h.tb.urls.altinn,
    vendorToken: async () => (await vendor.token({ scope: VENDOR_SCOPES.join(' ') })).access_token,
    async request(body = {}, kind = 'standard') {
      const base =
        kind === 'agent'
          ? { kind, systemId: AGENT_SYSTEM, partyOrgNo: ORG.tallmakerne, accessPackages: [pkg('regnskapsforer-med-signeringsrettighet')] }
          : { systemId: SYSTEM, partyOrgNo: ORG.rorOgVann, rights: [krav] };
      const seeded = await seed({ requests: [{ ...base, externalRef: uniqueRef('page'), redirectUrl: `${REDIRECT}?state=abc&x=1`, ...body }] });
      return seeded.requests[0];
    },
    async systemUser(externalRef, body = {}) {
      const seeded = await seed({ systemUsers: [{ systemId: SYSTEM, partyOrgNo: ORG.rorOgVann, rights: [krav], externalRef, ...body }] });
      return seeded.systemUsers[0].id;
    },
    close: () => h.close(),
  };
}

export interface Page {
  status: number;
  url: string;
  html: string;
  res: Response;
}

/** The page's form token. */
export function csrfOf(html: string): string {
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error(`no form token on the page:\n${html.slice(0, 800)}`);
  return csrf;
}

/** Visible text of a page: emphasis dropped, other tags made spaces, white space folded, entities of the test data decoded. */
export const textOf = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<\/?strong>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** A browser of one person: logs in at ID-porten when Altinn sends it there, and keeps its cookies. */
export class PersonBrowser {
  readonly browser = new CookieBrowser();

  constructor(
    private readonly altinn: string,
    readonly pid: string,
  ) {}

  /** Opens an Altinn page, logging in through the ID-porten form on the way if needed. */
  async open(url: string): Promise<Page> {
    let step = await this.browser.follow(url, this.altinn);
    if (step.left) {
      const callback = await logIn(this.browser, step.left, { choice: this.pid });
      step = await this.browser.follow(callback, this.altinn);
    }
    if (step.left) throw new Error(`expected an Altinn page, was sent to ${step.left.href}`);
    return { status: step.res.status, url: step.url, html: await step.res.text(), res: step.res };
  }

  /** Posts a form; the answer without following redirects. */
  post(url: string, form: Record<string, string>): Promise<Response> {
    return this.browser.post(url, form);
  }

  /**
   * Follows a decision's redirect through Altinn's logout and ID-porten's end session (answering
   * its logout form as the page's script does) to `handleloggedout`; returns where that sends the
   * browser, exactly as its Location header says, and every URL on the way.
   */
  async followLogout(answer: Response, from: string): Promise<{ location: string; hops: string[] }> {
    const hops: string[] = [];
    let res = answer;
    let at = new URL(from);
    for (let i = 0; i < 10; i++) {
      if (res.status >= 300 && res.status < 400) {
        const location = res.headers.get('location')!;
        if (at.pathname === '/authentication/api/v1/logout/handleloggedout') return { location, hops };
        at = new URL(location, at);
        hops.push(at.href);
        res = await this.browser.get(at);
        continue;
      }
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (res.status !== 200 || !action) throw new Error(`logout stopped at ${at.href} with ${res.status}: ${html.slice(0, 500)}`);
      const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      at = new URL(action.replaceAll('&amp;', '&'), at);
      hops.push(at.href);
      res = await this.browser.post(at, { logout: 'yes', ...fields });
    }
    throw new Error('the logout chain did not end');
  }
}

/** In Chromium: where the browser lands at the vendor, exactly as it asked for it (the site is answered here). */
export function vendorArrival(page: BrowserPage): Promise<string> {
  return new Promise((resolve) => {
    void page.route(`${new URL(REDIRECT).origin}/**`, async (route) => {
      resolve(route.request().url());
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>SmartRegnskap</h1>' });
    });
  });
}

/** In Chromium: picks the person on mock ID-porten's login page, as a tester does. */
export async function logInAs(page: BrowserPage, pid: string): Promise<void> {
  await page.getByLabel(new RegExp(findPerson(pid)!.name)).check();
  await page.getByRole('button', { name: 'Logg inn' }).click();
}
