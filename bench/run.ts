// `npm run bench [area ...]`: each area's benchmark in turn (all when none is named). An area is a
// function that starts what it measures, prints its report and stops what it started.
import { run as benchMaskinporten } from './maskinporten.js';
import { benchPdp } from './pdp.js';
import { benchTestbed } from './testbed.js';

const AREAS: Record<string, () => Promise<unknown>> = {
  maskinporten: benchMaskinporten,
  pdp: () => benchPdp(),
  testbed: benchTestbed,
};

const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(a in AREAS));
if (unknown.length) {
  console.error(`Unknown bench area ${unknown.join(', ')}; known: ${Object.keys(AREAS).join(', ')}`);
  process.exit(2);
}
for (const name of asked.length ? asked : Object.keys(AREAS)) {
  console.log(`\n## ${name}\n`);
  await AREAS[name]!();
}
