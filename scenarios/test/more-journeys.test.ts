import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import { startInProcess } from '../src/in-process.js';
import { apiAccountingFirmJourney } from '../src/journeys/api-accounting-firm.js';
import { apiChangeRequestJourney } from '../src/journeys/api-change-request.js';
import { JourneyRun } from '../src/run.js';
import { prepareVendor, type Vendor } from '../src/vendor.js';

describe('the accounting-firm and change-request journeys over the public APIs', () => {
  let tb: Testbed;
  let vendor: Vendor;
  beforeAll(async () => {
    tb = await startInProcess();
    vendor = await prepareVendor(tb.config);
  });
  afterAll(() => tb?.close());

  const run = async (title: string, journey: (run: JourneyRun) => Promise<void>) => {
    const lines: string[] = [];
    const r = new JourneyRun(title, (l) => lines.push(l));
    await journey(r).catch(() => undefined);
    expect(r.results.filter((x) => !x.ok), lines.join('\n')).toEqual([]);
    return r;
  };

  it('Tallmakerne gets an agent system user, adds a client, and reads the client’s claims', async () => {
    const r = await run('accounting firm', (j) => apiAccountingFirmJourney(tb.config, vendor, j));
    expect(r.results).toHaveLength(9);
  });

  it('is repeatable: the agent system user was cleaned up', async () => {
    await run('accounting firm again', (j) => apiAccountingFirmJourney(tb.config, vendor, j));
  });

  it('changes a standard system user’s rights through change requests Pia approves', async () => {
    const r = await run('change request', (j) => apiChangeRequestJourney(tb.config, vendor, j));
    expect(r.results.map((x) => x.name)).toContain('Skatteetaten still answers: the PDP permits through the package now');
  });
});
