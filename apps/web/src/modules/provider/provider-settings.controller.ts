import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { AGE_BANDS, NEED_FLAGS } from '@rcc/contracts';
import { Roles } from '../../platform/access.js';
import {
  button,
  checkboxes,
  csrfField,
  dateInput,
  notification,
  summaryList,
  table,
  tag,
  textInput,
  type Errors,
} from '../../platform/components.js';
import { GatewayClient, GatewayError } from '../../platform/gateway.client.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { words } from '../council/referral-form.js';
import { AGE_BAND_NAMES } from '../demand-profile/demand-profile.query.js';
import { readVacancyForm } from './provider-forms.js';

interface Vacancy {
  id: string;
  vacancies: number;
  ageBands: string[];
  canMeet: string[];
  availableUntil: string;
  declaredAt: string;
  stale: boolean;
  staleAfter: string;
}

export interface Setting {
  urn: string;
  name: string;
  settingType: string;
  placementCategory: string;
  registeredPlaces: number;
  ageMin: number;
  ageMax: number;
  sex: string;
  needFlags: string[];
  localAuthority: string | null;
  postcodeDistrict: string | null;
  registrationStatus: string;
  registrationFlag: boolean;
  ofstedGrade: string | null;
  frameworks: { kind: string; name: string; lots: string[] }[];
  currentVacancy: Vacancy | null;
}

const FIELDS = `urn name settingType placementCategory registeredPlaces ageMin ageMax sex needFlags localAuthority
  postcodeDistrict registrationStatus registrationFlag ofstedGrade frameworks { kind name lots }
  currentVacancy { id vacancies ageBands canMeet availableUntil declaredAt stale staleAfter }`;

