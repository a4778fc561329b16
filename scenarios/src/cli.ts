// `npm run journey [name]`: a journey by itself, against the running test-bed (or one it starts).
// `direct-customer` (the default) includes Pia's clicks in Chromium, or goes over the public APIs
// with `--api`; `accounting-firm` and `change-request` go over the APIs. `--no-reset` keeps the
// test-bed's state instead of starting from the seeded world.
import { parseArgs } from 'node:util';
import { launchBrowser } from '@testbed/common/browser';
import { loadConfig } from '@testbed/common/config';
import { resetTestbed } from '@testbed/common/testbed-control';
import { apiAccountingFirmJourney } from './journeys/api-accounting-firm.js';
import { apiChangeRequestJourney } from './journeys/api-change-request.js';
import { apiDirectCustomerJourney } from './journeys/api-direct-customer.js';
import { browserDirectCustomerJourney } from './journeys/browser-direct-customer.js';
import { JourneyFailed, JourneyRun } from './run.js';
import { stackIsUp, startStack, type Stack } from './stack.js';
import { prepareVendor } from './vendor.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    api: { type: 'boolean', default: false },
    'no-reset': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const JOURNEYS = ['direct-customer', 'accounting-firm', 'change-request'];
const name = positionals[0] ?? 'direct-customer';
if (values.help || !JOURNEYS.includes(name) || positionals.length > 1) {
  console.log(`npm run journey -- [${JOURNEYS.join('|')}] [--api] [--no-reset]`);
  process.exit(values.help ? 0 : 2);
}
const inBrowser = name === 'direct-customer' && !values.api;

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
  const run = new JourneyRun(`The ${name} journey (${inBrowser ? 'browser' : 'API'})`, log);
  log(`\n${run.title}`);
  try {
    if (!inBrowser) {
      const vendor = await prepareVendor(config);
      const journey = { 'direct-customer': apiDirectCustomerJourney, 'accounting-firm': apiAccountingFirmJourney, 'change-request': apiChangeRequestJourney }[name]!;
      await journey(config, vendor, run);
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
