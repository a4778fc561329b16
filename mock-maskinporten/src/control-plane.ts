// Maskinporten's additions to the control plane: signing-key rotation and the per-client token
// counters, plus `controlRoute`, which answers this service's control routes in the control
// plane's own format (application/problem+json) like the rest of /_testbed.
import type { Request, Response, Router } from 'express';
import { problem } from '@testbed/common/control-plane';
import type { KeyRing } from '@testbed/common/keys';
import type { TestbedConfig } from '@testbed/common/config';
import { OAuthError } from './errors.js';
import type { TokenStats } from './token/stats.js';

export const controlRoute =
  (handler: (req: Request, res: Response) => Promise<unknown>) =>
  async (req: Request, res: Response): Promise<void> => {
    try {
      await handler(req, res);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      problem(res, err.status, err.problem.description, err.hint, err.fields ? { errors: err.fields.map((f) => ({ path: f.field, message: f.message })) } : {});
    }
  };

export interface OperatorHooks {
  config: TestbedConfig;
  keys: KeyRing;
  stats: TokenStats;
  /** Runs after a rotation (drop what was signed with the old key and is cached). */
  rotated: () => void;
}

export function operatorRoutes(router: Router, { config, keys, stats, rotated }: OperatorHooks): void {
  /** The new key signs from now on; the previous one stays in /jwk for the grace period. */
  router.post('/keys/rotate', async (_req, res) => {
    const { previousKid, activeKid } = await keys.rotate();
    rotated();
    res.json({ previous_kid: previousKid, active_kid: activeKid, grace_seconds: config.maskinporten.keyRotationGraceSeconds });
  });

  router.get('/stats', (_req, res) => {
    res.json(stats.view());
  });
  router.delete('/stats', (_req, res) => {
    stats.clear();
    res.status(204).end();
  });
}
