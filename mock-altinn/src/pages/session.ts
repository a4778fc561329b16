// The Altinn session of the pages: a signed cookie (`altinn.session`) with the logged-in person,
// the ID token kept for ending the ID-porten session at logout, a login under way, and a one-shot
// message for the next page (after a redirect).
import type { Request } from 'express';

export interface Person {
  pid: string;
  name: string;
}

/** State, nonce and PKCE verifier of a login under way, and where to go afterwards. */
export interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

/** A message shown once on the next page: a text key and its values. */
export interface Flash {
  key: string;
  vars: Record<string, string>;
}

export interface AltinnSession {
  person?: Person;
  idToken?: string;
  login?: PendingLogin;
  flash?: Flash;
}

export const sessionOf = (req: Request): AltinnSession => {
  if (!req.session) throw new Error('session middleware missing');
  return req.session as AltinnSession;
};

export const personOf = (req: Request): Person | undefined => sessionOf(req).person;

export function setFlash(req: Request, key: string, vars: Record<string, string> = {}): void {
  sessionOf(req).flash = { key, vars };
}

/** The flash message for this page, removed from the session so it shows once. */
export function takeFlash(req: Request): Flash | undefined {
  const session = sessionOf(req);
  const flash = session.flash;
  delete session.flash;
  return flash;
}
