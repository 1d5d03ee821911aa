import { html, type SafeHtml } from '../platform/html.js';
import { axisLabels, chartFrame, gridLines, type ChartBox } from './svg.js';

export interface FanBand {
  month: string;
  point: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

const BOX: ChartBox = { width: 680, height: 320, left: 56, right: 20, top: 20, bottom: 80 };
const { height: HEIGHT, left: LEFT, top: TOP } = BOX;

/** Month labels going back from the first forecast month: YYYY-MM minus n months. */
export function monthsBefore(first: string, n: number): string[] {
  const [y, m] = first.split('-').map(Number) as [number, number];
  const start = y * 12 + (m - 1) - n;
  return Array.from({ length: n }, (_, i) => {
    const t = start + i;
    return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
  });
}

/** The two bands, widest first so the narrower one is drawn over it. */
const BANDS: { level: 80 | 95; lower: (f: FanBand) => number; upper: (f: FanBand) => number }[] = [
  { level: 95, lower: (f) => f.lower95, upper: (f) => f.upper95 },
  { level: 80, lower: (f) => f.lower80, upper: (f) => f.upper80 },
];

function niceScale(lo: number, hi: number): { min: number; max: number; ticks: number[] } {
  const span = Math.max(1, hi - lo);
  const raw = span / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((s) => s * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const min = Math.max(0, Math.floor(lo / step) * step);
  const max = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = min; t <= max + step / 2; t += step) ticks.push(Math.round(t * 100) / 100);
  return { min, max: Math.max(max, min + step), ticks };
}

/**
 * A fan chart as SVG: the observed history (solid line, round markers), then the median forecast (dashed line,
 * square markers) inside its 80% band (darker) and 95% band (lighter). The bands are named in the legend with their
 * own patterns (the 95% band hatched), so nothing is told by colour alone; the page gives the same figures in a table.
 */
export function fanChart(o: {
  id: string;
  title: string;
  description: string;
  /** The observed values, the last one being the month before the first forecast month. */
  history: { month: string; value: number }[];
  forecast: FanBand[];
}): SafeHtml {
  const all = [...o.history.map((h) => h.value), ...o.forecast.flatMap((f) => [f.lower95, f.upper95])];
  const { min, max, ticks } = niceScale(Math.min(...all), Math.max(...all));
  const labels = [...o.history.map((h) => h.month), ...o.forecast.map((f) => f.month)];
  const plotW = BOX.width - LEFT - BOX.right;
  const plotH = HEIGHT - TOP - BOX.bottom;
  const n = Math.max(1, labels.length - 1);
  const x = (i: number) => Math.round((LEFT + (plotW * i) / n) * 10) / 10;
  const y = (v: number) => Math.round((TOP + plotH - (plotH * (v - min)) / (max - min)) * 10) / 10;
  const h0 = o.history.length;
  // The fan starts from the last observed month, so the bands join the history.
  const anchor = o.history.length ? [{ i: h0 - 1, v: o.history[h0 - 1]!.value }] : [];
  const band = (lo: (f: FanBand) => number, hi: (f: FanBand) => number) => {
    const upper = [
      ...anchor.map((a) => `${x(a.i)},${y(a.v)}`),
      ...o.forecast.map((f, k) => `${x(h0 + k)},${y(hi(f))}`),
    ];
    const lower = [
      ...o.forecast.map((f, k) => `${x(h0 + k)},${y(lo(f))}`).reverse(),
      ...anchor.map((a) => `${x(a.i)},${y(a.v)}`),
    ];
    return [...upper, ...lower].join(' ');
  };
  const median = [
    ...anchor.map((a) => `${x(a.i)},${y(a.v)}`),
    ...o.forecast.map((f, k) => `${x(h0 + k)},${y(f.point)}`),
  ];
  const ly = HEIGHT - 22;
  return chartFrame(
    { ...o, ...BOX },
    html`<defs>
        <pattern id="${o.id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#d2e2f1" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#5694ca" stroke-width="2" />
        </pattern>
      </defs>
      ${gridLines(BOX, ticks, y)} ${axisLabels(BOX, labels, x, { most: 8, fontSize: 12, endLast: true })}
      ${
        o.forecast.length
          ? html`${BANDS.map(
                (b) =>
                  html`<polygon
                    class="app-fan-${b.level}"
                    points="${band(b.lower, b.upper)}"
                    fill="${b.level === 95 ? `url(#${o.id}-hatch)` : '#8eb8dc'}"
                  />`,
              )}
              <line
                x1="${x(h0 - 0.5)}"
                x2="${x(h0 - 0.5)}"
                y1="${TOP}"
                y2="${TOP + plotH}"
                stroke="#0b0c0c"
                stroke-dasharray="2 3"
              />`
          : ''
      }
      <polyline
        class="app-fan-history"
        points="${o.history.map((h, i) => `${x(i)},${y(h.value)}`).join(' ')}"
        fill="none"
        stroke="#0b0c0c"
        stroke-width="2"
      />
      ${
        o.forecast.length
          ? html`<polyline
                class="app-fan-median"
                points="${median.join(' ')}"
                fill="none"
                stroke="#003078"
                stroke-width="3"
                stroke-dasharray="6 4"
              />${o.forecast.map(
                (f, k) =>
                  html`<rect x="${x(h0 + k) - 3.5}" y="${y(f.point) - 3.5}" width="7" height="7" fill="#003078" />`,
              )}`
          : ''
      }
      <g>
        <line x1="${LEFT}" x2="${LEFT + 30}" y1="${ly}" y2="${ly}" stroke="#0b0c0c" stroke-width="2" />
        <text x="${LEFT + 36}" y="${ly + 5}" font-size="13">Observed</text>
        <line
          x1="${LEFT + 110}"
          x2="${LEFT + 140}"
          y1="${ly}"
          y2="${ly}"
          stroke="#003078"
          stroke-width="3"
          stroke-dasharray="6 4"
        />
        <rect x="${LEFT + 121.5}" y="${ly - 3.5}" width="7" height="7" fill="#003078" />
        <text x="${LEFT + 146}" y="${ly + 5}" font-size="13">Median forecast</text>
        <rect x="${LEFT + 270}" y="${ly - 8}" width="30" height="16" fill="#8eb8dc" />
        <text x="${LEFT + 306}" y="${ly + 5}" font-size="13">80% interval</text>
        <rect x="${LEFT + 410}" y="${ly - 8}" width="30" height="16" fill="url(#${o.id}-hatch)" />
        <text x="${LEFT + 446}" y="${ly + 5}" font-size="13">95% interval (hatched)</text>
      </g>`,
  );
}
