import { html, type SafeHtml } from '../platform/html.js';
import { axisLabels, chartFrame, gridLines, type ChartBox } from './svg.js';

export interface Series {
  name: string;
  values: number[];
  /** Dash pattern and marker make the series distinguishable without colour. */
  style: 'solid' | 'dashed';
}

const BOX: ChartBox = { width: 640, height: 300, left: 50, right: 20, top: 20, bottom: 70 };
const { width: WIDTH, height: HEIGHT, left: LEFT, top: TOP } = BOX;

function niceMax(value: number): number {
  if (value <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

/**
 * A line chart (a trend over months) as SVG: each series has its own line style and marker shape and is named in a
 * legend, so it is not told apart by colour alone; the page puts the same figures in a table.
 */
export function lineChart(o: {
  id: string;
  title: string;
  description: string;
  labels: string[];
  series: Series[];
}): SafeHtml {
  const max = niceMax(Math.max(0, ...o.series.flatMap((s) => s.values)));
  const plotW = WIDTH - LEFT - BOX.right;
  const plotH = HEIGHT - TOP - BOX.bottom;
  const n = Math.max(1, o.labels.length - 1);
  const x = (i: number) => LEFT + (plotW * i) / n;
  const y = (v: number) => TOP + plotH - (plotH * v) / max;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f * 100) / 100);
  const styles = {
    solid: {
      stroke: '#1d70b8',
      dash: '',
      marker: (cx: number, cy: number) => html`<circle cx="${cx}" cy="${cy}" r="4" fill="#1d70b8" />`,
    },
    dashed: {
      stroke: '#d4351c',
      dash: '6 4',
      marker: (cx: number, cy: number) =>
        html`<rect x="${cx - 4}" y="${cy - 4}" width="8" height="8" fill="#d4351c" />`,
    },
  };
  return chartFrame(
    { ...o, ...BOX },
    html`${gridLines(BOX, ticks, y)} ${axisLabels(BOX, o.labels, x, { most: 6, fontSize: 13 })}
    ${o.series.map((s) => {
      const st = styles[s.style];
      const points = s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ');
      return html`<g
        ><polyline
          points="${points}"
          fill="none"
          stroke="${st.stroke}"
          stroke-width="3"
          ${st.dash ? html`stroke-dasharray="${st.dash}"` : ''}
        />${s.values.map((v, i) => st.marker(x(i), y(v)))}</g
      >`;
    })}
    ${o.series.map((s, i) => {
      const st = styles[s.style];
      const lx = LEFT + i * 200;
      const ly = HEIGHT - 18;
      return html`<g
        ><line
          x1="${lx}"
          x2="${lx + 34}"
          y1="${ly}"
          y2="${ly}"
          stroke="${st.stroke}"
          stroke-width="3"
          ${st.dash ? html`stroke-dasharray="${st.dash}"` : ''}
        />${st.marker(lx + 17, ly)}<text x="${lx + 42}" y="${ly + 5}" font-size="14">${s.name}</text></g
      >`;
    })}`,
  );
}
