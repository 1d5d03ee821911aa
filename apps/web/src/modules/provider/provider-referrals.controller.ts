import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import { table } from '../../platform/components.js';
import { govukDate } from '../../platform/dates.js';
import { submitMutation } from '../../platform/form-post.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html } from '../../platform/html.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { words } from '../council/referral-form.js';
import { AGE_BAND_NAMES } from '../demand-profile/demand-profile.query.js';
import { readRespondForm } from './provider-forms.js';
import { PROVIDER_REFERRALS, PROVIDER_REFERRALS_LIST, RESPOND_TO_REFERRAL } from './provider-referrals.queries.js';
import {
  answered,
  changedTag,
  referralPage,
  short,
  statusTag,
  type MarketReferral,
} from './provider-referrals.view.js';

/** Referrals sent to a provider's settings (an anonymised needs profile), and its offers or declines. */
@Controller('provider/referrals')
@Roles('provider.user')
export class ProviderReferralsController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: WebResponse): Promise<void> {
    const s = session(req);
    const { providerReferrals } = await this.gateway.request<{ providerReferrals: MarketReferral[] }>(
      s,
      PROVIDER_REFERRALS_LIST,
      {},
      '/provider/referrals',
    );
    send(
      res,
      page({
        title: 'Referrals offered to you',
        session: s,
        current: '/provider/referrals',
        content: html`<h1 class="govuk-heading-l">Referrals offered to you</h1>
          <p class="govuk-body">
            Children’s needs, not who they are: councils send referrals to settings that could meet them. If nobody
            offers, the region records a gap in the market.
          </p>
          ${
            providerReferrals.length
              ? table({
                  id: 'provider-referrals-table',
                  caption: `${providerReferrals.length} ${providerReferrals.length === 1 ? 'referral' : 'referrals'}`,
                  head: ['Referral', 'Age', 'Needs', 'Start by', 'Respond by', 'Your answers', 'Outcome'],
                  rows: providerReferrals.map((r) => [
                    html`<a class="govuk-link" href="/provider/referrals/${r.id}">${short(r.id)}</a>`,
                    AGE_BAND_NAMES[r.ageBand] ?? r.ageBand,
                    r.needs.map(words).join(', ') || 'None listed',
                    govukDate(r.startBy),
                    govukDate(r.respondBy),
                    `${answered(r)} of ${r.matches.length}`,
                    html`${statusTag(r)} ${changedTag(r)}`,
                  ]),
                })
              : html`<p class="govuk-body">No referrals have been sent to your settings.</p>`
          }`,
      }),
    );
  }

  @Get(':id')
  async show(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param('id') id: string,
    @Query('answered') done?: string,
  ): Promise<void> {
    send(res, referralPage(session(req), await this.find(req, id), {}, {}, done === '1'));
  }

  @Post(':id')
  async respond(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const referral = await this.find(req, id);
    const open = referral.matches.filter((m) => !m.response).map((m) => m.settingUrn);
    const form = readRespondForm(body, referral.id, open);
    // A refusal the registry explains (bad input, a referral no longer open...) is shown on the form.
    if (
      form.input &&
      (await submitMutation(
        this.gateway,
        session(req),
        form.errors,
        'settingUrn',
        RESPOND_TO_REFERRAL,
        { input: form.input },
        { message: (e) => e.message },
      ))
    ) {
      res.redirect(303, `/provider/referrals/${referral.id}?answered=1`);
      return;
    }
    send(res, referralPage(session(req), referral, form.errors, form.values), 400);
  }

  private async find(req: WebRequest, id: string): Promise<MarketReferral> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundException();
    const { providerReferrals } = await this.gateway.request<{ providerReferrals: MarketReferral[] }>(
      session(req),
      PROVIDER_REFERRALS,
      {},
      `/provider/referrals/${id}`,
    );
    const referral = providerReferrals.find((r) => r.id === id);
    if (!referral) throw new NotFoundException();
    return referral;
  }
}
