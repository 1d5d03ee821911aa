import { table } from '../platform/components.js';
import { html, type SafeHtml } from '../platform/html.js';

export interface HeatBand {
  /** The band's name, written in every cell of the band (not told by shade alone). */
  label: string;
  /** Lowest value in the band (inclusive); bands are listed from the lowest. */
  from: number;
  /** CSS class giving the cell's shade and a text colour with at least 4.5:1 contrast on it. */
  className: string;
}

export function bandOf(bands: readonly HeatBand[], value: number): HeatBand {
  let chosen = bands[0]!;
  for (const b of bands) if (value >= b.from) chosen = b;
  return chosen;
}

/**
 * A heat table: an HTML table whose cells are shaded by band, each with its number and the band's name as text, and
 * a legend listing the bands with their ranges. Row and column headers are real <th> elements.
 */
export function heatTable(o: {
  id: string;
  caption: string;
  rowHeader: string;
  columns: { key: string; label: string }[];
  rows: { key: string; label: string }[];
  value: (row: string, column: string) => number;
  bands: readonly HeatBand[];
  unit: string;
}): SafeHtml {
  const range = (i: number) => {
    const b = o.bands[i]!;
    const next = o.bands[i + 1];
    if (!next) return `${b.from} or more`;
    return next.from - 1 === b.from ? `${b.from}` : `${b.from} to ${next.from - 1}`;
  };
  return html`${table({
      id: o.id,
      caption: o.caption,
      head: [o.rowHeader, ...o.columns.map((c) => c.label)],
      rows: o.rows.map((r) => [
        r.label,
        ...o.columns.map((c) => {
          const v = o.value(r.key, c.key);
          const band = bandOf(o.bands, v);
          return {
            content: html`<span class="app-heat__value">${v}</span> <span class="app-heat__band">${band.label}</span>`,
            classes: `app-heat ${band.className}`,
            dataValue: v,
          };
        }),
      ]),
      rowHeaders: true,
    })}
    <h3 class="govuk-heading-s" id="${o.id}-legend-title">Key</h3>
    <ul class="govuk-list app-heat-legend" aria-labelledby="${o.id}-legend-title" id="${o.id}-legend">
      ${o.bands.map(
        (b, i) =>
          html`<li>
            <span class="app-heat app-heat-legend__swatch ${b.className}">${b.label}</span> ${range(i)} ${o.unit}
          </li>`,
      )}
    </ul>`;
}
