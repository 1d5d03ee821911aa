import { Controller, Get, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import { summaryList } from '../../platform/components.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html } from '../../platform/html.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { counted } from '../../platform/plural.js';
import { send } from '../../platform/render.js';
import { PROVIDER_HOME } from './provider.queries.js';

export const SECTOR_NAMES: Record<string, string> = {
  private: 'Private',
  voluntary: 'Voluntary',
  'local-authority': 'Local authority',
  health: 'Health',
};

/** A provider's own area. Settings, vacancies, referrals offered, bids and contracts arrive with issues 4 and 5. */
@Controller('provider')
@Roles('provider.user')
export class ProviderController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get()
  async home(@Req() req: WebRequest, @Res() res: WebResponse): Promise<void> {
    const s = session(req);
    const { providers } = await this.gateway.request<{
      providers: { id: string; name: string; sector: string; settings: { urn: string }[] }[];
    }>(s, PROVIDER_HOME, {}, '/provider');
    const me = providers[0];
    send(
      res,
      page({
        title: 'Your organisation',
        session: s,
        current: '/provider',
        content: html`<h1 class="govuk-heading-l">Your organisation</h1>
          ${
            me
              ? summaryList([
                  { key: 'Name', value: me.name },
                  { key: 'Sector', value: SECTOR_NAMES[me.sector] ?? me.sector },
                  {
                    key: 'Settings',
                    value: html`<a class="govuk-link" href="/provider/settings"
                      >${counted(me.settings.length, 'setting')}</a
                    >`,
                  },
                ])
              : html`<p class="govuk-body">
                  The registry has no record for your organisation. Ask the regional hub to register it.
                </p>`
          }
          <h2 class="govuk-heading-m">Plan your capacity</h2>
          <p class="govuk-body">
            The <a class="govuk-link" href="/demand-profile">published demand profile</a> shows what children in the
            region need, with a download.
          </p>`,
      }),
    );
  }
}
