// Browser sessions for the pages: a signed cookie (nothing to lose on restart, nothing server-side
// to clean), one cookie name per service because browsers share cookies across localhost ports.
// CSRF: a random token per session, put in every form and compared in constant time on POST.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import cookieSession from 'cookie-session';
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import writeFileAtomic from 'write-file-atomic';

/** A secret kept in <dataDir>/keys/<name>.secret, made on first use. */
export async function loadSecret(dataDir: string, name: string): Promise<string> {
  const dir = path.join(dataDir, 'keys');
  const file = path.join(dir, `${name}.secret`);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  await writeFileAtomic(file, secret, { fsync: true, mode: 0o600 });
  return secret;
}

export async function sessionMiddleware(dataDir: string, service: string, secure: boolean): Promise<RequestHandler> {
  const secret = await loadSecret(dataDir, `${service}-session`);
  return cookieSession({
    name: `${service}.session`,
    keys: [secret],
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: 8 * 3600_000,
  });
}

type SessionData = Record<string, unknown> & { csrf?: string };

const sessionOf = (req: Request): SessionData => {
  if (!req.session) throw new Error('session middleware missing');
  return req.session as SessionData;
};

/** The form token of this session, made on first use; put it in a hidden `_csrf` field. */
export function csrfToken(req: Request): string {
  const session = sessionOf(req);
  if (typeof session.csrf !== 'string') session.csrf = randomBytes(24).toString('base64url');
  return session.csrf;
}

/** Rejects a POST whose `_csrf` field does not match the session's token. */
export function verifyCsrf(onFailure: (req: Request, res: Response) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const expected = sessionOf(req).csrf;
    const given = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof expected === 'string' && typeof given === 'string') {
      const a = Buffer.from(given);
      const b = Buffer.from(expected);
      if (a.length === b.length && timingSafeEqual(a, b)) return next();
    }
    onFailure(req, res);
  };
}

/** Only same-site relative paths: no open redirects through a `returnTo` parameter. */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  return value;
}
