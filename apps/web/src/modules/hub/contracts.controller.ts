import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import { table, tag } from '../../platform/components.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { session, type Session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { words } from '../council/referral-form.js';

interface BlockContract {
  id: string;
  provider: { name: string };
  placementCategory: string;
  beds: number;
  weeklyPricePerBedPence: number;
  startDate: string;
  endDate: string;
  allocationMode: string;
  shares: { councilCode: string; basisPoints: number; beds: number | null }[];
  outstandingCommitmentPence: number;
}

interface CouncilStatement {
  councilCode: string;
  occupiedBlockBedNights: number;
  committedPence: number;
  usedPence: number;
  voidPence: number;
  rechargesInPence: number;
  rechargesOutPence: number;
  blockNetPence: number;
  totalPence: number;
  reconciles: boolean;
}

interface ContractStatement {
  contractId: string;
  bedNights: number;
  occupiedBedNights: number;
  voidBedNights: number;
  costPence: number;
  voidCostPence: number;
  reconciles: boolean;
}

export const pounds = (pence: number) =>
  `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Statements for one closed month, from the journal: every council's for the hub, its own for a council. */
export async function statementsSection(
  gateway: GatewayClient,
  s: Session,
  period: string | undefined,
  action: string,
): Promise<SafeHtml> {
  const { closedPeriods } = await gateway.request<{ closedPeriods: string[] }>(s, '{ closedPeriods }', {}, action);
  if (closedPeriods.length === 0)
    return html`<h2 class="govuk-heading-m">Statements</h2>
      <p class="govuk-body">No month has been closed yet.</p>`;
  const chosen = period && closedPeriods.includes(period) ? period : closedPeriods[closedPeriods.length - 1]!;
  const { periodStatements: st } = await gateway.request<{
    periodStatements: { councils: CouncilStatement[]; contracts: ContractStatement[] };
  }>(
    s,
    `query($input: ClosePeriodInput!) { periodStatements(input: $input) {
      councils { councilCode occupiedBlockBedNights committedPence usedPence voidPence rechargesInPence rechargesOutPence blockNetPence totalPence reconciles }
      contracts { contractId bedNights occupiedBedNights voidBedNights costPence voidCostPence reconciles } } }`,
    { input: { period: chosen } },
    action,
  );
  const check = (ok: boolean) => (ok ? tag('Reconciles', 'green') : tag('Does not reconcile', 'red'));
  return html`<h2 class="govuk-heading-m">Statements for ${chosen}</h2>
    <form method="get" action="${action}" class="govuk-!-margin-bottom-6">
      <div class="govuk-form-group">
        <label class="govuk-label" for="period">Month</label>
        <select class="govuk-select" id="period" name="period">
          ${closedPeriods.map((p) => html`<option value="${p}" ${p === chosen ? html`selected` : ''}>${p}</option>`)}
        </select>
      </div>
      <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
        Show statements
      </button>
    </form>
    <div class="app-table-wrapper" role="region" aria-label="Statements for ${chosen}" tabindex="0">
      ${table({
        id: 'council-statements',
        caption: 'Councils',
        captionSize: 's',
        head: [
          'Council',
          'Occupied block bed-nights',
          'Used',
          'Voids',
          'Recharges in',
          'Recharges out',
          'Block net',
          'Total',
          'Journal',
        ],
        rows: st.councils.map((c) => [
          c.councilCode,
          String(c.occupiedBlockBedNights),
          pounds(c.usedPence),
          pounds(c.voidPence),
          pounds(c.rechargesInPence),
          pounds(c.rechargesOutPence),
          pounds(c.blockNetPence),
          pounds(c.totalPence),
          check(c.reconciles),
        ]),
        numeric: [1, 2, 3, 4, 5, 6, 7],
        rowHeaders: true,
      })}
      ${table({
        id: 'contract-statements',
        caption: 'Block contracts: utilisation and voids',
        captionSize: 's',
        head: ['Contract', 'Bed-nights', 'Occupied', 'Void', 'Utilisation', 'Cost', 'Void cost', 'Journal'],
        rows: st.contracts.map((c) => [
          c.contractId.slice(0, 8),
          String(c.bedNights),
          String(c.occupiedBedNights),
          String(c.voidBedNights),
          c.bedNights === 0 ? 'n/a' : `${((100 * c.occupiedBedNights) / c.bedNights).toFixed(1)}%`,
          pounds(c.costPence),
          pounds(c.voidCostPence),
          check(c.reconciles),
        ]),
        numeric: [1, 2, 3, 4, 5, 6],
        rowHeaders: true,
      })}
    </div>`;
}

/** The hub's block contracts (beds, price, shares, commitment outstanding) and the monthly statements per council. */
@Controller('hub/contracts')
@Roles('hub.commissioner')
export class ContractsController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: WebResponse, @Query('period') period?: string): Promise<void> {
    const s = session(req);
    const { blockContracts } = await this.gateway.request<{ blockContracts: BlockContract[] }>(
      s,
      `{ blockContracts { id provider { name } placementCategory beds weeklyPricePerBedPence startDate endDate allocationMode
        shares { councilCode basisPoints beds } outstandingCommitmentPence } }`,
      {},
      '/hub/contracts',
    );
    const statements = await statementsSection(this.gateway, s, period, '/hub/contracts');
    send(
      res,
      page({
        title: 'Block contracts and statements',
        session: s,
        current: '/hub/contracts',
        content: html`<h1 class="govuk-heading-l">Block contracts and statements</h1>
          ${
            blockContracts.length
              ? html`<div class="app-table-wrapper" role="region" aria-label="Block contracts" tabindex="0">
                  ${table({
                    id: 'contracts-table',
                    caption: `${blockContracts.length} block ${blockContracts.length === 1 ? 'contract' : 'contracts'}`,
                    head: [
                      'Provider',
                      'Kind',
                      'Beds',
                      'Weekly price per bed',
                      'From',
                      'Until (exclusive)',
                      'Councils',
                      'Commitment outstanding',
                    ],
                    rows: blockContracts.map((c) => [
                      c.provider.name,
                      words(c.placementCategory),
                      String(c.beds),
                      pounds(c.weeklyPricePerBedPence),
                      c.startDate,
                      c.endDate,
                      c.shares
                        .map(
                          (x) =>
                            `${x.councilCode} ${(x.basisPoints / 100).toFixed(2)}%${x.beds === null ? '' : ` (${x.beds} beds)`}`,
                        )
                        .join(', '),
                      pounds(c.outstandingCommitmentPence),
                    ]),
                    numeric: [2, 3, 7],
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
