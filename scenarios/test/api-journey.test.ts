import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import { ORG } from '@testbed/common/world';
import { startInProcess } from '../src/in-process.js';
import { apiDirectCustomerJourney } from '../src/journeys/api-direct-customer.js';
import { JourneyRun } from '../src/run.js';
import { prepareVendor, type Vendor } from '../src/vendor.js';

describe('the direct-customer journey over the public APIs', () => {
  let tb: Testbed;
  let vendor: Vendor;
  beforeAll(async () => {
    tb = await startInProcess();
    vendor = await prepareVendor(tb.config);
  });
  afterAll(() => tb?.close());

  it('runs end to end: request, approval, token, claims, withdrawal, MP-303', async () => {
    const lines: string[] = [];
    const run = new JourneyRun('API journey', (l) => lines.push(l));
    await apiDirectCustomerJourney(tb.config, vendor, run);
    expect(run.ok).toBe(true);
    expect(run.results.map((r) => r.name)).toContain('The next token request fails with MP-303');
    expect(lines.filter((l) => l.includes('✔'))).toHaveLength(run.results.length);
  });

  it('can be run again for the same customer after the withdrawal', async () => {
    const run = new JourneyRun('again');
    await apiDirectCustomerJourney(tb.config, vendor, run, ORG.rorOgVann);
    expect(run.ok).toBe(true);
  });

  it('stops at the first failing step and names it', async () => {
    const run = new JourneyRun('no customer');
    await expect(apiDirectCustomerJourney(tb.config, vendor, run, ORG.utenRegnskapsforer)).rejects.toThrow(/approves|asks/);
    expect(run.ok).toBe(false);
    expect(run.summary()).toMatch(/FAILED/);
  });
});
