import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import { barChart } from '../../charts/bar-chart.js';
import { lineChart } from '../../charts/line-chart.js';
import { table, tag } from '../../platform/components.js';
import { councilNamer } from '../../platform/council-names.js';
import { govukDate, govukMonth } from '../../platform/dates.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { WEB_CONFIG, type WebConfig } from '../../platform/web.config.js';
import { AGE_BAND_NAMES, CATEGORY_NAMES, type DemandProfile } from '../demand-profile/demand-profile.query.js';
import { parseTargets, type Target } from './targets.js';
import { COUNCIL_INDICATORS } from './indicators.queries.js';
import { DEMAND_PROFILE_QUERY } from '../demand-profile/demand-profile.queries.js';

interface Proportion {
  count: number;
  of: number;
}

export interface CouncilIndicators {
  councilCode: string;
  asAt: string;
  lookedAfter: number;
  lookedAfterByPlacementAndAge: { placementCategory: string; ageBand: string; count: number }[];
  flows: { month: string; entries: number; exits: number }[];
  threeOrMorePlacements: Proportion;
  samePlacementTwoYears: Proportion;
  under16Unregulated: string[];
  residentialWhenFosteringPreferred: Proportion;
}

const percent = (p: Proportion) => (p.of === 0 ? null : (100 * p.count) / p.of);
const showPercent = (p: Proportion) => {
  const v = percent(p);
  return v === null ? 'no children in scope' : `${v.toFixed(1)}% (${p.count} of ${p.of})`;
};

/** A council's own indicators (unsuppressed, its users only) against its strategy targets, beside regional figures. */
@Controller('council/indicators')
export class IndicatorsController {
  private readonly targets: Target[];
  private readonly councilName: (code: string) => string;

  constructor(
    private readonly gateway: GatewayClient,
    @Inject(WEB_CONFIG) config: WebConfig,
  ) {
    this.targets = parseTargets(config.RCC_WEB_TARGETS);
    this.councilName = councilNamer(config);
  }

  @Get()
  @Roles('council.analyst', 'council.placements')
  async show(@Req() req: WebRequest, @Res() res: WebResponse): Promise<void> {
    const s = session(req);
    const [{ councilIndicators: i }, { demandProfile: region }] = await Promise.all([
      this.gateway.request<{ councilIndicators: CouncilIndicators }>(s, COUNCIL_INDICATORS, {}, '/council/indicators'),
      this.gateway.request<{ demandProfile: DemandProfile }>(s, DEMAND_PROFILE_QUERY, {}, '/council/indicators'),
    ]);
    send(
      res,
      page({ title: 'Your indicators', session: s, current: '/council/indicators', content: this.content(i, region) }),
    );
  }

  private targetRow(key: string, label: string, value: string, actual: number | null): (string | SafeHtml)[] {
    const target = this.targets.find((t) => t.indicator === key);
    if (!target) return [label, value, 'No target set', ''];
    const met = actual !== null && target.met(actual);
    return [
      label,
      value,
      target.text,
      actual === null ? 'Not measured' : tag(met ? 'Met' : 'Not met', met ? 'green' : 'red'),
    ];
  }

