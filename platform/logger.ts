/**
 * pino everywhere: JSON by default, readable in a terminal. Personal fields (privacy/redaction.ts) are redacted
 * wherever they appear, up to four levels deep.
 */
import pino, { type Logger } from 'pino';
import { REDACTED, REDACTED_PATHS } from '../privacy/redaction';

export interface LoggerOptions {
  level?: string;
  format?: 'json' | 'pretty' | 'auto';
  name?: string;
  destination?: pino.DestinationStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const pretty = opts.format === 'pretty' || (opts.format !== 'json' && process.stdout.isTTY === true);
  const base: pino.LoggerOptions = {
    level: opts.level ?? 'info',
    // not pino's `name`: a top-level `name` key is personal data and redacted
    base: { svc: opts.name ?? 'dolbom' },
    redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
  };
  if (opts.destination) return pino(base, opts.destination);
  if (pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } });
  }
  return pino(base);
}
