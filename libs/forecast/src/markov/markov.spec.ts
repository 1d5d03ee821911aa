import { describe, expect, it } from '@jest/globals';
import { ForecastError } from '../errors.js';
import { forecastStockFlow, fitStockFlow, OUT, stockFlowModel, stockSeries, type StockFlowData } from './index.js';
import { syntheticRegion } from '../synthetic.js';
import { pooledCoverage95 } from '../test/coverage.js';

const categories = ['fostering', 'residential', 'supported'];
const ageBands = ['under-1', '1-4', '5-9', '10-15', '16-plus'];

const rowMean = (post: ReturnType<typeof fitStockFlow>, from: number, to: number) => {
  const r = post.rows[from]!;
  const total = r.alpha.reduce((a, b) => a + b, 0);
  const j = r.to.indexOf(to);
  return j < 0 ? 0 : r.alpha[j]! / total;
};

describe('Markov stock-and-flow', () => {
  it('recovers known entry and exit rates within tolerance', () => {
    const [council] = syntheticRegion({ councils: 1, months: 120, seed: 7, categories, ageBands });
    const post = fitStockFlow(council!.data);
    // Entries: seasonal swing averages out over whole years.
    expect(post.entryShape / post.entryRate).toBeGreaterThan(council!.truth.entriesPerMonth * 0.9);
    expect(post.entryShape / post.entryRate).toBeLessThan(council!.truth.entriesPerMonth * 1.1);
    const fostering10 = council!.data.states.indexOf('fostering/10-15');
    const truth = council!.truth.exitProbability[fostering10]!;
    expect(Math.abs(rowMean(post, fostering10, 0) - truth)).toBeLessThan(truth * 0.35);
    // The peak month of the synthetic season is recovered as above average.
    expect(post.entrySeason[5]!).toBeGreaterThan(1.1);
    expect(post.entrySeason[11]!).toBeLessThan(0.9);
  });

  it('pools: each row is shrunk between the council and the region; an unseen state takes the region row', () => {
    const region = syntheticRegion({ councils: 8, months: 36, seed: 3, categories, ageBands });
    const others = region.slice(1).map((c) => c.data);
    const own = region[0]!.data;
    const small: StockFlowData = {
      states: own.states,
      months: own.months.slice(-6).map((m) => ({ ...m, cells: m.cells.filter((c) => c.from !== 'residential/1-4') })),
    };
    const pooled = fitStockFlow(small, others);
    expect(pooled.poolingStrength!.length).toBe(small.states.length);
    const regional = fitStockFlow({ states: own.states, months: [] }, others);
    const unseen = small.states.indexOf('residential/1-4');
    for (const t of pooled.rows[unseen]!.to)
      expect(rowMean(pooled, unseen, t)).toBeCloseTo(rowMean(regional, unseen, t), 10);
    // A row the council did see: the pooled exit probability lies between its own rate and the region's.
    const s = small.states.indexOf('fostering/10-15');
    let stay = 0;
    let exits = 0;
    for (const m of small.months)
      for (const c of m.cells)
        if (c.from === small.states[s]) {
          if (c.to === OUT) exits += c.count;
          else stay += c.count;
        }
    const ownRate = exits / (stay + exits);
    const regionRate = rowMean(regional, s, 0);
    const pooledRate = rowMean(pooled, s, 0);
    expect(pooledRate).toBeGreaterThanOrEqual(Math.min(ownRate, regionRate) - 1e-12);
    expect(pooledRate).toBeLessThanOrEqual(Math.max(ownRate, regionRate) + 1e-12);
  });

  it('back-tests on the total with 95% coverage near nominal (model matches the simulation)', () => {
    const region = syntheticRegion({ councils: 2, months: 42, seed: 21, categories, ageBands });
    const options = { horizon: 6, start: 3, seed: 1, sims: 200, nonNegative: true, firstOrigin: 26 };
    const coverage = pooledCoverage95(
      region.map((c) => ({ y: stockSeries(c.data), model: stockFlowModel(c.data), options })),
    );
    expect(coverage).toBeGreaterThan(0.85);
    expect(coverage).toBeLessThanOrEqual(1);
  });

  it('scenarios move the forecast the right way', () => {
    const [c] = syntheticRegion({ councils: 1, months: 36, seed: 9, categories, ageBands });
    const base = forecastStockFlow(c!.data, { horizon: 12, seed: 1, sims: 300 });
    const doubled = forecastStockFlow(c!.data, {
      horizon: 12,
      seed: 1,
      sims: 300,
      scenario: { name: 'arrivals of 16-17s double', entries: [{ states: ['*/16-plus'], scale: 2 }] },
    });
    const noExits = forecastStockFlow(c!.data, {
      horizon: 12,
      seed: 1,
      sims: 300,
      scenario: { exits: [{ scale: 0 }] },
    });
    expect(doubled.total[11]!.point).toBeGreaterThan(base.total[11]!.point);
    expect(noExits.total[11]!.point).toBeGreaterThan(doubled.total[11]!.point);
    for (let h = 1; h < 12; h++)
      expect(noExits.total[h]!.lower95).toBeGreaterThanOrEqual(noExits.total[h - 1]!.lower95 - 1e-9);
    expect(() =>
      forecastStockFlow(c!.data, {
        horizon: 12,
        seed: 1,
        scenario: { entries: [{ states: ['nowhere/*'], scale: 2 }] },
      }),
    ).toThrow(ForecastError);
  });

  it('costs a stock that never moves exactly: stock x weekly price x days / 7, in whole pence', () => {
    const data: StockFlowData = {
      states: [OUT, 'fostering/5-9', 'residential/10-15'],
      months: ['2024-01', '2024-02', '2024-03'].map((month) => ({
        month,
        cells: [
          { from: 'fostering/5-9', to: 'fostering/5-9', count: 10 },
          { from: 'residential/10-15', to: 'residential/10-15', count: 2 },
        ],
      })),
    };
    const f = forecastStockFlow(data, {
      horizon: 2,
      seed: 1,
      sims: 200,
      prices: { fostering: 45_000, residential: 550_001 },
    });
    expect(f.months).toEqual(['2024-04', '2024-05']);
    // With no moves or entries ever seen, the posterior still allows some (half a pseudo-count): the median is exact.
    const april = Math.round(((10 * 45_000 + 2 * 550_001) * 30) / 7);
    expect(f.total[0]!.point).toBeLessThanOrEqual(12.5);
    expect(f.cost![0]!.lower80).toBeLessThanOrEqual(april);
    expect(f.cost![0]!.upper80).toBeGreaterThanOrEqual(april);
    expect(Number.isInteger(f.cost![0]!.point)).toBe(true);
    expect(() => forecastStockFlow(data, { horizon: 2, seed: 1, prices: { fostering: 12.5 } })).toThrow(ForecastError);
  });

  it('refuses months that are not consecutive', () => {
    expect(() =>
      fitStockFlow({
        states: [OUT, 'a/b'],
        months: [
          { month: '2024-01', cells: [] },
          { month: '2024-03', cells: [] },
        ],
      }),
    ).toThrow('consecutive');
  });
});
