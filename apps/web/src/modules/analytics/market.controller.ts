import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { heatTable, type HeatBand } from '../../charts/heat-table.js';
import { Roles } from '../../platform/access.js';
import { table } from '../../platform/components.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { govukDate } from '../../platform/dates.js';
import { html } from '../../platform/html.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { WEB_CONFIG, type WebConfig } from '../../platform/web.config.js';
import { pounds } from '../hub/contracts.controller.js';
import { GAPS_QUERY, PRICE_DISTRIBUTIONS_QUERY, UTILISATION_QUERY } from './market.queries.js';
import { categoryName, chosenCouncil, councilLabel, scopeForm } from './scope.js';

interface SufficiencyGaps {
  asAt: string;
  council: string | null;
  byCategory: {
    placementCategory: string;
    childrenLookedAfter: number;
    openReferrals: number;
    unmetReferrals: number;
    declaredVacancies: number;
    blockBeds: number;
    vacantBlockBeds: number;
    shortfall: number;
  }[];
  byNeed: { need: string; openReferrals: number; unmetReferrals: number; vacanciesAbleToMeet: number }[];
  byLocality: { localAuthorityCode: string; placementCategory: string; declaredVacancies: number }[];
}

interface PlacementLocality {
  placingCouncils: { councilCode: string; inArea: number; outOfArea: number; unknownLocality: number }[];
  hostCouncils: { localAuthorityCode: string; byOwnChildren: number; byOtherCouncils: number }[];
}

interface PriceDistribution {
  placementCategory: string;
  route: string;
  n: number;
  minPence: number | null;
  lowerQuartilePence: number | null;
  medianPence: number | null;
  upperQuartilePence: number | null;
  maxPence: number | null;
  withheld: string | null;
}

interface Utilisation {
  contractId: string;
  placementCategory: string;
  beds: number;
  periods: number;
  bedNights: number;
  occupiedBedNights: number;
  voidBedNights: number;
  utilisation: number | null;
  costPence: number;
  voidCostPence: number;
  councils: { councilCode: string; committedPence: number; occupiedPence: number; voidSharePence: number }[];
}

/** Declared vacancies per placement type and locality: none is the gap, shaded darkest. */
export const VACANCY_BANDS: readonly HeatBand[] = [
  { label: 'None', from: 0, className: 'app-heat--none' },
  { label: 'Few', from: 1, className: 'app-heat--few' },
  { label: 'Some', from: 3, className: 'app-heat--some' },
  { label: 'Many', from: 6, className: 'app-heat--many' },
];

const ROUTE_NAMES: Record<string, string> = {
  block: 'Block contract',
  'framework-call-off': 'Framework call-off',
  dps: 'Dynamic purchasing system',
  spot: 'Spot purchase',
  'in-house': 'In-house',
};

/** The analytics service's market figures: sufficiency gaps, prices and block-contract utilisation. */
@Controller('analytics')
@Roles('hub.commissioner', 'council.analyst', 'council.placements')
export class MarketController {
  constructor(
    private readonly gateway: GatewayClient,
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
  ) {}

