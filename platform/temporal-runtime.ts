/**
 * Routes the Temporal runtime's own logs (SDK and Rust core) into our pino logger. Install once per process,
 * before any Worker or NativeConnection is created.
 */
import { Runtime, type LogLevel, type LogMetadata } from '@temporalio/worker';
import type { Logger } from 'pino';

const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

let installed = false;

export function installTemporalRuntime(logger: Logger, coreLevel: LogLevel = 'WARN'): void {
  if (installed) return;
  installed = true;
  const temporalLog = logger.child({ component: 'temporal' });
  const log = (level: LogLevel, message: string, meta?: LogMetadata): void => {
    temporalLog[levels[level]](meta ?? {}, message);
  };
  Runtime.install({
    logger: {
      log,
      trace: (m, meta) => log('TRACE', m, meta),
      debug: (m, meta) => log('DEBUG', m, meta),
      info: (m, meta) => log('INFO', m, meta),
      warn: (m, meta) => log('WARN', m, meta),
      error: (m, meta) => log('ERROR', m, meta),
    },
    telemetryOptions: { logging: { filter: { core: coreLevel, other: 'ERROR' }, forward: {} } },
  });
}
