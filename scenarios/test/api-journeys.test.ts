import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import { ORG } from '@testbed/common/world';
import { startInProcess } from '../src/in-process.js';
import { apiAccountingFirmJourney } from '../src/journeys/api-accounting-firm.js';
import { apiChangeRequestJourney } from '../src/journeys/api-change-request.js';
import { apiDirectCustomerJourney } from '../src/journeys/api-direct-customer.js';
import { JourneyRun } from '../src/run.js';
import { prepareVendor, type Vendor } from '../src/vendor.js';

describe('journeys over the public APIs', () => {
  let tb: Testbed;
  let vendor: Vendor;
  beforeAll(async () => {
    tb = await startInProcess();
    vendor = await prepareVendor(tb.config);
  });
  afterAll(() => tb?.close());

  /** Runs a journey and fails with its progress lines when a step failed. */
  const journey = async (title: string, steps: (run: JourneyRun) => Promise<void>) => {
    const lines: string[] = [];
    const run = new JourneyRun(title, (l) => lines.push(l));
    await steps(run).catch(() => undefined);
    expect(run.results.filter((r) => !r.ok), lines.join('\n')).toEqual([]);
    expect(lines.filter((l) => l.includes('✔'))).toHaveLength(run.results.length);
    return run;
  };

  describe('direct customer', () => {
    it('runs end to end: request, approval, token, claims, withdrawal, MP-303', async () => {
      const run = await journey('direct customer', (r) => apiDirectCustomerJourney(tb.config, vendor, r));
      expect(run.results.map((r) => r.name)).toContain('The next token request fails with MP-303');
    });

    it('can be run again for the same customer after the withdrawal', async () => {
      await journey('again', (r) => apiDirectCustomerJourney(tb.config, vendor, r, ORG.rorOgVann));
    });

    it('stops at the first failing step and names it', async () => {
      const run = new JourneyRun('no customer');
      await expect(apiDirectCustomerJourney(tb.config, vendor, run, ORG.utenRegnskapsforer)).rejects.toThrow(/approves|asks/);
      expect(run.ok).toBe(false);
      expect(run.summary()).toMatch(/FAILED/);
    });
  });

  describe('accounting firm', () => {
    it('Tallmakerne gets an agent system user, adds a client, and reads the client’s claims', async () => {
      const run = await journey('accounting firm', (r) => apiAccountingFirmJourney(tb.config, vendor, r));
      expect(run.results).toHaveLength(9);
    });

    it('is repeatable: the agent system user was cleaned up', async () => {
      await journey('accounting firm again', (r) => apiAccountingFirmJourney(tb.config, vendor, r));
    });
  });

  describe('change requests', () => {
    it('changes a standard system user’s rights through change requests Pia approves', async () => {
      const run = await journey('change request', (r) => apiChangeRequestJourney(tb.config, vendor, r));
      expect(run.results.map((r) => r.name)).toContain('Skatteetaten still answers: the PDP permits through the package now');
    });
  });
});
