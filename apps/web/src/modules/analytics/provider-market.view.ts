import { AGE_BAND_NAMES } from '../demand-profile/demand-profile.query.js';
import { table } from '../../platform/components.js';
import { govukDate, govukMonth } from '../../platform/dates.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { pounds } from '../../platform/money.js';
import { categoryName } from './scope.js';

/** A published figure: the count, or its marker (c suppressed, k rounds to zero). */
export interface Shown {
  display: string;
  count: number | null;
}

export interface MarketTable {
  columnKeys: string[];
  rows: { key: string; values: Shown[]; total: Shown }[];
  columnTotals: Shown[];
  total: Shown;
}

export interface ProviderMarket {
  asAt: string;
  minCount: number;
  councils: string[];
  demandByNeed: MarketTable;
  unmetByAreaAndAge: MarketTable;
  declinesByReason: MarketTable;
  placementFlows: MarketTable;
  prices: {
    placementCategory: string;
    placements: Shown;
    lowerQuartilePence: number | null;
    medianPence: number | null;
    upperQuartilePence: number | null;
  }[];
  forecast: {
    lastMonth: string | null;
    roundedTo: number;
    months: { month: string; point: Shown; lower80: Shown; upper80: Shown }[];
  } | null;
}

export interface TrendPoint {
  asAt: string;
  version: number;
  categoryTotals: { key: string; value: Shown }[];
  total: Shown;
}

const AREA_NAMES: Record<string, string> = {
  'own-area': 'In its own area',
  'outside-region': 'Outside the region',
  'not-known': 'Area not known',
};

/** A protected table with its totals row, headed by names (councils by name, never by code). */
function marketTable(o: {
  id: string;
  caption: string;
  rowHeader: string;
  t: MarketTable;
  rowName: (key: string) => string;
  colName: (key: string) => string;
  totals?: boolean;
}): SafeHtml {
  const withTotals = o.totals !== false && o.t.columnKeys.length > 1;
  return table({
    id: o.id,
    caption: o.caption,
    captionSize: 's',
    head: [o.rowHeader, ...o.t.columnKeys.map(o.colName), ...(withTotals ? ['Total'] : [])],
    rows: [
      ...o.t.rows.map((r) => [
        o.rowName(r.key),
        ...r.values.map((v) => v.display),
        ...(withTotals ? [r.total.display] : []),
      ]),
      ...(withTotals ? [['Total', ...o.t.columnTotals.map((v) => v.display), o.t.total.display]] : []),
    ],
    numeric: o.t.columnKeys.map((_, i) => i + 1).concat(withTotals ? [o.t.columnKeys.length + 1] : []),
    rowHeaders: true,
  });
}

