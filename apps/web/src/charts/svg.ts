import { shortMonth } from '../platform/dates.js';
import { html, type SafeHtml } from '../platform/html.js';

/** A chart's size and the margins around its plot, in SVG units. */
export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * The frame every chart shares: an SVG image (role="img") named by its title and described by its description, so a
 * screen reader reads both; the page gives the same figures in a table.
 */
export function chartFrame(
  o: { id: string; title: string; description: string; width: number; height: number },
  content: SafeHtml,
): SafeHtml {
  return html`<svg
    class="app-chart"
    id="${o.id}"
    role="img"
    aria-labelledby="${o.id}-title ${o.id}-desc"
    viewBox="0 0 ${o.width} ${o.height}"
    width="${o.width}"
    height="${o.height}"
    xmlns="http://www.w3.org/2000/svg"
  >
    <title id="${o.id}-title">${o.title}</title>
    <desc id="${o.id}-desc">${o.description}</desc>
    ${content}
  </svg>`;
}

/** Horizontal grid lines across the plot at each tick, each tick's value written on the left. */
export function gridLines(box: ChartBox, ticks: number[], y: (value: number) => number): SafeHtml[] {
  return ticks.map(
    (t) =>
      html`<line
          x1="${box.left}"
          x2="${box.width - box.right}"
          y1="${y(t)}"
          y2="${y(t)}"
          stroke="#b1b4b6"
          stroke-width="1"
        />
        <text x="${box.left - 6}" y="${y(t) + 5}" text-anchor="end" font-size="13">${t}</text>`,
  );
}

/**
 * Labels under the plot: months in words ("Dec 2026"), at most `most` of them, every step-th counted back from the
 * last, so the latest is always named and none overlap. The last one ends at its point when `endLast` is set.
 */
export function axisLabels(
  box: ChartBox,
  labels: string[],
  x: (index: number) => number,
  o: { most: number; fontSize: number; endLast?: boolean },
): SafeHtml[] {
  const step = Math.ceil(labels.length / o.most);
  return labels.map((l, i) =>
    (labels.length - 1 - i) % step === 0
      ? html`<text
          x="${x(i)}"
          y="${box.height - box.bottom + 20}"
          text-anchor="${o.endLast && i === labels.length - 1 ? 'end' : 'middle'}"
          font-size="${o.fontSize}"
          >${shortMonth(l)}</text
        >`
      : html``,
  );
}
