import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import type { Errors } from '../../platform/components.js';
import { submitMutation } from '../../platform/form-post.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { send } from '../../platform/render.js';
import { currentValues, readChangeForm } from './referral-change.js';
import { changeCheckPage } from './referral-change-check.view.js';
import { changeFormPage } from './referral-change.view.js';
import { findReferral } from './referral-read.js';
import type { CouncilReferral } from './referral-types.js';
import { CHANGE_REFERRAL } from './referrals.queries.js';

type Body = Record<string, unknown>;

/**
 * Changing an open referral (docs/adr/0060): a question page, its own check-your-answers, then one change sent to
 * the council service, which tells the region. Only while no offer is accepted (the referral is open).
 */
@Controller('council/referrals/:id/change')
@Roles('council.placements')
export class ReferralChangeController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get()
  async form(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string): Promise<void> {
    const r = await this.open(req, res, id);
    if (r) send(res, changeFormPage(session(req), r, currentValues(r), {}));
  }

  /** The answers checked: the check page, or the form again (with errors, or to change them from the check page). */
  @Post()
  async check(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param('id') id: string,
    @Body() body: Body,
    @Query('edit') edit?: string,
  ): Promise<void> {
    const r = await this.open(req, res, id);
    if (!r) return;
    const form = readChangeForm(body, r);
    if (edit) return send(res, changeFormPage(session(req), r, form.values, {}));
    if (!form.input) return send(res, changeFormPage(session(req), r, form.values, form.errors), 400);
    send(res, changeCheckPage(session(req), r, form.values, form.input, {}));
  }

  @Post('confirm')
  async confirm(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body) {
    const r = await this.open(req, res, id);
    if (!r) return;
    const form = readChangeForm(body, r);
    if (!form.input) return send(res, changeFormPage(session(req), r, form.values, form.errors), 400);
    const errors: Errors = {};
    const done = await submitMutation(
      this.gateway,
      session(req),
      errors,
      'change-answers-again',
      CHANGE_REFERRAL,
      { input: { referralId: id, ...form.input } },
      { codes: ['BAD_USER_INPUT', 'REFERRAL_CLOSED', 'NOT_FOUND'] },
    );
    if (done) return res.redirect(303, `/council/referrals/${id}`);
    send(res, changeCheckPage(session(req), r, form.values, form.input, errors), 400);
  }

  /** The referral if it can still be changed; a closed one goes back to its page. */
  private async open(req: WebRequest, res: WebResponse, id: string): Promise<CouncilReferral | undefined> {
    const r = await findReferral(this.gateway, req, id);
    if (r.status === 'open') return r;
    res.redirect(303, `/council/referrals/${id}`);
    return undefined;
  }
}
