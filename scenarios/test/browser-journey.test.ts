import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '@testbed/common/browser';
import type { Testbed } from '@testbed/common/service';
import { startInProcess } from '../src/in-process.js';
import { browserDirectCustomerJourney } from '../src/journeys/browser-direct-customer.js';
import { JourneyRun } from '../src/run.js';

describe('the direct-customer journey as Pia lives it, in Chromium', () => {
  let tb: Testbed;
  let browser: Browser;
  beforeAll(async () => {
    [tb, browser] = await Promise.all([startInProcess(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  it('signs up, logs in, approves, shows the claims, withdraws, and the console follows every step', async () => {
    const lines: string[] = [];
    const run = new JourneyRun('browser journey', (l) => lines.push(l));
    await browserDirectCustomerJourney(tb.config, browser, run).catch(() => undefined);
    expect(run.results.filter((r) => !r.ok), lines.join('\n')).toEqual([]);
    const status = await (await fetch(`${tb.urls.console}/api/status`)).json();
    expect(Object.fromEntries(status.steps.map((s: { id: string; state: string }) => [s.id, s.state]))).toEqual({
      'skatteetaten-scope': 'done',
      'skatteetaten-resource': 'done',
      'smartcloud-client': 'done',
      'smartcloud-system': 'done',
      'pia-request': 'done',
      'pia-approves': 'done',
      'operation': 'done',
      'withdrawal': 'done',
      'refused': 'done',
    });
  });
});
