import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ADULT_CHILD_RATIOS,
  NEED_FLAGS,
  PLACEMENT_CATEGORIES,
  PURCHASE_ROUTES,
  REFERRAL_KINDS,
  RISKS_TO_CHILD,
  RISKS_TO_OTHERS,
  SUITABILITY,
  SUPPORT_NEEDS,
} from '@rcc/contracts';
import { Roles } from '../../platform/access.js';
import {
  button,
  checkboxes,
  csrfField,
  dateInput,
  notification,
  radios,
  summaryList,
  table,
  tag,
  textInput,
  type Errors,
} from '../../platform/components.js';
import { submitMutation } from '../../platform/form-post.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import {
  readAcceptForm,
  readEndForm,
  readPlacementForm,
  readReferralForm,
  readUnmetForm,
  SUITABILITY_FIELDS,
  UNMET_REASONS,
  words,
} from './referral-form.js';

interface Referral {
  id: string;
  childId: string;
  kind: string;
  startBy: string;
  siblings: number;
  status: string;
  localities: string[];
  closedReasons: string[];
  needs: string[];
  placement: {
    settingUrn: string;
    weeklyCostPence: number;
    route: string;
    placementCategory: string;
    contractId: string | null;
    startDate: string;
    endDate: string | null;
  } | null;
  responses: {
    responseId: string;
    providerName: string;
    settingUrn: string;
    settingType: string;
    response: string;
    weeklyPricePence: number | null;
    startDate: string | null;
    declineReason: string | null;
    registrationFlag: boolean;
    respondedAt: string;
  }[];
}

const FIELDS = `id childId kind startBy siblings status localities closedReasons needs
  placement { settingUrn weeklyCostPence route placementCategory contractId startDate endDate }
  responses { responseId providerName settingUrn settingType response weeklyPricePence startDate declineReason registrationFlag respondedAt }`;