/** The provider's market page: the region's demand, the market-gap signal, placements, prices and the forecast. */
export function providerMarketView(
  m: ProviderMarket,
  trend: TrendPoint[],
  council: (code: string) => string,
): SafeHtml {
  const categories = [...new Set(trend.flatMap((p) => p.categoryTotals.map((c) => c.key)))];
  const money = (p: number | null) => (p === null ? 'Withheld' : pounds(p));
  return html`<span class="govuk-caption-l">The region's market, as at ${govukDate(m.asAt)}</span>
    <h1 class="govuk-heading-l">The market</h1>
    <p class="govuk-body">
      What the region's councils need and where the market falls short, for planning your homes and services. Counts
      from 1 to ${m.minCount - 1} are shown as <strong>c</strong>, and some other figures are hidden so they cannot be
      worked out from the totals.
    </p>

    <h2 class="govuk-heading-m" id="trend">Children looked after over time</h2>
    ${
      trend.length
        ? table({
            id: 'market-trend-table',
            caption: 'Children looked after in the region, each published version',
            captionSize: 's',
            head: ['As at', ...categories.map(categoryName), 'Total'],
            rows: trend.map((p) => [
              govukDate(p.asAt),
              ...categories.map((c) => p.categoryTotals.find((x) => x.key === c)?.value.display ?? 'z'),
              p.total.display,
            ]),
            numeric: categories.map((_, i) => i + 1).concat([categories.length + 1]),
            rowHeaders: true,
          })
        : html`<p class="govuk-body">The hub has not published the region's figures yet.</p>`
    }

    <h2 class="govuk-heading-m" id="forecast">Forecast</h2>
    ${
      m.forecast
        ? html`<p class="govuk-body">
              Children looked after in the region, forecast month by month after
              ${govukMonth(m.forecast.lastMonth ?? 'the latest month')}, with the range the figure falls in 8 times out
              of 10. Each figure is rounded to the nearest ${m.forecast.roundedTo}.
            </p>
            ${table({
              id: 'market-forecast-table',
              caption: 'Forecast of children looked after in the region',
              captionSize: 's',
              head: ['Month', 'Forecast', 'Low (80% range)', 'High (80% range)'],
              rows: m.forecast.months.map((f) => [
                govukMonth(f.month),
                f.point.display,
                f.lower80.display,
                f.upper80.display,
              ]),
              numeric: [1, 2, 3],
              rowHeaders: true,
            })}`
        : html`<p class="govuk-body">No forecast yet: the region's councils have not shared enough months.</p>`
    }

    <h2 class="govuk-heading-m" id="needs">Demand by need</h2>
    <p class="govuk-body">Referrals in the last 12 months by the needs they named (a referral can name several).</p>
    ${marketTable({
      id: 'market-need-table',
      caption: 'Referrals by need: placed or still open, and unmet',
      rowHeader: 'Need',
      t: m.demandByNeed,
      rowName: categoryName,
      colName: (k) => (k === 'unmet' ? 'Unmet' : 'Placed or open'),
      totals: false,
    })}

    <h2 class="govuk-heading-m" id="unmet">Unmet referrals</h2>
    <p class="govuk-body">
      Referrals in the last 12 months that no provider offered for in time, or that the council closed unmet: where the
      market falls short.
    </p>
    ${marketTable({
      id: 'market-unmet-table',
      caption: 'Unmet referrals by council and age band',
      rowHeader: 'Council',
      t: m.unmetByAreaAndAge,
      rowName: council,
      colName: (k) => AGE_BAND_NAMES[k] ?? categoryName(k),
    })}
    ${marketTable({
      id: 'market-declines-table',
      caption: 'Why providers declined the unmet referrals',
      rowHeader: 'Reason',
      t: m.declinesByReason,
      rowName: categoryName,
      colName: () => 'Declines',
    })}

    <h2 class="govuk-heading-m" id="flows">Where children are placed</h2>
    ${marketTable({
      id: 'market-flows-table',
      caption: 'Current placements by placing council and where the home is',
      rowHeader: 'Placing council',
      t: m.placementFlows,
      rowName: council,
      colName: (k) => AREA_NAMES[k] ?? `In ${council(k)}`,
    })}

    <h2 class="govuk-heading-m" id="prices">Weekly prices</h2>
    <p class="govuk-body">
      Weekly prices of placements, excluding VAT, pooled over the region: the middle half lies between the lower and
      upper quartiles. Withheld where too few placements would show one home's price.
    </p>
    ${
      m.prices.length
        ? table({
            id: 'market-prices-table',
            caption: 'Weekly prices by placement type',
            captionSize: 's',
            head: ['Placement type', 'Placements', 'Lower quartile', 'Median', 'Upper quartile'],
            rows: m.prices.map((p) => [
              categoryName(p.placementCategory),
              p.placements.display,
              money(p.lowerQuartilePence),
              money(p.medianPence),
              money(p.upperQuartilePence),
            ]),
            numeric: [1, 2, 3, 4],
            rowHeaders: true,
          })
        : html`<p class="govuk-body">No placements with a weekly price have been recorded yet.</p>`
    }`;
}
