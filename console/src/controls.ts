// The console's buttons: reset every service and run the setups again; move every service's clock.
import { SERVICE_NAMES } from '@testbed/common/config';
import { PEERS, type Peers } from './peers.js';

/** Setups in dependency order: Skatteetaten grants SmartCloud its scope before SmartCloud asks for it. */
const SETUPS = ['skatteetaten', 'smartregnskap'] as const;

export async function resetAll(peers: Peers): Promise<void> {
  // Maskinporten and Altinn first: the demo services' resets may clear caches of what those held.
  for (const name of ['maskinporten', 'altinn', ...PEERS.filter((p) => p !== 'maskinporten' && p !== 'altinn')] as const) {
    await peers.send(name, 'POST', '/reset');
  }
  for (const name of SETUPS) await peers.send(name, 'POST', '/setup');
}

/** Moves every service's clock, the console's own included, so expiry is judged alike everywhere. */
export async function setClock(peers: Peers, body: { advanceSeconds: number } | { offsetSeconds: number }): Promise<void> {
  await Promise.all(SERVICE_NAMES.map((name) => peers.send(name, 'PUT', '/clock', body)));
}
