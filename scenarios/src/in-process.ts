// The whole test-bed inside this process (free loopback ports, a temp data folder), set up as
// `npm start` does it. For scenario tests and benches that need no separate processes.
import { startTestbed, type Testbed, type TestbedOptions } from '@testbed/common/service';
import { createConsole } from '@testbed/console/service';
import { createSkatteetaten } from '@testbed/demo-skatteetaten-api/service';
import { createSmartRegnskap } from '@testbed/demo-smartregnskap/service';
import { createAltinn } from '@testbed/mock-altinn/service';
import { createMaskinporten } from '@testbed/mock-maskinporten/service';
import { runSetups } from '@testbed/common/testbed-control';

export async function startInProcess(options: TestbedOptions = {}): Promise<Testbed> {
  const tb = await startTestbed(
    { maskinporten: createMaskinporten, altinn: createAltinn, skatteetaten: createSkatteetaten, smartregnskap: createSmartRegnskap, console: createConsole },
    options,
  );
  await runSetups(tb.config);
  return tb;
}
