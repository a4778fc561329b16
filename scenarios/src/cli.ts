// `npm run journey`: the direct-customer journey by itself, against the running test-bed (or one
// it starts), Pia's clicks included. `--api` drives the same journey over the public APIs without
// a browser; `--no-reset` keeps the test-bed's state instead of starting from the seeded world.
import { parseArgs } from 'node:util';
import { launchBrowser } from '@testbed/common/browser';
import { loadConfig } from '@testbed/common/config';
import { resetTestbed } from '@testbed/common/testbed-control';
import { apiDirectCustomerJourney } from './journeys/api-direct-customer.js';
import { browserDirectCustomerJourney } from './journeys/browser-direct-customer.js';
import { JourneyFailed, JourneyRun } from './run.js';
import { stackIsUp, startStack, type Stack } from './stack.js';
import { prepareVendor } from './vendor.js';

const { values } = parseArgs({
  options: {
    api: { type: 'boolean', default: false },
    'no-reset': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('npm run journey [-- --api] [-- --no-reset]');
  process.exit(0);
}

const log = (line: string) => console.log(line);
const config = loadConfig();
let stack: Stack | undefined;
let exitCode = 0;
try {
  if (await stackIsUp(config)) {
    log(`Using the test-bed running at ${config.urls.console}.`);
    if (!values['no-reset']) {
      log('Resetting it to the seeded world and running the setups …');
      await resetTestbed(config);
    }
  } else {
    log('Starting the test-bed …');
    stack = await startStack({ showLogs: false, log: (l) => log(`  ${l}`) });
  }
  const run = new JourneyRun(values.api ? 'Direct-customer journey (API)' : 'Direct-customer journey (browser)', log);
  log(`\n${run.title}`);
  try {
    if (values.api) {
      await apiDirectCustomerJourney(config, await prepareVendor(config), run);
    } else {
      const browser = await launchBrowser();
      try {
        await browserDirectCustomerJourney(config, browser, run);
      } finally {
        await browser.close();
      }
    }
  } catch (err) {
    if (!(err instanceof JourneyFailed)) throw err;
  }
  log(`\n${run.summary()}`);
  exitCode = run.ok ? 0 : 1;
} catch (err) {
  console.error(`\nThe journey could not run: ${(err as Error).message}`);
  exitCode = 2;
} finally {
  await stack?.stop();
}
process.exit(exitCode);
