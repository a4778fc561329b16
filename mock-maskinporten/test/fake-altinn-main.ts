// The fake Altinn as its own process (for the bench): `node --import tsx mock-maskinporten/test/fake-altinn-main.ts`.
import { runService } from '@testbed/common/service';
import { createFakeAltinn } from './fake-altinn.js';

await runService(createFakeAltinn, 'altinn');
