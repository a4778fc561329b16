// SmartRegnskap with its real neighbours in one process: Maskinporten (with ID-porten), Altinn and
// Skatteetaten, each set up the way `npm start` does it. Plus what the tests do in Altinn in the
// customer's place (approve, reject, withdraw) and a cookie-keeping HTTP client that reads the
// CSRF token from pages like a browser.
import { altinnPersonToken } from '@testbed/common/person-login';
import { startTestbed, type Testbed, type TestbedOptions } from '@testbed/common/service';
import { findOrg, WORLD } from '@testbed/common/world';
import { createSkatteetaten } from '@testbed/demo-skatteetaten-api/service';
import { setupSkatteetaten } from '@testbed/demo-skatteetaten-api/setup/index';
import { createAltinn } from '@testbed/mock-altinn/service';
import { createMaskinporten } from '@testbed/mock-maskinporten/service';
import { createSmartRegnskap } from '../src/service.js';

export interface StartOptions extends TestbedOptions {
  /** Run Skatteetaten's setup (scope, access for SmartCloud, resource); default true. */
  skatteetatenSetup?: boolean;
  /** Run SmartRegnskap's setup; default true. */
  smartregnskapSetup?: boolean;
}

export async function startAll(options: StartOptions = {}): Promise<Testbed> {
  const tb = await startTestbed(
    { maskinporten: createMaskinporten, altinn: createAltinn, skatteetaten: createSkatteetaten, smartregnskap: createSmartRegnskap },
    options,
  );
  if (options.skatteetatenSetup !== false) await setupSkatteetaten(tb.config);
  if (options.smartregnskapSetup !== false) {
    const res = await control(tb.urls.smartregnskap, '/setup', {});
    if (!res.ok) throw new Error(`SmartRegnskap setup: HTTP ${res.status} ${await res.text()}`);
  }
  return tb;
}

/** A JSON call to a service's control plane. */
export function control(baseUrl: string, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<Response> {
  return fetch(`${baseUrl}/_testbed${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/**
 * Altinn's approval of a request as its approver (the org's daglig leder) gives it, through the
 * portal API the approval page calls: mock-altinn's approval page is still being built.
 */
export async function decide(tb: Testbed, requestId: string, accept: boolean): Promise<void> {
  const request = (await altinnRequests(tb)).find((r) => r.id === requestId);
  const org = request && findOrg(request.partyOrgNo);
  const approver = org && WORLD.erRoles.find((r) => r.org === org.orgNo && r.role === 'DAGL')?.holder;
  if (!org || !approver) throw new Error(`no request ${requestId}, or nobody to approve it`);
  const token = await altinnPersonToken(tb.config, approver);
  const kind = request.kind === 'agent' ? 'agent/' : '';
  const res = await fetch(`${tb.urls.altinn}/authentication/api/v1/systemuser/request/${kind}${org.partyId}/${requestId}/${accept ? 'approve' : 'reject'}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`${accept ? 'approve' : 'reject'}: HTTP ${res.status} ${await res.text()}`);
}

/** The customer withdraws the system access in Altinn: mock-altinn's test-only delete of the system user. */
export async function withdraw(tb: Testbed, systemUserId: string): Promise<void> {
  const res = await fetch(`${tb.urls.altinn}/_testbed/systemusers/${systemUserId}`, { method: 'DELETE' });
  if (!res.ok) throw new Error(`withdraw: HTTP ${res.status}`);
}

export interface AltinnRequest {
  id: string;
  kind: 'standard' | 'agent';
  systemId: string;
  partyOrgNo: string;
  rights: unknown[];
  accessPackages: unknown[];
  redirectUrl?: string;
  status: string;
  isDeleted: boolean;
}

/** Every request Altinn holds, deleted ones included, from its state dump. */
export async function altinnRequests(tb: Testbed): Promise<AltinnRequest[]> {
  return ((await (await control(tb.urls.altinn, '/state')).json()) as { requests: AltinnRequest[] }).requests;
}

/** A cookie-keeping client that fills in `_csrf` from the last page, as a browser form would. */
export class PageClient {
  private cookies = new Map<string, string>();
  private csrf = '';

  constructor(private readonly base: string) {}

  private remember(res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!.trim(), value.join('='));
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html', ...extra };
  }

  async get(path: string): Promise<{ status: number; html: string; location: string | null }> {
    const res = await fetch(new URL(path, this.base), { headers: this.headers(), redirect: 'manual' });
    this.remember(res);
    const html = await res.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (csrf) this.csrf = csrf;
    return { status: res.status, html, location: res.headers.get('location') };
  }

  async post(path: string, form: Record<string, string>, withCsrf = true): Promise<{ status: number; html: string; location: string | null }> {
    if (withCsrf && !this.csrf) await this.get('/signup');
    const body = new URLSearchParams({ ...(withCsrf ? { _csrf: this.csrf } : {}), ...form });
    const res = await fetch(new URL(path, this.base), {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: body.toString(),
      redirect: 'manual',
    });
    this.remember(res);
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  }
}

/** Text of a page without tags, for assertions on what a person reads. */
export const textOf = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\s+/g, ' ');
