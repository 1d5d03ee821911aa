import { describe, expect, it } from '@jest/globals';
import { VersionCache } from './version-cache.js';

describe('VersionCache', () => {
  const v = (version: number) => ({ version, figures: [version] });

  it('keeps a version and builds what is derived from it once', () => {
    const cache = new VersionCache<ReturnType<typeof v>>(4);
    const stored = cache.set(1, v(1));
    expect(cache.get(1)).toBe(stored);
    let builds = 0;
    const build = (x: ReturnType<typeof v>) => {
      builds += 1;
      return `csv of ${x.version}`;
    };
    expect(cache.derived(stored, 'csv', build)).toBe('csv of 1');
    expect(cache.derived(stored, 'csv', build)).toBe('csv of 1');
    expect(builds).toBe(1);
    // Setting a version again keeps the first (a version never changes).
    expect(cache.set(1, v(1))).toBe(stored);
  });

  it('drops the least recently used version beyond its capacity, and never keeps what it does not hold', () => {
    const cache = new VersionCache<ReturnType<typeof v>>(2);
    cache.set(1, v(1));
    cache.set(2, v(2));
    cache.get(1); // 2 is now the least recently used
    cache.set(3, v(3));
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(1)?.version).toBe(1);
    expect(cache.size).toBe(2);
    let builds = 0;
    const loose = v(2);
    cache.derived(loose, 'json', () => (builds += 1));
    cache.derived(loose, 'json', () => (builds += 1));
    expect(builds).toBe(2);
    expect(() => new VersionCache(0)).toThrow('positive integer');
  });
});
