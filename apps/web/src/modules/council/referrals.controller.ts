import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import { notification, table, type Errors } from '../../platform/components.js';
import { submitMutation } from '../../platform/form-post.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html } from '../../platform/html.js';
import { govukDate } from '../../platform/dates.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { detailPage, statusTag } from './referral-detail.view.js';
import { checkPage, stepPage } from './referral-open.view.js';
import { readReferralStep, type StepOutcome } from './referral-steps.js';
import {
  ABOUT_CHILD_FIELD,
  readAcceptForm,
  readEndForm,
  readPlacementForm,
  readUnmetForm,
  words,
} from './referral-form.js';
import { EXTEND_HOURS, WITHDRAW_REASONS } from './referral-reach.view.js';
import {
  short,
  STATUSES,
  type BlockContractChoice,
  type ChildEcho,
  type CouncilReferral,
  type ReferralReach,
} from './referral-types.js';
import {
  ACCEPT_OFFER,
  CLOSE_UNMET,
  COUNCIL_BLOCK_CONTRACTS,
  COUNCIL_REFERRALS,
  END_PLACEMENT,
  EXTEND_REFERRAL_WINDOW,
  OPEN_REFERRAL,
  RECORD_PLACEMENT,
  REFERRAL_CHILD,
  REFERRAL_REACH,
  WIDEN_REFERRAL,
  WITHDRAW_REFERRAL,
} from './referrals.queries.js';
import { findReferral } from './referral-read.js';
import { readWidenForm } from './referral-widen.js';

type Body = Record<string, unknown>;
const one = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');

