import { createRequire } from 'node:module';
import { logLevel, type LogEntry, type logCreator } from 'kafkajs';

/** Where kafkajs's log lines go: a service passes its own logger (JSON lines); without one, JSON on stderr. */
export type KafkaLogSink = (level: 'error' | 'warn' | 'info' | 'debug', message: string, fields: object) => void;

// kafkajs's own table of broker error codes, which says which of them it retries (the package exports no such list).
const { errorCodes } = createRequire(import.meta.url)('kafkajs/src/protocol/error.js') as {
  errorCodes: { message: string; retriable: boolean }[];
};
const RETRIED = errorCodes.filter((e) => e.retriable).map((e) => e.message);

const stderrSink: KafkaLogSink = (level, message, fields) =>
  process.stderr.write(`${JSON.stringify({ level, logger: 'kafkajs', message, ...fields })}\n`);

/**
 * kafkajs logs every error response of the broker at ERROR, also the ones it retries by design: a topic made a moment
 * ago has no leader yet, a new consumer group's coordinator is still loading, a group is rebalancing. Those are
 * written at WARN (kafkajs retries them, or restarts the consumer, and nothing is lost); what it does not retry stays
 * an ERROR, so an error line in a service's log is one an operator must read.
 */
export function kafkaLogCreator(sink: KafkaLogSink = stderrSink): logCreator {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      const text = `${message} ${typeof fields['error'] === 'string' ? fields['error'] : ''}`;
      const retried = level === logLevel.ERROR && RETRIED.some((m) => text.includes(m));
      const name =
        level === logLevel.ERROR && !retried
          ? 'error'
          : level <= logLevel.WARN
            ? 'warn'
            : level === logLevel.INFO
              ? 'info'
              : 'debug';
      sink(name, retried ? `${message} (retried by kafkajs)` : message, fields);
    };
}
