import { describe, expect, it } from '@jest/globals';
import { barChart } from './bar-chart.js';
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
    expect(svg).toMatch(/>\s*2025-12\s*<\/text/);
    expect(svg).toMatch(/>\s*Entries\s*<\/text/);
  });
});
