import { runService } from '@testbed/common/service';
import { createSkatteetaten } from './service.js';

await runService(createSkatteetaten, 'skatteetaten');
