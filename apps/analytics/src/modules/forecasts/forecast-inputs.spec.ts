import { describe, expect, it } from '@jest/globals';
import type { StockFlowData } from '@rcc/forecast';
import { regionSnapshots, regionTransitions } from './forecast-inputs.js';

describe('regional series', () => {
  it('sums month-end totals over the last run of months every council has', () => {
    const region = regionSnapshots(
      new Map([
        ['E10000028', { start: '2023-10', values: [10, 11, 12, 13, 14] }],
        ['E06000021', { start: '2023-12', values: [5, 6, 7, 8] }],
      ]),
    );
    expect(region).toEqual({ start: '2023-12', values: [17, 19, 21] });
  });

  it('sums transition cells over months common to every council', () => {
    const states = ['out', 'fostering/5-9'];
    const a: StockFlowData = {
      states,
      months: [
        { month: '2024-01', cells: [{ from: 'fostering/5-9', to: 'fostering/5-9', count: 3 }] },
        { month: '2024-02', cells: [{ from: 'out', to: 'fostering/5-9', count: 1 }] },
      ],
    };
    const b: StockFlowData = {
      states,
      months: [{ month: '2024-02', cells: [{ from: 'out', to: 'fostering/5-9', count: 2 }] }],
    };
    expect(
      regionTransitions(
        new Map([
          ['x', a],
          ['y', b],
        ]),
      ),
    ).toEqual({ states, months: [{ month: '2024-02', cells: [{ from: 'out', to: 'fostering/5-9', count: 3 }] }] });
    expect(regionTransitions(new Map())).toBeUndefined();
  });
});
