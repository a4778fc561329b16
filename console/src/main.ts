import { runService } from '@testbed/common/service';
import { createConsole } from './service.js';

await runService(createConsole, 'console');
