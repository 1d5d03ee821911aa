import { describe, expect, it } from '@jest/globals';
import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from './kafka-log.js';

describe('kafkajs log lines', () => {
  const written: [string, string, object][] = [];
  const log = kafkaLogCreator((level, message, fields) => written.push([level, message, fields]))(logLevel.WARN);
  const entry = (level: logLevel, message: string, extra: object = {}) =>
    log({ namespace: 'Connection', level, label: logLevel[level], log: { timestamp: 't', logger: 'kafkajs', message, ...extra } }); // prettier-ignore

  it('writes a broker error kafkajs retries (no leader yet, coordinator loading) at warn, saying so', () => {
    written.length = 0;
    entry(logLevel.ERROR, '[Connection] Response ListOffsets(key: 2, version: 3)', {
      error: 'This server is not the leader for that topic-partition',
      correlationId: 8,
    });
    entry(logLevel.ERROR, "[Consumer] Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group"); // prettier-ignore
    expect(written.map(([level, message]) => [level, message.endsWith('(retried by kafkajs)')])).toEqual([
      ['warn', true],
      ['warn', true],
    ]);
    expect(written[0]![2]).toEqual({
      error: 'This server is not the leader for that topic-partition',
      correlationId: 8,
    });
  });

  it('keeps an error kafkajs does not retry at error, and warnings at warn', () => {
    written.length = 0;
    entry(logLevel.ERROR, '[Connection] Response Produce(key: 0, version: 7)', {
      error: 'Not authorized to access topics: [Topic authorization failed.]',
    });
    entry(logLevel.WARN, '[Producer] something to look at');
    expect(written.map(([level, message]) => [level, message])).toEqual([
      ['error', '[Connection] Response Produce(key: 0, version: 7)'],
      ['warn', '[Producer] something to look at'],
    ]);
  });
});