  @Get('gaps')
  async gaps(@Req() req: WebRequest, @Res() res: WebResponse, @Query('council') requested?: string): Promise<void> {
    const s = session(req);
    const council = chosenCouncil(s.principal, requested, this.config.councils);
    const { sufficiencyGaps: g, placementLocality: l } = await this.gateway.request<{
      sufficiencyGaps: SufficiencyGaps;
      placementLocality: PlacementLocality;
    }>(s, GAPS_QUERY, { council }, '/analytics/gaps');
    const councils = this.config.councils;
    const localities = [
      ...new Set([
        ...councils.map((c) => c.code),
        ...g.byLocality.map((x) => x.localAuthorityCode),
        ...l.hostCouncils.map((h) => h.localAuthorityCode),
      ]),
    ];
    const categories = [
      ...new Set([...g.byCategory.map((c) => c.placementCategory), ...g.byLocality.map((x) => x.placementCategory)]),
    ];
    // The API's "all" category (if it gives one) is the column total here, so it always adds up.
    const vacancies = (category: string, la: string) =>
      g.byLocality
        .filter((x) => (category === 'all' || x.placementCategory === category) && x.localAuthorityCode === la)
        .filter((x) => x.placementCategory !== 'all')
        .reduce((sum, x) => sum + x.declaredVacancies, 0);
    const scopeName = g.council ? councilLabel(g.council, councils) : 'the region';
    send(
      res,
      page({
        title: 'Sufficiency gaps',
        session: s,
        current: '/analytics/gaps',
        content: html`<span class="govuk-caption-l">Demand against usable supply, ${scopeName}</span>
          <h1 class="govuk-heading-l">Sufficiency gaps</h1>
          ${scopeForm(s.principal, '/analytics/gaps', council, councils)}
          <p class="govuk-body">
            Supply judged on <strong>${govukDate(g.asAt)}</strong>: vacancies providers have declared and that are still
            in date, and empty beds in block contracts. Registered places are not counted as supply.
          </p>
          ${heatTable({
            id: 'gap-heat-table',
            caption: 'Declared vacancies by placement type and where the home is',
            rowHeader: 'Placement type',
            columns: localities.map((code) => ({ key: code, label: councilLabel(code, councils) })),
            rows: [
              ...categories.filter((c) => c !== 'all').map((c) => ({ key: c, label: categoryName(c) })),
              { key: 'all', label: 'All placement types' },
            ],
            value: vacancies,
            bands: VACANCY_BANDS,
            unit: 'declared vacancies',
          })}
          <div class="app-table-wrapper" role="region" aria-label="Demand and supply by placement type" tabindex="0">
            ${table({
              id: 'gap-category-table',
              caption: 'Demand and supply by placement type',
              head: [
                'Placement type',
                'Children looked after',
                'Open referrals',
                'Unmet referrals',
                'Declared vacancies',
                'Block beds',
                'Empty block beds',
                'Shortfall',
              ],
              rows: g.byCategory.map((c) => [
                categoryName(c.placementCategory),
                c.childrenLookedAfter,
                c.openReferrals,
                c.unmetReferrals,
                c.declaredVacancies,
                c.blockBeds,
                c.vacantBlockBeds,
                c.shortfall,
              ]),
              numeric: [1, 2, 3, 4, 5, 6, 7],
              rowHeaders: true,
            })}
          </div>
          <p class="govuk-body-s">
            Shortfall: open referrals less declared vacancies and empty block beds, at least 0.
          </p>
          ${table({
            id: 'gap-need-table',
            caption: 'Referrals and vacancies by registration need',
            head: ['Need', 'Open referrals', 'Unmet referrals', 'Vacancies able to meet it'],
            rows: g.byNeed.map((n) => [categoryName(n.need), n.openReferrals, n.unmetReferrals, n.vacanciesAbleToMeet]),
            numeric: [1, 2, 3],
            rowHeaders: true,
          })}
          <h2 class="govuk-heading-m">Where children are placed</h2>
          ${
            l.placingCouncils.length
              ? table({
                  id: 'locality-placing-table',
                  caption: 'Current placements by placing council',
                  captionSize: 's',
                  head: ['Placing council', 'In its own area', 'In another area', 'Area not known'],
                  rows: l.placingCouncils.map((p) => [
                    councilLabel(p.councilCode, councils),
                    p.inArea,
                    p.outOfArea,
                    p.unknownLocality,
                  ]),
                  numeric: [1, 2, 3],
                  rowHeaders: true,
                })
              : html`<p class="govuk-body">No current placements recorded.</p>`
          }
          ${
            l.hostCouncils.length
              ? table({
                  id: 'locality-host-table',
                  caption: 'Who uses the homes in each area',
                  captionSize: 's',
                  head: ['Area', 'By its own council’s children', 'By other councils’ children'],
                  rows: l.hostCouncils.map((h) => [
                    councilLabel(h.localAuthorityCode, councils),
                    h.byOwnChildren,
                    h.byOtherCouncils,
                  ]),
                  numeric: [1, 2],
                  rowHeaders: true,
                })
              : ''
          }`,
      }),
    );
  }

