import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger. Secrets never reach it: the redact list drops the
 * fields that could carry keys or tokens even if a caller passes them by
 * mistake.
 */
export function createLogger(options: { level?: string; destination?: number } = {}): Logger {
  return pino(
    {
      name: 'twinward',
      level: options.level ?? process.env.TWINWARD_LOG_LEVEL ?? 'info',
      redact: {
        paths: ['privateKey', '*.privateKey', 'token', '*.token', 'password', '*.password', 'authorization', '*.authorization'],
        censor: '[redacted]',
      },
    },
    pino.destination(options.destination ?? 2),
  );
}

/** A logger that drops everything; the default for library use and tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