const STATUSES = ['open', 'placed', 'unmet', 'withdrawn'];
const STATUS_COLOURS: Record<string, string> = { open: 'blue', placed: 'green', unmet: 'red', withdrawn: 'grey' };
const pounds = (pence: number) =>
  `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const short = (id: string) => id.slice(0, 8);

/** A council's referrals (needs-led home searches): analysts read, placements officers open, place and close unmet. */
@Controller('council/referrals')
@Roles('council.analyst', 'council.placements')
export class ReferralsController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get()
  async list(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Query('status') status?: string,
    @Query('opened') opened?: string,
  ): Promise<void> {
    const s = session(req);
    const filter = status && STATUSES.includes(status) ? status : undefined;
    const { councilReferrals } = await this.gateway.request<{ councilReferrals: Referral[] }>(
      s,
      `query($status: String) { councilReferrals(status: $status) { ${FIELDS} } }`,
      { status: filter ?? null },
      '/council/referrals',
    );
    const added = opened ? councilReferrals.find((r) => r.id === opened) : undefined;
    const canEdit = s.principal?.roles.includes('council.placements');
    send(
      res,
      page({
        title: 'Referrals',
        session: s,
        current: '/council/referrals',
        content: html`${added ? notification(`Referral ${short(added.id)} opened for child ${added.childId}`, html`<p class="govuk-body">The region has been told what is needed, not who.</p>`) : ''}
          <h1 class="govuk-heading-l">Referrals</h1>
          ${canEdit ? html`<a href="/council/referrals/new" role="button" draggable="false" class="govuk-button" data-module="govuk-button">Open a referral</a>` : ''}
          <nav aria-label="Filter by status">
            <ul class="govuk-list app-inline-list">
              <li>
                ${filter ? html`<a class="govuk-link" href="/council/referrals">All</a>` : html`<strong>All</strong>`}
              </li>
              ${STATUSES.map((st) => html`<li>${filter === st ? html`<strong>${words(st)}</strong>` : html`<a class="govuk-link" href="/council/referrals?status=${st}">${words(st)}</a>`}</li>`)}
            </ul>
          </nav>
          ${
            councilReferrals.length
              ? table({
                  id: 'referrals-table',
                  caption: `${councilReferrals.length} ${filter ? words(filter).toLowerCase() : ''} ${councilReferrals.length === 1 ? 'referral' : 'referrals'}`,
                  head: ['Referral', 'Child', 'Kind', 'Start by', 'Localities', 'Status'],
                  rows: councilReferrals.map((r) => [
                    html`<a class="govuk-link" href="/council/referrals/${r.id}"
                      >${short(r.id)}<span class="govuk-visually-hidden"> (child ${r.childId})</span></a
                    >`,
                    r.childId,
                    words(r.kind),
                    r.startBy,
                    r.localities.join(', ') || 'None given',
                    tag(words(r.status), STATUS_COLOURS[r.status]),
                  ]),
                })
              : html`<p class="govuk-body">There are no ${filter ? words(filter).toLowerCase() : ''} referrals.</p>`
          }`,
      }),
    );
  }

  @Get('new')
  @Roles('council.placements')
  newForm(@Req() req: WebRequest, @Res() res: WebResponse): void {
    send(res, this.openPage(req, {}, {}));
  }

  @Post()
  @Roles('council.placements')
  async open(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: Record<string, unknown>): Promise<void> {
    const form = readReferralForm(body);
    const opened = form.input
      ? await submitMutation<{ openReferral: { id: string } }>(
          this.gateway,
          session(req),
          form.errors,
          'childId',
          'mutation($input: OpenReferralInput!) { openReferral(input: $input) { id } }',
          { input: form.input },
          {
            codes: ['NOT_FOUND', 'BAD_USER_INPUT'],
            message: (e) => (e.code === 'NOT_FOUND' ? 'There is no child with this id in your records' : e.message),
          },
        )
      : undefined;
    if (opened) {
      res.redirect(303, `/council/referrals?opened=${encodeURIComponent(opened.openReferral.id)}`);
      return;
    }
    send(res, this.openPage(req, form.values, form.errors), 400);
  }

  @Get(':id')
  async show(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string): Promise<void> {
    send(res, this.detailPage(req, await this.find(req, id), {}, {}, []));
  }

  @Post(':id/placement')
  @Roles('council.placements')
  async place(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const referral = await this.find(req, id);
    const form = readPlacementForm(body);
    if (form.input) {
      const done = await this.mutate(
        req,
        form.errors,
        'settingUrn',
        'mutation($input: RecordPlacementInput!) { recordPlacement(input: $input) { id } }',
        {
          input: { referralId: referral.id, ...form.input },
        },
      );
      if (done) {
        res.redirect(303, `/council/referrals/${referral.id}`);
        return;
      }
    }
    send(res, this.detailPage(req, referral, form.errors, form.values, []), 400);
  }

  @Post(':id/unmet')
  @Roles('council.placements')
  async unmet(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const referral = await this.find(req, id);
    const form = readUnmetForm(body);
    if (Object.keys(form.errors).length === 0) {
      const done = await this.mutate(
        req,
        form.errors,
        'reasons',
        'mutation($input: CloseUnmetInput!) { closeReferralUnmet(input: $input) { id } }',
        {
          input: { referralId: referral.id, reasons: form.values },
        },
      );
      if (done) {
        res.redirect(303, `/council/referrals/${referral.id}`);
        return;
      }
    }
    send(res, this.detailPage(req, referral, form.errors, {}, form.values), 400);
  }

  @Post(':id/accept')
  @Roles('council.placements')
  async accept(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const referral = await this.find(req, id);
    const offers = referral.responses.filter((r) => r.response === 'offer').map((r) => r.responseId);
    const form = readAcceptForm(body, offers);
    if (form.input) {
      const done = await this.mutate(
        req,
        form.errors,
        'responseId',
        'mutation($input: AcceptOfferInput!) { acceptOffer(input: $input) { id } }',
        { input: form.input },
      );
      if (done) {
        res.redirect(303, `/council/referrals/${referral.id}`);
        return;
      }
    }
    send(res, this.detailPage(req, referral, form.errors, form.values, []), 400);
  }

  @Post(':id/end')
  @Roles('council.placements')
  async end(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const referral = await this.find(req, id);
    const form = readEndForm(body);
    if (form.endDate) {
      const done = await this.mutate(
        req,
        form.errors,
        'endDate-day',
        'mutation($input: EndPlacementInput!) { endPlacement(input: $input) { id } }',
        { input: { referralId: referral.id, endDate: form.endDate } },
      );
      if (done) {
        res.redirect(303, `/council/referrals/${referral.id}`);
        return;
      }
    }
    send(res, this.detailPage(req, referral, form.errors, form.values, []), 400);
  }

  /** Runs a mutation; a refusal the user can act on (closed referral, bad input) becomes a form error. */
  private async mutate(
    req: WebRequest,
    errors: Errors,
    fieldId: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<boolean> {
    const done = await submitMutation(this.gateway, session(req), errors, fieldId, query, variables, {
      codes: ['BAD_USER_INPUT', 'REFERRAL_CLOSED', 'NOT_FOUND'],
      message: (e) => (e.code === 'REFERRAL_CLOSED' ? 'This referral is already closed' : e.message),
    });
    return done !== undefined;
  }

  private async find(req: WebRequest, id: string): Promise<Referral> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundException();
    const { councilReferrals } = await this.gateway.request<{ councilReferrals: Referral[] }>(
      session(req),
      `{ councilReferrals { ${FIELDS} } }`,
      {},
      `/council/referrals/${id}`,
    );
    const referral = councilReferrals.find((r) => r.id === id);
    if (!referral) throw new NotFoundException();
    return referral;
  }

  private responses(r: Referral): SafeHtml {
    if (r.responses.length === 0)
      return html`<h2 class="govuk-heading-m">Providers’ responses</h2>
        <p class="govuk-body">No provider has responded yet.</p>`;
    return html`<h2 class="govuk-heading-m">Providers’ responses</h2>
      <div class="app-table-wrapper">
        ${table({
          id: 'responses-table',
          caption: `${r.responses.length} ${r.responses.length === 1 ? 'response' : 'responses'}, newest first`,
          captionSize: 's',
          head: ['Provider', 'Setting', 'Response', 'Weekly price', 'Start', 'Reason', 'Registration'],
          rows: r.responses.map((x) => [
            x.providerName,
            `${x.settingUrn} (${words(x.settingType)})`,
            tag(words(x.response), x.response === 'offer' ? 'green' : 'grey'),
            x.weeklyPricePence === null ? '' : pounds(x.weeklyPricePence),
            x.startDate ?? '',
            x.declineReason ? words(x.declineReason) : '',
            x.registrationFlag ? tag('Check registration', 'red') : 'Registered',
          ]),
          numeric: [3],
        })}
      </div>`;
  }

  private acceptForm(r: Referral, csrf: string, errors: Errors, values: Record<string, string>): SafeHtml {
    const offers = r.responses.filter((x) => x.response === 'offer');
    return html`<h2 class="govuk-heading-m">Accept an offer</h2>
      <form method="post" action="/council/referrals/${r.id}/accept" novalidate>
        ${csrfField(csrf)}
        ${radios({
          id: 'responseId',
          name: 'responseId',
          legend: 'Which offer?',
          items: offers.map((x) => ({
            value: x.responseId,
            text: `${x.providerName}: ${x.settingUrn}, ${x.weeklyPricePence === null ? 'no price' : `${pounds(x.weeklyPricePence)} a week`}`,
            ...(x.registrationFlag
              ? { hint: 'The setting is suspended or unregistered: check before accepting.' }
              : {}),
          })),
          values: [values['responseId'] ?? ''],
          error: errors['responseId'],
        })}
        ${radios({
          id: 'acceptRoute',
          name: 'acceptRoute',
          legend: 'How is it bought?',
          items: PURCHASE_ROUTES.map((p) => ({
            value: p,
            text: p === 'dps' ? 'Dynamic purchasing system (DPS)' : words(p),
          })),
          values: [values['acceptRoute'] ?? ''],
          error: errors['acceptRoute'],
        })}
        ${textInput({
          id: 'contractId',
          label: 'Block contract id (for a block bed)',
          value: values['contractId'] ?? '',
          error: errors['contractId'],
          spellcheck: false,
        })}
        ${button('Accept offer')}
      </form>`;
  }

  private detailPage(
    req: WebRequest,
    r: Referral,
    errors: Errors,
    placement: Record<string, string>,
    reasons: string[],
  ): SafeHtml {
    const s = session(req);
    const placements = s.principal?.roles.includes('council.placements') ?? false;
    const canEdit = r.status === 'open' && placements;
    const canEnd = placements && r.placement !== null && r.placement.endDate === null;
    const offers = r.responses.filter((x) => x.response === 'offer');
    const v = (k: string) => placement[k] ?? '';
    return page({
      title: `Referral ${short(r.id)}`,
      session: s,
      current: '/council/referrals',
      backLink: '/council/referrals',
      errors,
      content: html`<span class="govuk-caption-l">Referral ${short(r.id)}</span>
        <h1 class="govuk-heading-l">Home search for child ${r.childId}</h1>
        ${summaryList([
          { key: 'Status', value: tag(words(r.status), STATUS_COLOURS[r.status]) },
          { key: 'Kind', value: words(r.kind) },
          { key: 'Latest start date', value: r.startBy },
          { key: 'Siblings to place together', value: String(r.siblings) },
          { key: 'Localities', value: r.localities.join(', ') || 'None given' },
          { key: 'Registration needs', value: r.needs.map(words).join(', ') || 'None' },
          ...(r.closedReasons.length ? [{ key: 'Why unmet', value: r.closedReasons.map(words).join(', ') }] : []),
          ...(r.placement
            ? [
                { key: 'Setting (Ofsted URN)', value: r.placement.settingUrn },
                { key: 'Weekly cost (excluding VAT)', value: pounds(r.placement.weeklyCostPence) },
                { key: 'How it was bought', value: words(r.placement.route) },
                { key: 'Placement type', value: words(r.placement.placementCategory) },
                ...(r.placement.contractId ? [{ key: 'Block contract', value: r.placement.contractId }] : []),
                { key: 'Placement start', value: r.placement.startDate },
                { key: 'Placement end', value: r.placement.endDate ?? 'Not ended' },
              ]
            : []),
        ])}
        ${this.responses(r)} ${canEdit && offers.length ? this.acceptForm(r, s.csrfToken, errors, placement) : ''}
        ${
          canEnd
            ? html`<h2 class="govuk-heading-m">End the placement</h2>
                <form method="post" action="/council/referrals/${r.id}/end" novalidate>
                  ${csrfField(s.csrfToken)}
                  ${dateInput({ id: 'endDate', legend: 'Date the child left', hint: 'The last night there is the night before. For example, 3 4 2027', value: { day: v('endDate-day'), month: v('endDate-month'), year: v('endDate-year') }, error: errors['endDate'] })}
                  ${button('End placement', { secondary: true })}
                </form>`
            : ''
        }
        ${
          canEdit
            ? html`<h2 class="govuk-heading-m">Record the placement</h2>
                <form method="post" action="/council/referrals/${r.id}/placement" novalidate>
                  ${csrfField(s.csrfToken)}
                  ${textInput({ id: 'settingUrn', label: 'Ofsted URN of the setting', hint: 'For example, SC999999', value: v('settingUrn'), error: errors['settingUrn'], classes: 'govuk-input--width-10', spellcheck: false })}
                  ${textInput({ id: 'weeklyCost', label: 'Agreed weekly cost, excluding VAT', value: v('weeklyCost'), error: errors['weeklyCost'], classes: 'govuk-input--width-10', prefix: '£', inputmode: 'decimal' })}
                  ${radios({ id: 'route', name: 'route', legend: 'How was it bought?', items: PURCHASE_ROUTES.map((p) => ({ value: p, text: p === 'dps' ? 'Dynamic purchasing system (DPS)' : words(p) })), values: [v('route')], error: errors['route'] })}
                  ${dateInput({ id: 'startDate', legend: 'Placement start date', hint: 'For example, 14 11 2026', value: { day: v('startDate-day'), month: v('startDate-month'), year: v('startDate-year') }, error: errors['startDate'] })}
                  ${radios({ id: 'placementCategory', name: 'placementCategory', legend: 'Kind of placement', hint: 'Leave unselected to use the kind of home the referral marked preferred.', items: PLACEMENT_CATEGORIES.map((c) => ({ value: c, text: words(c) })), values: [v('placementCategory')], error: errors['placementCategory'] })}
                  ${textInput({ id: 'placementContractId', name: 'contractId', label: 'Block contract id (for a block bed)', value: v('contractId'), error: errors['contractId'], spellcheck: false })}
                  ${button('Record placement')}
                </form>
                <h2 class="govuk-heading-m">Close as unmet</h2>
                <p class="govuk-body">No acceptable offer: this is the market-gap signal the region plans from.</p>
                <form method="post" action="/council/referrals/${r.id}/unmet" novalidate>
                  ${csrfField(s.csrfToken)}
                  ${checkboxes({ id: 'reasons', name: 'reasons', legend: 'Why was no offer acceptable?', hint: 'Select all that apply.', items: UNMET_REASONS.map((u) => ({ value: u, text: words(u) })), values: reasons, error: errors['reasons'] })}
                  ${button('Close as unmet', { secondary: true })}
                </form>`
            : ''
        }`,
    });
  }

  private openPage(req: WebRequest, values: Record<string, string | string[]>, errors: Errors): SafeHtml {
    const s = session(req);
    const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
    const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
    const yesNo = [
      { value: 'yes', text: 'Yes' },
      { value: 'no', text: 'No' },
    ];
    return page({
      title: 'Open a referral',
      session: s,
      current: '/council/referrals',
      backLink: '/council/referrals',
      errors,
      content: html`<h1 class="govuk-heading-l">Open a referral</h1>
        <p class="govuk-body">
          A needs-led home search. The region and providers are told what is needed, never who: no name, date of birth
          or full postcode leaves your council.
        </p>
        <form method="post" action="/council/referrals" novalidate>
          ${csrfField(s.csrfToken)}
          ${textInput({ id: 'childId', label: 'Child’s id in your records', hint: 'The CHILD id from your SSDA903 return', value: v('childId'), error: errors['childId'], classes: 'govuk-input--width-10', spellcheck: false })}
          ${radios({ id: 'kind', name: 'kind', legend: 'Is this planned or an emergency?', items: REFERRAL_KINDS.map((k) => ({ value: k, text: words(k) })), values: [v('kind')], error: errors['kind'], inline: true })}
          ${dateInput({ id: 'startBy', legend: 'Latest start date', hint: 'For example, 14 11 2026', value: { day: v('startBy-day'), month: v('startBy-month'), year: v('startBy-year') }, error: errors['startBy'] })}
          ${textInput({ id: 'siblings', label: 'Siblings to place together', hint: '0 if none', value: v('siblings') || '0', error: errors['siblings'], classes: 'govuk-input--width-2', inputmode: 'numeric' })}
          ${textInput({ id: 'localities', label: 'Localities (optional)', hint: 'Postcode sectors of family, school or preferred area, separated by commas, for example ST4 2, ST5 1. Never full postcodes.', value: v('localities'), error: errors['localities'] })}
          ${radios({ id: 'closeToFamily', name: 'closeToFamily', legend: 'Does the child need to live close to family?', items: yesNo, values: [v('closeToFamily')], error: errors['closeToFamily'], inline: true })}
          ${radios({ id: 'mustStayAtSchool', name: 'mustStayAtSchool', legend: 'Must the child stay at their current school?', items: yesNo, values: [v('mustStayAtSchool')], error: errors['mustStayAtSchool'], inline: true })}
          <h2 class="govuk-heading-m">What kind of home</h2>
          ${SUITABILITY_FIELDS.map(([key, label]) =>
            radios({
              id: `suitability-${key}`,
              name: `suitability-${key}`,
              legend: label,
              items: SUITABILITY.map((x) => ({ value: x, text: words(x) })),
              values: [v(`suitability-${key}`)],
              error: errors[`suitability-${key}`],
              inline: true,
            }),
          )}
          ${radios({ id: 'ratio', name: 'ratio', legend: 'Minimum adult to child ratio', items: ADULT_CHILD_RATIOS.map((x) => ({ value: x, text: x === 'more-than-2:1' ? 'More than 2:1' : words(x) })), values: [v('ratio')], error: errors['ratio'], inline: true })}
          <h2 class="govuk-heading-m">Risks</h2>
          ${RISKS_TO_CHILD.map((risk) =>
            radios({
              id: `risk-${risk}`,
              name: `risk-${risk}`,
              legend: `Risk to the child: ${words(risk).toLowerCase()}`,
              items: ['none', 'low', 'high'].map((l) => ({ value: l, text: words(l) })),
              values: [v(`risk-${risk}`) || 'none'],
              error: errors[`risk-${risk}`],
              inline: true,
            }),
          )}
          ${checkboxes({ id: 'risksToOthers', name: 'risksToOthers', legend: 'Risks to others', hint: 'Select all that apply.', items: RISKS_TO_OTHERS.map((x) => ({ value: x, text: words(x) })), values: list('risksToOthers'), error: errors['risksToOthers'] })}
          ${checkboxes({ id: 'needs', name: 'needs', legend: 'Registration needs the home must hold', hint: 'Ofsted’s need-specific registration categories. Select all that apply.', items: NEED_FLAGS.map((x) => ({ value: x, text: words(x) })), values: list('needs'), error: errors['needs'] })}
          ${checkboxes({ id: 'support', name: 'support', legend: 'Additional support needed', hint: 'Select all that apply.', items: SUPPORT_NEEDS.map((x) => ({ value: x, text: words(x) })), values: list('support'), error: errors['support'] })}
          ${button('Open referral')}
        </form>`,
    });
  }
}
