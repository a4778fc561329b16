// Skatteetaten's own Maskinporten client, with which it asks Altinn's PDP: a key pair in the data
// folder (the private key never leaves this service) and the client id the setup got at onboarding,
// kept in a file beside it so that a setup run from another process is seen by the running service.
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '@testbed/common/clock';
import type { TestbedConfig } from '@testbed/common/config';
import type { ServiceFetch } from '@testbed/common/http-client';
import { KeyRing } from '@testbed/common/keys';
import { MaskinportenClient } from '@testbed/common/maskinporten-client';
import { z } from 'zod';

export const CLIENT_KEY_NAME = 'skatteetaten-maskinporten-client';
/** Skatteetaten's organisation number (ORG.skatteetaten). */
export const SKATTEETATEN_ORGNO = '974761076';

const registration = z.object({ client_id: z.string().min(1), client_orgno: z.string(), scopes: z.array(z.string()) });
export type ClientRegistration = z.infer<typeof registration>;

const registrationFile = (dataDir: string) => path.join(dataDir, 'skatteetaten-client-registration.json');

/** The client the setup registered, or null before the first setup. */
export async function readRegistration(dataDir: string): Promise<ClientRegistration | null> {
  let text: string;
  try {
    text = await readFile(registrationFile(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed = registration.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${registrationFile(dataDir)} is not a client registration; run the setup again.`);
  return parsed.data;
}

/** Written to a temp file and renamed, so the service never reads half a file. */
export async function saveRegistration(dataDir: string, value: ClientRegistration): Promise<void> {
  const file = registrationFile(dataDir);
  await writeFile(`${file}.tmp`, JSON.stringify(value, null, 1), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

export const openClientKeys = (config: TestbedConfig, clock: Clock): Promise<KeyRing> =>
  KeyRing.open(config.dataDir, CLIENT_KEY_NAME, { bits: config.rsaBits, now: () => clock.now(), publish: { use: 'sig' } });

/**
 * The Maskinporten client as the service uses it. The registration is read on each call (it is
 * called only when a token must be fetched), so a client re-registered by the setup is picked up.
 */
export function registeredClient(config: TestbedConfig, fetch: ServiceFetch, clock: Clock): () => Promise<MaskinportenClient> {
  let keys: Promise<KeyRing> | null = null;
  let client: MaskinportenClient | null = null;
  return async () => {
    const current = await readRegistration(config.dataDir);
    if (!current) throw new Error('Skatteetaten has no Maskinporten client yet: run `npm run setup -w demo-skatteetaten-api`.');
    if (client?.clientId !== current.client_id) {
      keys ??= openClientKeys(config, clock);
      client = new MaskinportenClient({ maskinportenUrl: config.urls.maskinporten, clientId: current.client_id, keys: await keys, fetch, clock });
    }
    return client;
  };
}
