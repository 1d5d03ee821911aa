import { Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import { button, csrfField, notification, radios, table, textInput, type Errors } from '../../platform/components.js';
import { hasErrors, submitMutation } from '../../platform/form-post.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html } from '../../platform/html.js';
import { field, session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { SECTOR_NAMES } from '../provider/provider.controller.js';
import { words } from '../council/referral-form.js';
import { ofstedGradeText, type OfstedJudgement } from '../provider/ofsted-grade.js';
import { HUB_PROVIDER, PROVIDERS, REGISTER_PROVIDER } from './providers.queries.js';

interface Provider {
  id: string;
  name: string;
  sector: string;
  topCompany: string | null;
}

interface ProviderSetting extends OfstedJudgement {
  urn: string;
  name: string;
  settingType: string;
  registeredPlaces: number;
  localAuthority: string | null;
  postcodeDistrict: string | null;
  registrationStatus: string;
}

/** The hub's view of the shared provider registry, and registering a provider. */
@Controller('hub/providers')
@Roles('hub.commissioner')
export class HubProvidersController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: WebResponse, @Query('registered') registered?: string): Promise<void> {
    await this.render(req, res, {}, { name: '', sector: '' }, registered);
  }

  @Get(':id')
  async one(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    const s = session(req);
    const { provider } = await this.gateway.request<{
      provider: (Provider & { settings: ProviderSetting[] }) | null;
    }>(s, HUB_PROVIDER, { id }, `/hub/providers/${id}`);
    if (!provider) throw new NotFoundException();
    send(
      res,
      page({
        title: provider.name,
        session: s,
        current: '/hub/providers',
        backLink: '/hub/providers',
        content: html`<span class="govuk-caption-l">${SECTOR_NAMES[provider.sector] ?? words(provider.sector)}</span>
          <h1 class="govuk-heading-l">${provider.name}</h1>
          ${
            provider.settings.length
              ? table({
                  id: 'provider-settings-table',
                  caption: `${provider.settings.length} ${provider.settings.length === 1 ? 'setting' : 'settings'}`,
                  head: ['Setting', 'Type', 'Registered places', 'Location', 'Ofsted grade', 'Registration'],
                  rows: provider.settings.map((x) => [
                    `${x.name} (${x.urn})`,
                    words(x.settingType),
                    String(x.registeredPlaces),
                    [x.localAuthority, x.postcodeDistrict].filter(Boolean).join(', ') || 'Not recorded',
                    ofstedGradeText(x),
                    words(x.registrationStatus),
                  ]),
                  numeric: [2],
                  rowHeaders: true,
                })
              : html`<p class="govuk-body">The registry holds no settings for this provider.</p>`
          }`,
      }),
    );
  }

  @Post()
  async register(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const values = { name: field(body, 'name'), sector: field(body, 'sector') };
    const errors: Errors = {};
    if (!values.name) errors['name'] = { href: 'name', text: 'Enter the provider’s name' };
    else if (values.name.length < 2 || values.name.length > 200)
      errors['name'] = { href: 'name', text: 'The name must be between 2 and 200 characters' };
    if (!Object.keys(SECTOR_NAMES).includes(values.sector))
      errors['sector'] = { href: 'sector', text: 'Select the provider’s sector' };
    const done = hasErrors(errors)
      ? undefined
      : await submitMutation<{ registerProvider: Provider }>(
          this.gateway,
          session(req),
          errors,
          'name',
          REGISTER_PROVIDER,
          { input: values },
          { codes: ['BAD_USER_INPUT'], message: (e) => e.message },
        );
    if (done) {
      res.redirect(303, `/hub/providers?registered=${encodeURIComponent(done.registerProvider.id)}`);
      return;
    }
    await this.render(req, res, errors, values, undefined, 400);
  }

  private async render(
    req: WebRequest,
    res: WebResponse,
    errors: Errors,
    values: { name: string; sector: string },
    registered?: string,
    status = 200,
  ): Promise<void> {
    const s = session(req);
    const { providers } = await this.gateway.request<{ providers: Provider[] }>(s, PROVIDERS, {}, '/hub/providers');
    const added = registered ? providers.find((p) => p.id === registered) : undefined;
    send(
      res,
      page({
        title: 'Providers',
        session: s,
        current: '/hub/providers',
        errors,
        content: html`${added ? notification(`${added.name} has been registered`, html`<p class="govuk-body">It is now in the shared provider registry.</p>`) : ''}
          <h1 class="govuk-heading-l">Providers</h1>
          <p class="govuk-body">
            <a class="govuk-link" href="/hub/provider-lists">Import the Ofsted provider lists</a> (settings recognised
            by URN), or register a provider by hand below.
          </p>
          ${
            providers.length
              ? table({
                  caption: `${providers.length} registered ${providers.length === 1 ? 'provider' : 'providers'}`,
                  head: ['Name', 'Sector', 'Part of'],
                  rows: providers.map((p) => [
                    html`<a class="govuk-link" href="/hub/providers/${p.id}">${p.name}</a>`,
                    SECTOR_NAMES[p.sector] ?? p.sector,
                    p.topCompany ?? 'Not recorded',
                  ]),
                  rowHeaders: true,
                })
              : html`<p class="govuk-body">No providers are registered yet.</p>`
          }
          <h2 class="govuk-heading-m">Register a provider</h2>
          <form method="post" action="/hub/providers" novalidate>
            ${csrfField(s.csrfToken)}
            ${textInput({ id: 'name', label: 'Name', value: values.name, error: errors['name'], autocomplete: 'organization' })}
            ${radios({
              id: 'sector',
              name: 'sector',
              legend: 'Sector',
              items: Object.entries(SECTOR_NAMES).map(([value, text]) => ({ value, text })),
              values: [values.sector],
              error: errors['sector'],
            })}
            ${button('Register provider')}
          </form>`,
      }),
      status,
    );
  }
}
