import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import { table } from '../../platform/components.js';
import { councilNamer } from '../../platform/council-names.js';
import { govukDate } from '../../platform/dates.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html } from '../../platform/html.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { counted } from '../../platform/plural.js';
import { send } from '../../platform/render.js';
import { WEB_CONFIG, type WebConfig } from '../../platform/web.config.js';
import { words } from '../council/referral-form.js';
import { pounds } from '../../platform/money.js';
import { sendStatementCsv, statementsSection } from '../statements/statements-section.js';
import { lastNight } from './contract-nights.js';
import { BLOCK_CONTRACTS } from './contracts.queries.js';

interface BlockContract {
  id: string;
  name: string;
  voidSharing: string;
  provider: { name: string };
  placementCategory: string;
  beds: number;
  freeBedsNow: number;
  weeklyPricePerBedPence: number;
  startDate: string;
  endDate: string;
  allocationMode: string;
  shares: { councilCode: string; basisPoints: number; beds: number | null }[];
  outstandingCommitmentPence: number;
}

/** Kept for the pages that import it from here; the formatter is platform/money.ts's. */
export { pounds } from '../../platform/money.js';

/** The hub's block contracts (beds, price, shares, commitment outstanding) and the monthly statements per council. */
@Controller('hub/contracts')
@Roles('hub.commissioner')
export class ContractsController {
  constructor(
    private readonly gateway: GatewayClient,
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
  ) {}

  @Get('statement.csv')
  async csv(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Query('period') period?: string,
    @Query('council') council?: string,
  ): Promise<void> {
    await sendStatementCsv(this.gateway, session(req), res, period, council, '/hub/contracts');
  }

  @Get()
  async list(@Req() req: WebRequest, @Res() res: WebResponse, @Query('period') period?: string): Promise<void> {
    const s = session(req);
    const { blockContracts } = await this.gateway.request<{ blockContracts: BlockContract[] }>(
      s,
      BLOCK_CONTRACTS,
      {},
      '/hub/contracts',
    );
    const statements = await statementsSection(this.gateway, s, period, '/hub/contracts');
    const councilName = councilNamer(this.config);
    send(
      res,
      page({
        title: 'Block contracts and statements',
        session: s,
        current: '/hub/contracts',
        content: html`<h1 class="govuk-heading-l">Block contracts and statements</h1>
          <p class="govuk-body">
            <a class="govuk-link" href="/hub/adjustments">Post an adjustment or reverse an entry</a> for a closed month.
          </p>
          ${
            blockContracts.length
              ? html`<div class="app-table-wrapper" role="region" aria-label="Block contracts" tabindex="0">
                  ${table({
                    id: 'contracts-table',
                    caption: `${blockContracts.length} block ${blockContracts.length === 1 ? 'contract' : 'contracts'}`,
                    head: [
                      'Contract',
                      'Provider',
                      'Kind',
                      'Beds',
                      'Free now',
                      'Weekly price per bed',
                      'First night',
                      'Last night',
                      'Councils',
                      'Voids paid',
                      'Commitment outstanding',
                    ],
                    rows: blockContracts.map((c) => [
                      c.name || c.id.slice(0, 8),
                      c.provider.name,
                      words(c.placementCategory),
                      String(c.beds),
                      String(c.freeBedsNow),
                      pounds(c.weeklyPricePerBedPence),
                      govukDate(c.startDate),
                      govukDate(lastNight(c.endDate)),
                      c.shares
                        .map(
                          (x) =>
                            `${councilName(x.councilCode)} ${(x.basisPoints / 100).toFixed(2)}%${x.beds === null ? '' : ` (${counted(x.beds, 'bed')})`}`,
                        )
                        .join(', '),
                      c.voidSharing === 'own-beds' ? 'by each council’s own beds' : 'pooled by share',
                      pounds(c.outstandingCommitmentPence),
                    ]),
                    numeric: [3, 4, 5, 10],
                    rowHeaders: true,
                  })}
                </div>`
              : html`<p class="govuk-body">No block contracts yet: awarding a tender creates them.</p>`
          }
          ${statements}`,
      }),
    );
  }
}
