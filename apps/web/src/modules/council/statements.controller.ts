import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html } from '../../platform/html.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { sendStatementCsv, statementsSection } from '../statements/statements-section.js';

/** A council's monthly statement from the hub's ledger: its block beds used and void, recharges, every route's spend. */
@Controller('council/statements')
@Roles('council.analyst', 'council.placements')
export class CouncilStatementsController {
  constructor(private readonly gateway: GatewayClient) {}

  /** Its own statement only: the council comes from the signed-in user, and the ledger scopes by it too. */
  @Get('statement.csv')
  async csv(@Req() req: WebRequest, @Res() res: WebResponse, @Query('period') period?: string): Promise<void> {
    const s = session(req);
    await sendStatementCsv(this.gateway, s, res, period, s.principal?.council, '/council/statements');
  }

  @Get()
  async show(@Req() req: WebRequest, @Res() res: WebResponse, @Query('period') period?: string): Promise<void> {
    const s = session(req);
    send(
      res,
      page({
        title: 'Your statements',
        session: s,
        current: '/council/statements',
        content: html`<h1 class="govuk-heading-l">Your statements</h1>
          <p class="govuk-body">
            What your council paid for in each closed month, from the region’s ledger: block beds used and void (by your
            agreed share), recharges between councils, and spend by how placements were bought.
          </p>
          ${await statementsSection(this.gateway, s, period, '/council/statements')}`,
      }),
    );
  }
}
