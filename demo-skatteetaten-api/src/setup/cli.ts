// `npm run setup -w demo-skatteetaten-api`: Skatteetaten's setup against the running test-bed.
// Without TESTBED_DATA_DIR it uses the repository's `.data`, the folder `npm start` uses, because
// npm runs a workspace script inside the workspace folder.
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@testbed/common/config';
import { setupSkatteetaten } from './index.js';

const repositoryData = fileURLToPath(new URL('../../../.data', import.meta.url));
const config = loadConfig({ ...process.env, TESTBED_DATA_DIR: process.env.TESTBED_DATA_DIR || repositoryData });

try {
  const { clientId, changes } = await setupSkatteetaten(config, { log: (line) => console.log(`skatteetaten setup: ${line}`) });
  console.log(changes.length ? `Skatteetaten is set up (client ${clientId}).` : `Skatteetaten was already set up (client ${clientId}); nothing changed.`);
} catch (err) {
  console.error(`Skatteetaten's setup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
