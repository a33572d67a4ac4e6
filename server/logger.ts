import pino from 'pino';

/**
 * One JSON line per event on stdout. Each process names itself (`service`: next, worker, dev);
 * parts of a process add `component`, request handlers add `requestId` through `logger.child`.
 */
export function createLogger(service: string, opts: { stderr?: boolean } = {}) {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination(opts.stderr ? 2 : 1),
  );
}

export const logger = createLogger(process.env.CAUCE_SERVICE ?? 'cauce');

export type Logger = pino.Logger;