const today = () => new Date().toISOString().slice(0, 10);
const vacancyText = (v: Vacancy | null) =>
  v === null ? 'None declared' : `${v.vacancies} until ${v.availableUntil}${v.stale ? ' (stale: not counted)' : ''}`;

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
      `{ settings { ${FIELDS} } }`,
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
              ? html`<div class="app-table-wrapper">
                  ${table({
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
                  })}
                </div>`
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
      this.detail(req, setting, {}, {}, declared === '1' ? 'declared' : declared === '0' ? 'withdrawn' : undefined),
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
        await this.gateway.request(
          session(req),
          'mutation($input: DeclareVacancyInput!) { declareVacancy(input: $input) { id } }',
          {
            input: form.input,
          },
        );
        res.redirect(303, `/provider/settings/${encodeURIComponent(setting.urn)}?declared=1`);
        return;
      } catch (error) {
        // Bad input, or a declaration the registration does not allow (more places, other ages or needs).
        if (!(error instanceof GatewayError) || !['BAD_USER_INPUT', 'VACANCY_REFUSED'].includes(error.code))
          throw error;
        form.errors['vacancies'] = { href: 'vacancies', text: error.message };
      }
    }
    send(res, this.detail(req, setting, form.errors, form.values), 400);
  }

  @Post(':urn/withdraw')
  async withdraw(@Req() req: WebRequest, @Res() res: WebResponse, @Param('urn') urn: string): Promise<void> {
    const setting = await this.find(req, urn);
    await this.gateway.request(session(req), 'mutation($urn: String!) { withdrawVacancy(urn: $urn) }', {
      urn: setting.urn,
    });
    res.redirect(303, `/provider/settings/${encodeURIComponent(setting.urn)}?declared=0`);
  }

  private async find(req: WebRequest, urn: string): Promise<Setting> {
    if (!/^[A-Z0-9]{1,10}$/i.test(urn)) throw new NotFoundException();
    const { setting } = await this.gateway.request<{ setting: Setting | null }>(
      session(req),
      `query($urn: String!) { setting(urn: $urn) { ${FIELDS} } }`,
      { urn },
      `/provider/settings/${urn}`,
    );
    if (!setting) throw new NotFoundException();
    return setting;
  }

  private detail(
    req: WebRequest,
    x: Setting,
    errors: Errors,
    values: Record<string, string | string[]>,
    done?: 'declared' | 'withdrawn',
  ): SafeHtml {
    const s = session(req);
    const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
    const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
    return page({
      title: x.name,
      session: s,
      current: '/provider/settings',
      backLink: '/provider/settings',
      errors,
      content: html`${
          done === 'declared'
            ? notification('Vacancies declared', html`<p class="govuk-body">${vacancyText(x.currentVacancy)}.</p>`)
            : done === 'withdrawn'
              ? notification(
                  'Declaration withdrawn',
                  html`<p class="govuk-body">No places are counted for this setting now.</p>`,
                )
              : ''
        }
        <span class="govuk-caption-l">${x.urn}</span>
        <h1 class="govuk-heading-l">${x.name}</h1>
        ${
          x.registrationFlag
            ? html`<div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
                <strong class="govuk-warning-text__text"
                  ><span class="govuk-visually-hidden">Warning</span> This setting is ${x.registrationStatus}: councils
                  are warned before they accept an offer from it.</strong
                >
              </div>`
            : ''
        }
        ${summaryList([
          { key: 'Type', value: `${words(x.settingType)} (${words(x.placementCategory)})` },
          { key: 'Registered places', value: String(x.registeredPlaces) },
          { key: 'Ages', value: `${x.ageMin} to ${x.ageMax}` },
          { key: 'Sex', value: words(x.sex) },
          { key: 'Registered for needs', value: x.needFlags.map(words).join(', ') || 'None' },
          {
            key: 'Location',
            value: [x.localAuthority, x.postcodeDistrict].filter(Boolean).join(', ') || 'Not recorded',
          },
          { key: 'Ofsted grade', value: x.ofstedGrade ?? 'Not inspected' },
          { key: 'Frameworks', value: x.frameworks.map((f) => `${f.name} (${f.kind})`).join(', ') || 'None' },
          { key: 'Current declaration', value: vacancyText(x.currentVacancy) },
          ...(x.currentVacancy
            ? [
                {
                  key: 'Places are for',
                  value: `${x.currentVacancy.ageBands.map((a) => AGE_BAND_NAMES[a] ?? a).join(', ')}; ${words(x.sex)} (as registered)`,
                },
                {
                  key: 'Counts as supply until',
                  value: `${x.currentVacancy.staleAfter.slice(0, 16).replace('T', ' ')} UTC, unless you declare again`,
                },
              ]
            : []),
        ])}
        ${
          x.currentVacancy
            ? html`<form method="post" action="/provider/settings/${x.urn}/withdraw" novalidate>
                ${csrfField(s.csrfToken)} ${button('Withdraw this declaration', { secondary: true })}
              </form>`
            : ''
        }
        <h2 class="govuk-heading-m">Declare vacancies</h2>
        <form method="post" action="/provider/settings/${x.urn}/vacancy" novalidate>
          ${csrfField(s.csrfToken)}
          ${textInput({ id: 'vacancies', label: 'Places you can offer now', value: v('vacancies'), error: errors['vacancies'], classes: 'govuk-input--width-3', inputmode: 'numeric' })}
          ${checkboxes({ id: 'ageBands', name: 'ageBands', legend: 'Ages the places are for', hint: 'Select all that apply.', items: AGE_BANDS.map((a) => ({ value: a, text: AGE_BAND_NAMES[a] ?? a })), values: list('ageBands'), error: errors['ageBands'] })}
          ${checkboxes({ id: 'canMeet', name: 'canMeet', legend: 'Needs the places can meet (optional)', hint: 'Select all that apply.', items: NEED_FLAGS.map((n) => ({ value: n, text: words(n) })), values: list('canMeet'), error: errors['canMeet'] })}
          ${dateInput({ id: 'availableUntil', legend: 'Last day the places are available', hint: 'For example, 31 1 2027', value: { day: v('availableUntil-day'), month: v('availableUntil-month'), year: v('availableUntil-year') }, error: errors['availableUntil'] })}
          ${button('Declare vacancies')}
        </form>`,
    });
  }
}