  private content(i: CouncilIndicators, region: DemandProfile): SafeHtml {
    const categories = [...new Set(i.lookedAfterByPlacementAndAge.map((c) => c.placementCategory))];
    const bands = Object.keys(AGE_BAND_NAMES).filter((b) =>
      i.lookedAfterByPlacementAndAge.some((c) => c.ageBand === b),
    );
    const count = (c: string, b: string) =>
      i.lookedAfterByPlacementAndAge.find((x) => x.placementCategory === c && x.ageBand === b)?.count ?? 0;
    const byCategory = categories.map((c) => ({ c, n: bands.reduce((sum, b) => sum + count(c, b), 0) }));
    const months = i.flows.map((f) => f.month);
    return html`<span class="govuk-caption-l">${this.councilName(i.councilCode)}, as at ${govukDate(i.asAt)}</span>
      <h1 class="govuk-heading-l">Your indicators</h1>
      <p class="govuk-body">
        From your own child-level records: not suppressed, so for your council’s users only. Reading them is audited.
      </p>
      ${table({
        id: 'indicators-table',
        caption: 'Indicators against your strategy targets',
        head: ['Indicator', 'Value', 'Target', 'Status'],
        rows: [
          ['Children looked after', String(i.lookedAfter), '', ''],
          this.targetRow(
            'samePlacementTwoYears',
            'Under 16s looked after 2.5 years or more, in the same home for 2 years or more',
            showPercent(i.samePlacementTwoYears),
            percent(i.samePlacementTwoYears),
          ),
          this.targetRow(
            'threeOrMorePlacements',
            '3 or more placements in the year',
            showPercent(i.threeOrMorePlacements),
            percent(i.threeOrMorePlacements),
          ),
          this.targetRow(
            'under16Unregulated',
            'Under 16s in settings not regulated for them',
            String(i.under16Unregulated.length),
            i.under16Unregulated.length,
          ),
          this.targetRow(
            'residentialWhenFosteringPreferred',
            'Placed in residential care when fostering was preferred',
            showPercent(i.residentialWhenFosteringPreferred),
            percent(i.residentialWhenFosteringPreferred),
          ),
        ],
        rowHeaders: true,
      })}
      ${
        i.under16Unregulated.length
          ? html`<div class="govuk-warning-text">
              <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong class="govuk-warning-text__text"
                ><span class="govuk-visually-hidden">Warning</span> Under 16s placed in unregulated settings (children
                ${i.under16Unregulated.join(', ')}): this must be reviewed.</strong
              >
            </div>`
          : ''
      }
      <h2 class="govuk-heading-m">Entries and exits over 12 months</h2>
      ${lineChart({
        id: 'chart-flows',
        title: 'Children entering and leaving care each month',
        description: i.flows.map((f) => `${govukMonth(f.month)}: ${f.entries} entries, ${f.exits} exits`).join('; '),
        labels: months,
        series: [
          { name: 'Entries (solid, circles)', values: i.flows.map((f) => f.entries), style: 'solid' },
          { name: 'Exits (dashed, squares)', values: i.flows.map((f) => f.exits), style: 'dashed' },
        ],
      })}
      ${table({
        id: 'flows-table',
        caption: 'Entries and exits by month',
        captionSize: 's',
        head: ['Month', 'Entries', 'Exits'],
        rows: i.flows.map((f) => [govukMonth(f.month), String(f.entries), String(f.exits)]),
        numeric: [1, 2],
        rowHeaders: true,
      })}
      <h2 class="govuk-heading-m">Where your children live</h2>
      ${barChart({
        id: 'chart-own-placement',
        title: 'Your children looked after by placement type',
        description: byCategory.map((x) => `${CATEGORY_NAMES[x.c] ?? x.c}: ${x.n}`).join('; '),
        bars: byCategory.map((x) => ({ label: CATEGORY_NAMES[x.c] ?? x.c, value: x.n, display: String(x.n) })),
      })}
      ${table({
        id: 'own-placement-table',
        caption: 'Your children looked after by placement type and age band',
        captionSize: 's',
        head: ['Placement type', ...bands.map((b) => AGE_BAND_NAMES[b] ?? b), 'Total'],
        rows: byCategory.map((x) => [
          CATEGORY_NAMES[x.c] ?? x.c,
          ...bands.map((b) => String(count(x.c, b))),
          String(x.n),
        ]),
        numeric: [...bands.map((_, n) => n + 1), bands.length + 1],
        rowHeaders: true,
      })}
      <h2 class="govuk-heading-m">Your council and the region</h2>
      ${table({
        id: 'region-table',
        caption: 'Children looked after: your council and the published regional figures',
        captionSize: 's',
        head: ['Placement type', 'Your council', 'Region (published)'],
        rows: [
          ...region.placementCategories.map((c) => [
            CATEGORY_NAMES[c] ?? c,
            String(byCategory.find((x) => x.c === c)?.n ?? 0),
            region.categoryTotals.find((t) => t.key === c)?.value.display ?? 'z',
          ]),
          ['Total', String(i.lookedAfter), region.total.display],
        ],
        numeric: [1, 2],
        rowHeaders: true,
      })}
      <p class="govuk-body-s">
        Regional figures as at ${region.asAt ? govukDate(region.asAt) : 'no date'}: disclosure-controlled (c marks a
        suppressed count). See the
        <a class="govuk-link" href="/demand-profile">published demand profile</a>.
      </p>`;
  }
}
