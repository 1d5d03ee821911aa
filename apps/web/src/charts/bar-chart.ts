import { html, type SafeHtml } from '../platform/html.js';
import { chartFrame } from './svg.js';

export interface Bar {
  label: string;
  /** The number drawn; null when a marker (c, z, k) stands in its place: no bar, the marker is written instead. */
  value: number | null;
  /** What is written beside the bar: the count or the marker. */
  display: string;
}

/** The chart's width, the room for labels on the left and for numbers on the right, a row's and a bar's height. */
const [WIDTH, LABEL_WIDTH, VALUE_WIDTH, ROW, BAR] = [640, 215, 135, 34, 22] as const;

/**
 * A horizontal bar chart as server-rendered SVG. Each bar carries its number as text, so nothing is told by colour
 * or length alone; the chart is an image with a title and description, and the page puts the same figures in a table.
 */
export function barChart(o: { id: string; title: string; description: string; bars: Bar[] }): SafeHtml {
  const max = Math.max(1, ...o.bars.map((b) => b.value ?? 0));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = o.bars.length * ROW + 10;
  return chartFrame(
    { ...o, width: WIDTH, height },
    html`<line x1="${LABEL_WIDTH}" y1="0" x2="${LABEL_WIDTH}" y2="${height - 5}" stroke="#0b0c0c" stroke-width="1" />
      ${o.bars.map((b, i) => {
        const y = i * ROW + 5;
        const w = b.value === null ? 0 : Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * plot));
        return html`<g>
          <text x="${LABEL_WIDTH - 8}" y="${y + BAR / 2 + 5}" text-anchor="end" font-size="15">${b.label}</text>
          ${w > 0 ? html`<rect x="${LABEL_WIDTH}" y="${y}" width="${w}" height="${BAR}" fill="#1d70b8" />` : ''}
          <text x="${LABEL_WIDTH + w + 6}" y="${y + BAR / 2 + 5}" font-size="15" font-weight="700"
            >${b.value === null ? `${b.display} (not published)` : b.display}</text
          >
        </g>`;
      })}`,
  );
}
