import { describe, expect, it } from '@jest/globals';
import { barChart } from './bar-chart.js';
import { fanChart, monthsBefore } from './fan-chart.js';
import { bandOf, heatTable } from './heat-table.js';
import { lineChart } from './line-chart.js';

describe('barChart', () => {
  it('draws bars in proportion, writes every number, and writes a marker instead of a bar', () => {
    const svg = barChart({
      id: 'c',
      title: 'Title <x>',
      description: 'Desc',
      bars: [
        { label: 'Fostering', value: 30, display: '30' },
        { label: 'Residential', value: 15, display: '15' },
        { label: 'Other', value: null, display: 'c' },
      ],
    }).value;
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="c-title c-desc"');
    expect(svg).toContain('<title id="c-title">Title &lt;x&gt;</title>');
    const widths = [...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBe(2 * widths[1]!);
    expect(svg).toMatch(/>\s*30\s*<\/text/);
    expect(svg).toMatch(/>\s*c \(not published\)\s*<\/text/);
  });
});

describe('lineChart', () => {
  it('gives each series its own dash and marker shape, and names the latest month', () => {
    const labels = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
    const svg = lineChart({
      id: 'f',
      title: 'Flows',
      description: 'd',
      labels,
      series: [
        { name: 'Entries', values: labels.map((_, i) => i), style: 'solid' },
        { name: 'Exits', values: labels.map(() => 3), style: 'dashed' },
      ],
    }).value;
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg.match(/<circle/g)!.length).toBe(13); // 12 points + legend
    expect(svg.match(/<rect/g)!.length).toBe(13);
    // Months in words on the axis, never YYYY-MM.
    expect(svg).toMatch(/>\s*Dec 2025\s*<\/text/);
    expect(svg).not.toMatch(/>\s*2025-\d\d\s*<\/text/);
    expect(svg).toMatch(/>\s*Entries\s*<\/text/);
  });
});

describe('fanChart', () => {
  it('draws history, a median and nested 80% and 95% bands, named in a legend', () => {
    const svg = fanChart({
      id: 'f',
      title: 'T',
      description: 'D',
      history: [
        { month: '2025-01', value: 100 },
        { month: '2025-02', value: 110 },
      ],
      forecast: [
        { month: '2025-03', point: 112, lower80: 105, upper80: 119, lower95: 100, upper95: 125 },
        { month: '2025-04', point: 114, lower80: 104, upper80: 124, lower95: 98, upper95: 131 },
      ],
    }).value;
    expect(svg).toContain('aria-labelledby="f-title f-desc"');
    expect(svg).toContain('class="app-fan-80"');
    const points = (cls: string) =>
      new RegExp(`class="${cls}"\\s+points="([^"]+)"`)
        .exec(svg)![1]!
        .split(' ')
        .map((p) => p.split(',').map(Number));
    const b95 = points('app-fan-95');
    const b80 = points('app-fan-80');
    // Anchor + 2 upper + 2 lower + anchor; the 95% band is wider (smaller y at the top, larger at the bottom).
    expect(b95).toHaveLength(6);
    expect(b95[2]![1]).toBeLessThan(b80[2]![1]!);
    expect(b95[3]![1]).toBeGreaterThan(b80[3]![1]!);
    expect(svg).toContain('95% interval (hatched)');
    expect(svg).toContain('Median forecast');
    expect(svg).toMatch(/text-anchor="end"\s+font-size="12"\s*>Apr 2025<\/text/);
  });

  it('counts months back across a year end', () => {
    expect(monthsBefore('2025-02', 3)).toEqual(['2024-11', '2024-12', '2025-01']);
  });
});

describe('heatTable', () => {
  const bands = [
    { label: 'None', from: 0, className: 'n' },
    { label: 'Few', from: 1, className: 'f' },
    { label: 'Many', from: 3, className: 'm' },
  ];
  it('writes the number and the band name in every cell, and a legend of ranges', () => {
    const columns = ['a', 'b'].map((key) => ({ key, label: key.toUpperCase() }));
    const out = heatTable({
      id: 'h',
      caption: 'C',
      rowHeader: 'Type',
      columns,
      rows: [{ key: 'x', label: 'X' }],
      value: (_r, c) => (c === 'a' ? 0 : 4),
      bands,
      unit: 'places',
    }).value;
    expect(out).toMatch(
      /class="govuk-table__cell app-heat n"\s+data-value="0"\s*>\s*<span class="app-heat__value">0<\/span> <span class="app-heat__band">None<\/span>/,
    );
    expect(out).toMatch(
      /app-heat m"\s+data-value="4"\s*>\s*<span class="app-heat__value">4<\/span> <span class="app-heat__band">Many/,
    );
    expect(out).toContain('<th scope="row" class="govuk-table__header">X</th>');
    expect(out).toMatch(/None<\/span> 0 places/);
    expect(out).toMatch(/Few<\/span> 1 to 2 places/);
    expect(out).toMatch(/Many<\/span> 3 or more places/);
    expect(bandOf(bands, 2).label).toBe('Few');
  });
});
