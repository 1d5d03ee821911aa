import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import { table, tag } from '../../platform/components.js';
import { GatewayClient, GatewayError } from '../../platform/gateway.client.js';
import { html } from '../../platform/html.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { words } from '../council/referral-form.js';
import { readVacancyForm } from './provider-forms.js';
import { DECLARE_VACANCY, PROVIDER_SETTING, PROVIDER_SETTINGS, WITHDRAW_VACANCY } from './provider-settings.queries.js';
import { settingPage, today, vacancyText, type Setting } from './provider-settings.view.js';

/** A provider's settings (homes, agencies) and their dated vacancy declarations: usable places, never inferred. */
@Controller('provider/settings')
@Roles('provider.user')
export class ProviderSettingsController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: WebResponse): Promise<void> {
    const s = session(req);
    const { settings } = await this.gateway.request<{ settings: Setting[] }>(
      s,
      PROVIDER_SETTINGS,
      {},
      '/provider/settings',
    );
    send(
      res,
      page({
        title: 'Your settings and vacancies',
        session: s,
        current: '/provider/settings',
        content: html`<h1 class="govuk-heading-l">Your settings and vacancies</h1>
          <p class="govuk-body">
            Declare the places you can really offer now: registered places are a ceiling, not supply. A declaration goes
            stale after a while and then is not counted.
          </p>
          ${
            settings.length
              ? table({
                  id: 'settings-table',
                  caption: `${settings.length} ${settings.length === 1 ? 'setting' : 'settings'}`,
                  head: ['Setting', 'Type', 'Registered places', 'Registration', 'Vacancies'],
                  rows: settings.map((x) => [
                    html`<a class="govuk-link" href="/provider/settings/${x.urn}"
                      >${x.name}<span class="govuk-visually-hidden"> (${x.urn})</span></a
                    >`,
                    words(x.settingType),
                    String(x.registeredPlaces),
                    x.registrationFlag ? tag(words(x.registrationStatus), 'red') : words(x.registrationStatus),
                    vacancyText(x.currentVacancy),
                  ]),
                  numeric: [2],
                })
              : html`<p class="govuk-body">
                  The registry holds no settings for your organisation. They arrive with the Ofsted lists the hub
                  imports.
                </p>`
          }`,
      }),
    );
  }

  @Get(':urn')
  async show(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param('urn') urn: string,
    @Query('declared') declared?: string,
  ): Promise<void> {
    const setting = await this.find(req, urn);
    send(
      res,
      settingPage(
        session(req),
        setting,
        {},
        {},
        declared === '1' ? 'declared' : declared === '0' ? 'withdrawn' : undefined,
      ),
    );
  }

  @Post(':urn/vacancy')
  async declare(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param('urn') urn: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const setting = await this.find(req, urn);
    const form = readVacancyForm(body, setting.urn, today());
    if (form.input) {
      try {
        await this.gateway.request(session(req), DECLARE_VACANCY, {
          input: form.input,
        });
        res.redirect(303, `/provider/settings/${encodeURIComponent(setting.urn)}?declared=1`);
        return;
      } catch (error) {
        // Bad input, or a declaration the registration does not allow (more places, other ages or needs).
        if (!(error instanceof GatewayError) || !['BAD_USER_INPUT', 'VACANCY_REFUSED'].includes(error.code))
          throw error;
        form.errors['vacancies'] = { href: 'vacancies', text: error.message };
      }
    }
    send(res, settingPage(session(req), setting, form.errors, form.values), 400);
  }

  @Post(':urn/withdraw')
  async withdraw(@Req() req: WebRequest, @Res() res: WebResponse, @Param('urn') urn: string): Promise<void> {
    const setting = await this.find(req, urn);
    await this.gateway.request(session(req), WITHDRAW_VACANCY, {
      urn: setting.urn,
    });
    res.redirect(303, `/provider/settings/${encodeURIComponent(setting.urn)}?declared=0`);
  }

  private async find(req: WebRequest, urn: string): Promise<Setting> {
    if (!/^[A-Z0-9]{1,10}$/i.test(urn)) throw new NotFoundException();
    const { setting } = await this.gateway.request<{ setting: Setting | null }>(
      session(req),
      PROVIDER_SETTING,
      { urn },
      `/provider/settings/${urn}`,
    );
    if (!setting) throw new NotFoundException();
    return setting;
  }
}
