import { runService } from '@testbed/common/service';
import { createAltinn } from './service.js';

await runService(createAltinn, 'altinn');
