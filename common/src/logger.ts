import { pino, type Logger } from 'pino';

export type { Logger };

export const createLogger = (service: string, level: string): Logger => pino({ name: service, level });