/** A council's referrals (needs-led home searches): analysts read; placements officers open, place, extend, close. */
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
    const { councilReferrals } = await this.gateway.request<{ councilReferrals: CouncilReferral[] }>(
      s,
      COUNCIL_REFERRALS,
      { status: filter ?? null },
      '/council/referrals',
    );
    const reach = await this.reach(
      req,
      councilReferrals.slice(0, 100).map((r) => r.id),
    );
    const asked = (r: CouncilReferral) => {
      const x = reach.find((y) => y.referralId === r.id);
      if (!x) return 'Not in the marketplace yet';
      return x.asked ? `${x.asked} ${x.asked === 1 ? 'setting' : 'settings'}` : 'Nothing matched';
    };
    const added = opened ? councilReferrals.find((r) => r.id === opened) : undefined;
    const canEdit = s.principal?.roles.includes('council.placements');
    send(
      res,
      page({
        title: 'Referrals',
        session: s,
        current: '/council/referrals',
        content: html`${added ? notification(`Referral ${short(added.id)} opened for child ${added.childId}`, html`<p class="govuk-body">The region has been told what is needed, not who. Open it to see which homes were asked.</p>`) : ''}
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
              ? html`<div class="app-table-wrapper" tabindex="0" role="region" aria-label="Referrals">
                  ${table({
                    id: 'referrals-table',
                    caption: `${councilReferrals.length} ${filter ? words(filter).toLowerCase() : ''} ${councilReferrals.length === 1 ? 'referral' : 'referrals'}`,
                    head: ['Referral', 'Child', 'Start by', 'Localities', 'Asked', 'Offers', 'Status'],
                    rows: councilReferrals.map((r) => [
                      html`<a class="govuk-link" href="/council/referrals/${r.id}"
                        >${short(r.id)}<span class="govuk-visually-hidden"> (child ${r.childId})</span></a
                      >`,
                      r.childId,
                      govukDate(r.startBy),
                      r.localities.join(', ') || 'None given',
                      asked(r),
                      String(r.responses.filter((x) => x.response === 'offer').length),
                      statusTag(r),
                    ]),
                  })}
                </div>`
              : html`<p class="govuk-body">There are no ${filter ? words(filter).toLowerCase() : ''} referrals.</p>`
          }`,
      }),
    );
  }

  @Get('new')
  @Roles('council.placements')
  newForm(@Req() req: WebRequest, @Res() res: WebResponse): void {
    send(res, stepPage(session(req), 'child', {}, {}));
  }

  /** The question pages: each checks its answers and leads to the next, then to check your answers. */
  @Post('new')
  @Roles('council.placements')
  async nextStep(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: Body): Promise<void> {
    const { next, child } = await this.withChild(req, readReferralStep(body));
    const bad = Object.keys(next.errors).length > 0;
    if (next.show === 'check') send(res, checkPage(session(req), next.values, next.input, {}, child!));
    else send(res, stepPage(session(req), next.show, next.values, next.errors, child), bad ? 400 : 200);
  }

  @Post()
  @Roles('council.placements')
  async open(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: Body): Promise<void> {
    const { next: form, child } = await this.withChild(req, readReferralStep({ ...body, step: 'about', change: '' }));
    if (form.show !== 'check')
      return send(res, stepPage(session(req), form.show, form.values, form.errors, child), 400);
    // A refusal is about one page's answers: the summary links to that page's Change button.
    const errors: Errors = {};
    const opened = await submitMutation<{ openReferral: { id: string } }>(
      this.gateway,
      session(req),
      errors,
      'change-child',
      OPEN_REFERRAL,
      { input: form.input },
      { codes: ['NOT_FOUND', 'BAD_USER_INPUT'] },
    );
    if (opened) return res.redirect(303, `/council/referrals?opened=${encodeURIComponent(opened.openReferral.id)}`);
    const refusal = errors['change-child'];
    if (refusal && refusal.text.toLowerCase().includes(ABOUT_CHILD_FIELD)) {
      errors['change-about'] = { ...refusal, href: 'change-about' };
      delete errors['change-child'];
    }
    send(res, checkPage(session(req), form.values, form.input, errors, child!), 400);
  }

  /**
   * The child from the council's latest return, for every page after the first (docs/adr/0060): an id not in it, or
   * of a child not looked after, sends the officer back to the first page with the council's plain reason.
   */
  private async withChild(req: WebRequest, next: StepOutcome): Promise<{ next: StepOutcome; child?: ChildEcho }> {
    if (next.show === 'child') return { next };
    const errors: Errors = {};
    const found = await submitMutation<{ referralChild: ChildEcho }>(
      this.gateway,
      session(req),
      errors,
      'childId',
      REFERRAL_CHILD,
      { childId: typeof next.values['childId'] === 'string' ? next.values['childId'] : '' },
      { codes: ['NOT_FOUND', 'BAD_USER_INPUT'] },
    );
    return found ? { next, child: found.referralChild } : { next: { show: 'child', values: next.values, errors } };
  }

  @Get(':id')
  async show(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string): Promise<void> {
    await this.redisplay(req, res, await this.find(req, id), {}, {}, {}, 200);
  }

  @Post(':id/placement')
  @Roles('council.placements')
  async place(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body) {
    const referral = await this.find(req, id);
    const form = readPlacementForm(body);
    if (
      form.input &&
      (await this.mutate(req, form.errors, 'settingUrn', RECORD_PLACEMENT, { referralId: id, ...form.input }))
    )
      return res.redirect(303, `/council/referrals/${id}`);
    await this.redisplay(req, res, referral, form.errors, form.values, {});
  }

  @Post(':id/unmet')
  @Roles('council.placements')
  async unmet(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body) {
    const referral = await this.find(req, id);
    const form = readUnmetForm(body);
    if (
      Object.keys(form.errors).length === 0 &&
      (await this.mutate(req, form.errors, 'reasons', CLOSE_UNMET, { referralId: id, reasons: form.values }))
    )
      return res.redirect(303, `/council/referrals/${id}`);
    await this.redisplay(req, res, referral, form.errors, {}, { reasons: form.values });
  }

  @Post(':id/accept')
  @Roles('council.placements')
  async accept(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body) {
    const referral = await this.find(req, id);
    const offers = referral.responses.filter((r) => r.response === 'offer').map((r) => r.responseId);
    const form = readAcceptForm(body, offers);
    if (form.input && (await this.mutate(req, form.errors, 'acceptRoute', ACCEPT_OFFER, form.input)))
      return res.redirect(303, `/council/referrals/${id}`);
    // Each offer has its own form: the errors point at that offer's fields.
    const suffix = short(form.values.responseId);
    for (const [key, error] of Object.entries(form.errors))
      if (key === 'acceptRoute' || key === 'contractId') error.href = `${key}-${suffix}`;
    await this.redisplay(req, res, referral, form.errors, form.values, {});
  }

  @Post(':id/end')
  @Roles('council.placements')
  async end(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body) {
    const referral = await this.find(req, id);
    const form = readEndForm(body);
    if (
      form.endDate &&
      (await this.mutate(req, form.errors, 'endDate-day', END_PLACEMENT, { referralId: id, endDate: form.endDate }))
    )
      return res.redirect(303, `/council/referrals/${id}`);
    await this.redisplay(req, res, referral, form.errors, form.values, {});
  }

  @Post(':id/withdraw')
  @Roles('council.placements')
  async withdraw(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body) {
    const referral = await this.find(req, id);
    const reason = one(body, 'withdrawReason');
    const errors: Errors = {};
    if (!(WITHDRAW_REASONS as readonly string[]).includes(reason))
      errors['withdrawReason'] = { href: 'withdrawReason', text: 'Select why the referral is withdrawn' };
    else if (await this.mutate(req, errors, 'withdrawReason', WITHDRAW_REFERRAL, { referralId: id, reason }))
      return res.redirect(303, `/council/referrals/${id}`);
    await this.redisplay(req, res, referral, errors, { withdrawReason: reason }, {});
  }

  @Post(':id/extend')
  @Roles('council.placements')
  async extend(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body) {
    const referral = await this.find(req, id);
    const hours = one(body, 'hours');
    const errors: Errors = {};
    if (!(EXTEND_HOURS as readonly string[]).includes(hours))
      errors['hours'] = { href: 'hours', text: 'Select how much longer providers have to answer' };
    else if (await this.mutate(req, errors, 'hours', EXTEND_REFERRAL_WINDOW, { referralId: id, hours: Number(hours) }))
      return res.redirect(303, `/council/referrals/${id}`);
    await this.redisplay(req, res, referral, errors, { hours }, {});
  }

  @Post(':id/widen')
  @Roles('council.placements')
  async widen(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body) {
    const referral = await this.find(req, id);
    const [reach] = await this.reach(req, [id]);
    if (!reach) throw new NotFoundException();
    const form = readWidenForm(body, reach.shared);
    if (form.input && (await this.mutate(req, form.errors, 'widen', WIDEN_REFERRAL, { referralId: id, ...form.input })))
      return res.redirect(303, `/council/referrals/${id}`);
    await this.redisplay(req, res, referral, form.errors, {}, { widen: form.values });
  }

  /** Runs a mutation; a refusal the user can act on (closed referral, bad input) becomes a form error. */
  private async mutate(
    req: WebRequest,
    errors: Errors,
    fieldId: string,
    query: string,
    input: Record<string, unknown>,
  ): Promise<boolean> {
    const done = await submitMutation(
      this.gateway,
      session(req),
      errors,
      fieldId,
      query,
      { input },
      {
        codes: ['BAD_USER_INPUT', 'REFERRAL_CLOSED', 'REFERRAL_NOT_OPEN', 'NOT_FOUND'],
        message: (e) =>
          e.code === 'REFERRAL_CLOSED' || e.code === 'REFERRAL_NOT_OPEN'
            ? 'This referral is already closed'
            : e.message,
      },
    );
    return done !== undefined;
  }

  private async redisplay(
    req: WebRequest,
    res: WebResponse,
    referral: CouncilReferral,
    errors: Errors,
    values: Record<string, string>,
    lists: { reasons?: string[]; widen?: string[] },
    status = 400,
  ): Promise<void> {
    const [reach] = await this.reach(req, [referral.id]);
    const s = session(req);
    const decides = referral.status === 'open' && s.principal?.roles.includes('council.placements');
    const contracts = decides || referral.placement?.contractId ? await this.contracts(req) : [];
    send(res, detailPage(s, referral, reach, contracts, errors, values, lists), status);
  }

  /** The council's block contracts; none (not an error page) when the hub's ledger cannot be asked. */
  private async contracts(req: WebRequest): Promise<BlockContractChoice[]> {
    try {
      const { blockContracts } = await this.gateway.request<{ blockContracts: BlockContractChoice[] }>(
        session(req),
        COUNCIL_BLOCK_CONTRACTS,
      );
      return blockContracts;
    } catch {
      return [];
    }
  }

  private async reach(req: WebRequest, ids: string[]): Promise<ReferralReach[]> {
    if (ids.length === 0) return [];
    const { referralReach } = await this.gateway.request<{ referralReach: ReferralReach[] }>(
      session(req),
      REFERRAL_REACH,
      { referralIds: ids },
      '/council/referrals',
    );
    return referralReach;
  }

  private find(req: WebRequest, id: string): Promise<CouncilReferral> {
    return findReferral(this.gateway, req, id);
  }
}
