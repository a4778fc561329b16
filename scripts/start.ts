// `npm start`: every service of the test-bed, the setups of Skatteetaten and SmartCloud, then
// where to go. Ctrl-C stops everything.
import { startStack } from '@testbed/scenarios/stack';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`The test-bed needs Node.js 20.19 or newer (this is ${process.versions.node}).`);
  process.exit(1);
}

const stack = await startStack({ showLogs: true, log: (line) => console.log(`[start] ${line}`) }).catch((err: Error) => {
  console.error(`\n[start] ${err.message}`);
  process.exit(1);
});
const { urls } = stack.config;
console.log(`
  Systembruker test-bed is running.

  Console (start here) ........ ${urls.console}
  SmartRegnskap (Pia's app) ... ${urls.smartregnskap}
  Altinn ...................... ${urls.altinn}
  Maskinporten / ID-porten .... ${urls.maskinporten}  (${urls.maskinporten}/idporten)
  Krav og betalinger API ...... ${urls.skatteetaten}

  Ctrl-C stops every service. State is kept in ${stack.config.dataDir}.
`);
const stop = async () => {
  await stack.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
