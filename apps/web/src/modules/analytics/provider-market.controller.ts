import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import { councilNamer } from '../../platform/council-names.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { WEB_CONFIG, type WebConfig } from '../../platform/web.config.js';
import { PROVIDER_MARKET_QUERY } from './provider-market.queries.js';
import { providerMarketView, type ProviderMarket, type TrendPoint } from './provider-market.view.js';

/** The region's market as providers see it (the hub too, to check what they see): every figure disclosure-controlled. */
@Controller('analytics/market')
@Roles('provider.user', 'hub.commissioner')
export class ProviderMarketController {
  constructor(
    private readonly gateway: GatewayClient,
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
  ) {}

  @Get()
  async show(@Req() req: WebRequest, @Res() res: WebResponse): Promise<void> {
    const s = session(req);
    const { providerMarket, demandTrend } = await this.gateway.request<{
      providerMarket: ProviderMarket;
      demandTrend: TrendPoint[];
    }>(s, PROVIDER_MARKET_QUERY, {}, '/analytics/market');
    send(
      res,
      page({
        title: 'The market',
        session: s,
        current: '/analytics/market',
        content: providerMarketView(providerMarket, demandTrend, councilNamer(this.config)),
      }),
    );
  }
}
