import { runService } from '@testbed/common/service';
import { createSmartRegnskap } from './service.js';

await runService(createSmartRegnskap, 'smartregnskap');
