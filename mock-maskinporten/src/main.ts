import { runService } from '@testbed/common/service';
import { createMaskinporten } from './service.js';

await runService(createMaskinporten, 'maskinporten');
