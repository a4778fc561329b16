// `npm run setup -w demo-smartregnskap`: the vendor setup from the command line.
import { loadConfig } from '@testbed/common/config';
import { setupSmartRegnskap, SetupError } from './index.js';

try {
  console.log(JSON.stringify(await setupSmartRegnskap(loadConfig()), null, 2));
} catch (err) {
  console.error(err instanceof SetupError ? err.message : err);
  process.exit(1);
}