  @Get('prices')
  async prices(@Req() req: WebRequest, @Res() res: WebResponse, @Query('council') requested?: string): Promise<void> {
    const s = session(req);
    const council = chosenCouncil(s.principal, requested, this.config.councils);
    const { priceDistributions: rows } = await this.gateway.request<{ priceDistributions: PriceDistribution[] }>(
      s,
      PRICE_DISTRIBUTIONS_QUERY,
      { council },
      '/analytics/prices',
    );
    const money = (p: number | null) => (p === null ? 'Withheld' : pounds(p));
    const scopeName = council ? councilLabel(council, this.config.councils) : 'the region';
    send(
      res,
      page({
        title: 'Weekly prices',
        session: s,
        current: '/analytics/prices',
        content: html`<span class="govuk-caption-l">Placements bought, ${scopeName}</span>
          <h1 class="govuk-heading-l">Weekly prices</h1>
          ${scopeForm(s.principal, '/analytics/prices', council, this.config.councils)}
          <p class="govuk-body">
            The weekly price of each placement, excluding VAT, by placement type and how it was bought. Quartiles (lower
            quartile, median, upper quartile) are shown, never an average: a few very high-cost placements would pull an
            average up.
          </p>
          ${
            rows.length
              ? html`<div class="app-table-wrapper" role="region" aria-label="Weekly prices" tabindex="0">
                    ${table({
                      id: 'prices-table',
                      caption: 'Weekly prices by placement type and route',
                      head: [
                        'Placement type',
                        'Route',
                        'Placements',
                        'Lowest',
                        'Lower quartile',
                        'Median',
                        'Upper quartile',
                        'Highest',
                      ],
                      rows: rows.map((r) => [
                        categoryName(r.placementCategory),
                        ROUTE_NAMES[r.route] ?? r.route,
                        r.n,
                        money(r.minPence),
                        money(r.lowerQuartilePence),
                        money(r.medianPence),
                        money(r.upperQuartilePence),
                        money(r.maxPence),
                      ]),
                      numeric: [2, 3, 4, 5, 6, 7],
                      rowHeaders: true,
                    })}
                  </div>
                  ${
                    rows.some((r) => r.withheld)
                      ? html`<p class="govuk-body-s">
                          Withheld: ${[...new Set(rows.filter((r) => r.withheld).map((r) => r.withheld))].join('; ')}.
                        </p>`
                      : ''
                  }`
              : html`<p class="govuk-body">No placements with a weekly price have been recorded yet.</p>`
          }`,
      }),
    );
  }

  @Get('utilisation')
  async utilisation(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Query('council') requested?: string,
  ): Promise<void> {
    const s = session(req);
    const council = chosenCouncil(s.principal, requested, this.config.councils);
    const { blockContractUtilisation: rows, blockContracts } = await this.gateway.request<{
      blockContractUtilisation: Utilisation[];
      blockContracts: { id: string; name: string }[];
    }>(s, UTILISATION_QUERY, { council }, '/analytics/utilisation');
    const contractName = (id: string) => blockContracts.find((c) => c.id === id)?.name ?? `Contract ${id.slice(0, 8)}`;
    const percent = (u: number | null) => (u === null ? 'No closed month yet' : `${(u * 100).toFixed(1)}%`);
    const scopeName = council ? councilLabel(council, this.config.councils) : 'the region';
    send(
      res,
      page({
        title: 'Block-contract utilisation',
        session: s,
        current: '/analytics/utilisation',
        content: html`<span class="govuk-caption-l">Block beds, ${scopeName}</span>
          <h1 class="govuk-heading-l">Block-contract utilisation</h1>
          ${scopeForm(s.principal, '/analytics/utilisation', council, this.config.councils)}
          <p class="govuk-body">
            Beds paid for in block contracts, how many bed-nights were used, and what the empty (void) nights cost, over
            the months the hub has closed.
          </p>
          ${
            rows.length
              ? html`<div
                    class="app-table-wrapper"
                    role="region"
                    aria-label="Utilisation per block contract"
                    tabindex="0"
                  >
                    ${table({
                      id: 'utilisation-table',
                      caption: 'Utilisation and void cost per block contract',
                      head: [
                        'Contract',
                        'Placement type',
                        'Beds',
                        'Closed months',
                        'Bed-nights',
                        'Occupied',
                        'Void',
                        'Utilisation',
                        'Cost',
                        'Void cost',
                      ],
                      rows: rows.map((r) => [
                        contractName(r.contractId),
                        categoryName(r.placementCategory),
                        r.beds,
                        r.periods,
                        r.bedNights,
                        r.occupiedBedNights,
                        r.voidBedNights,
                        percent(r.utilisation),
                        pounds(r.costPence),
                        pounds(r.voidCostPence),
                      ]),
                      numeric: [2, 3, 4, 5, 6, 7, 8, 9],
                      rowHeaders: true,
                    })}
                  </div>
                  ${table({
                    id: 'utilisation-councils-table',
                    caption: 'Each council’s share, summed over closed months',
                    captionSize: 's',
                    head: ['Contract', 'Council', 'Committed', 'Used', 'Share of voids'],
                    rows: rows.flatMap((r) =>
                      r.councils.map((c) => [
                        contractName(r.contractId),
                        councilLabel(c.councilCode, this.config.councils),
                        pounds(c.committedPence),
                        pounds(c.occupiedPence),
                        pounds(c.voidSharePence),
                      ]),
                    ),
                    numeric: [2, 3, 4],
                    rowHeaders: true,
                  })}`
              : html`<p class="govuk-body">No block contracts yet.</p>`
          }`,
      }),
    );
  }
}
