import { describe, expect, it } from '@jest/globals';
import { ContractViolationError, createEnvelope, parseEnvelope } from './envelope.js';
import { NeedSnapshotV1Event, type NeedSnapshotV1 } from './events/need-snapshot/need-snapshot.v1.js';

const payload: NeedSnapshotV1 = {
  councilCode: 'E10000028',
  asAt: '2021-03-31',
  total: 7,
  cells: [
    { category: 'fostering', ageBand: '5-9', count: 4 },
    { category: 'residential', ageBand: '10-15', count: 3 },
  ],
};

describe('event envelope', () => {
  it('round-trips a valid need snapshot', () => {
    const envelope = createEnvelope(NeedSnapshotV1Event, {
      producer: 'council:E10000028',
      tenant: 'E10000028',
      key: 'E10000028',
      payload,
    });
    const parsed = parseEnvelope(JSON.stringify(envelope));
    expect(parsed).toEqual(envelope);
    expect(parsed.type).toBe('council.need-snapshot');
    expect(parsed.version).toBe(1);
  });

  it('refuses a payload carrying an extra field (nothing extra may leak)', () => {
    const leaky = { ...payload, childId: '62551' };
    expect(() =>
      createEnvelope(NeedSnapshotV1Event, { producer: 'p', tenant: null, key: 'k', payload: leaky }),
    ).toThrow(/childId/);
  });

  it('refuses cells that do not add up to the total, duplicates and unknown categories', () => {
    const bad = {
      ...payload,
      total: 9,
      cells: [...payload.cells, { category: 'fostering', ageBand: '5-9', count: 0 }],
    };
    expect(() =>
      createEnvelope(NeedSnapshotV1Event, { producer: 'p', tenant: null, key: 'k', payload: bad as never }),
    ).toThrow(/appears twice.*not the sum/);
    const unknown = { ...payload, cells: [{ category: 'castle', ageBand: '5-9', count: 7 }] };
    expect(() =>
      createEnvelope(NeedSnapshotV1Event, { producer: 'p', tenant: null, key: 'k', payload: unknown as never }),
    ).toThrow(ContractViolationError);
  });

  it('names every broken envelope field', () => {
    expect(() => parseEnvelope('{"id":"x","version":0,"payload":{}}')).toThrow(
      /id must be a UUID; type must be .*; version must be .*; occurredAt/,
    );
    expect(() => parseEnvelope('not json')).toThrow(/not JSON/);
  });
});
