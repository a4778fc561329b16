// Levels of assurance (`acr`) of ID-porten since 2023, lowest first, and the one rule built on
// them: a client asking for a higher level than the person's session has makes the person log in
// again (step-up), as ID-porten does.
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';

export const LEVELS = ['idporten-loa-substantial', 'idporten-loa-high'] as const;
export type Level = (typeof LEVELS)[number];

export const isLevel = (value: unknown): value is Level => LEVELS.includes(value as Level);

/**
 * The lowest level a request accepts. `acr_values` lists acceptable levels; values this mock does
 * not offer (eIDAS, self-registered e-mail) are ignored, and a request naming none gets
 * `idporten-loa-substantial`, ID-porten's default.
 */
export function minimumLevel(acrValues: unknown): Level {
  const asked = typeof acrValues === 'string' ? acrValues.split(' ').filter(isLevel) : [];
  return LEVELS.find((level) => asked.includes(level)) ?? LEVELS[0];
}

/** The levels a person may choose on the login page for a request. */
export const allowedLevels = (acrValues: unknown): Level[] => LEVELS.slice(LEVELS.indexOf(minimumLevel(acrValues)));

const rank = (acr: unknown) => (isLevel(acr) ? LEVELS.indexOf(acr) : -1);

/** The login prompt with one more check: the session's level must reach the requested one. */
export function loginPolicy(): interactionPolicy.Prompt[] {
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(
    new interactionPolicy.Check(
      'idporten_loa',
      'the requested level of assurance is higher than the one the session was authenticated with',
      'login_required',
      (ctx: KoaContextWithOIDC) => {
        const { session, params } = ctx.oidc;
        if (!session?.accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        return rank(session.acr) < rank(minimumLevel(params?.acr_values))
          ? interactionPolicy.Check.REQUEST_PROMPT
          : interactionPolicy.Check.NO_NEED_TO_PROMPT;
      },
    ),
  );
  return policy;
}
