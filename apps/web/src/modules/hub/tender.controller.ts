import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { NEED_FLAGS, SETTING_TYPES } from '@rcc/contracts';
import { Roles } from '../../platform/access.js';
import {
  button,
  checkboxes,
  csrfField,
  radios,
  summaryList,
  table,
  tag,
  textInput,
  type Errors,
} from '../../platform/components.js';
import { hasErrors, submitMutation } from '../../platform/form-post.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { field, session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { WEB_CONFIG, type WebConfig } from '../../platform/web.config.js';
import { words } from '../council/referral-form.js';
import { readLotForm, readSharesForm } from './tender-forms.js';

interface TenderDetail {
  id: string;
  title: string;
  description: string;
  status: string;
  priceWeight: number;
  qualityWeight: number;
  qualityQuestions: string[];
  lots: {
    id: string;
    title: string;
    settingType: string;
    placementCategory: string;
    needs: string[];
    locality: string;
    beds: number;
    termMonths: number;
    contractId: string | null;
  }[];
  councils: { councilCode: string; basisPoints: number; beds: number | null }[];
  history: { from: string; to: string; reason: string | null; at: string }[];
}

interface LotEvaluation {
  lotId: string;
  lotTitle: string;
  complete: boolean;
  ranking: {
    rank: number;
    bid: {
      id: string;
      provider: { name: string };
      beds: number;
      weeklyPricePerBedPence: number;
      qualityScore: number | null;
    };
    priceScoreBp: number;
    qualityScoreBp: number;
    totalBp: number;
    explanation: string;
  }[];
}

const FIELDS = `id title description status priceWeight qualityWeight qualityQuestions
  lots { id title settingType placementCategory needs locality beds termMonths contractId }
  councils { councilCode basisPoints beds } history { from to reason at }`;

/** What the hub can do next at each stage of a tender. */
const TRANSITIONS: Record<string, { mutation: string; label: string }[]> = {
  draft: [{ mutation: 'publishTender', label: 'Publish tender' }],
  published: [{ mutation: 'openTenderForBids', label: 'Open for bids' }],
  open: [{ mutation: 'closeTenderBidding', label: 'Close bidding and evaluate' }],
  evaluation: [{ mutation: 'awardTender', label: 'Award each lot to its top-ranked bid' }],
};
const ABANDONABLE = ['draft', 'published', 'open', 'evaluation'];

const pounds = (pence: number) =>
  `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const percent = (bp: number) => `${(bp / 100).toFixed(2)}%`;

/** One tender through its lifecycle: lots and council shares while a draft, publish, open, close, evaluate, award. */
@Controller('hub/tenders/:id')
@Roles('hub.commissioner')
export class TenderController {
  constructor(
    private readonly gateway: GatewayClient,
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
  ) {}

  @Get()
  async show(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string): Promise<void> {
    send(res, await this.detail(req, await this.find(req, id), {}, {}));
  }

  @Post('transition')
  async transition(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const tender = await this.find(req, id);
    const action = field(body, 'action');
    const reason = field(body, 'reason');
    const allowed = [
      ...(TRANSITIONS[tender.status] ?? []).map((t) => t.mutation),
      ...(ABANDONABLE.includes(tender.status) ? ['abandonTender'] : []),
    ];
    const errors: Errors = {};
    if (!allowed.includes(action))
      errors['action'] = { href: 'action', text: `A ${tender.status} tender cannot do that` };
    else if (action === 'abandonTender' && reason.length < 3)
      errors['reason'] = { href: 'reason', text: 'Enter why the tender is abandoned' };
    if (
      !hasErrors(errors) &&
      (await submitMutation(
        this.gateway,
        session(req),
        errors,
        'action',
        `mutation($input: TenderTransitionInput!) { ${action}(input: $input) { id } }`,
        { input: { tenderId: tender.id, ...(reason ? { reason } : {}) } },
        { message: (e) => e.message },
      ))
    ) {
      res.redirect(303, `/hub/tenders/${tender.id}`);
      return;
    }
    send(res, await this.detail(req, tender, errors, { reason }), 400);
  }

  @Post('lots')
  async addLot(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const tender = await this.find(req, id);
    const form = readLotForm(body);
    if (
      form.input &&
      (await this.mutate(
        req,
        form.errors,
        'lotTitle',
        'mutation($input: AddTenderLotInput!) { addTenderLot(input: $input) { id } }',
        { input: { tenderId: tender.id, lot: form.input } },
      ))
    ) {
      res.redirect(303, `/hub/tenders/${tender.id}`);
      return;
    }
    send(res, await this.detail(req, tender, form.errors, form.values), 400);
  }

  @Post('councils')
  async councils(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const tender = await this.find(req, id);
    const codes = this.config.councils.map((c) => c.code);
    const form = readSharesForm(body, codes);
    if (
      form.input &&
      (await this.mutate(
        req,
        form.errors,
        `share-${codes[0]}`,
        'mutation($input: SetTenderCouncilsInput!) { setTenderCouncils(input: $input) { id } }',
        { input: { tenderId: tender.id, councils: form.input } },
      ))
    ) {
      res.redirect(303, `/hub/tenders/${tender.id}`);
      return;
    }
    send(res, await this.detail(req, tender, form.errors, form.values), 400);
  }

  @Post('scores')
  async score(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const tender = await this.find(req, id);
    const bidId = field(body, 'bidId');
    const score = field(body, `score-${bidId}`);
    const errors: Errors = {};
    if (!/^[0-9a-f-]{36}$/i.test(bidId)) errors['score'] = { href: 'evaluation', text: 'Choose a bid to score' };
    else if (!/^\d{1,3}$/.test(score) || Number(score) > 100)
      errors[`score-${bidId}`] = {
        href: `score-${bidId}`,
        text: 'The quality score must be a whole number from 0 to 100',
      };
    if (
      Object.keys(errors).length === 0 &&
      (await this.mutate(
        req,
        errors,
        `score-${bidId}`,
        'mutation($input: ScoreBidInput!) { scoreBid(input: $input) { id } }',
        { input: { bidId, qualityScore: Number(score) } },
      ))
    ) {
      res.redirect(303, `/hub/tenders/${tender.id}#evaluation`);
      return;
    }
    send(res, await this.detail(req, tender, errors, { [`score-${bidId}`]: score }), 400);
  }

  private async mutate(
    req: WebRequest,
    errors: Errors,
    href: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<boolean> {
    return (await submitMutation(this.gateway, session(req), errors, href, query, variables)) !== undefined;
  }

  private async find(req: WebRequest, id: string): Promise<TenderDetail> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundException();
    const { tender } = await this.gateway.request<{ tender: TenderDetail }>(
      session(req),
      `query($id: ID!) { tender(id: $id) { ${FIELDS} } }`,
      { id },
      `/hub/tenders/${id}`,
    );
    return tender;
  }

  private async detail(
    req: WebRequest,
    t: TenderDetail,
    errors: Errors,
    values: Record<string, string | string[]>,
  ): Promise<SafeHtml> {
    const s = session(req);
    const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
    const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
    const evaluation = ['evaluation', 'awarded'].includes(t.status)
      ? (
          await this.gateway.request<{ tenderEvaluation: LotEvaluation[] }>(
            s,
            `query($id: ID!) { tenderEvaluation(tenderId: $id) { lotId lotTitle complete ranking { rank priceScoreBp qualityScoreBp totalBp explanation
              bid { id provider { name } beds weeklyPricePerBedPence qualityScore } } } }`,
            { id: t.id },
          )
        ).tenderEvaluation
      : [];
    const actions = TRANSITIONS[t.status] ?? [];
    return page({
      title: t.title,
      session: s,
      current: '/hub/tenders',
      backLink: '/hub/tenders',
      errors,
      content: html`<span class="govuk-caption-l">Joint tender</span>
        <h1 class="govuk-heading-l">${t.title}</h1>
        ${summaryList([
          { key: 'Status', value: tag(t.status) },
          { key: 'Description', value: t.description || 'None' },
          { key: 'Evaluation', value: `Price ${t.priceWeight}%, quality ${t.qualityWeight}%` },
          { key: 'Quality questions', value: t.qualityQuestions.join(' / ') || 'None' },
          {
            key: 'Councils',
            value: t.councils.map((c) => `${c.councilCode} ${percent(c.basisPoints)}`).join(', ') || 'None yet',
          },
        ])}
        ${
          t.lots.length
            ? table({
                id: 'lots-table',
                caption: 'Lots',
                captionSize: 's',
                head: ['Lot', 'Kind of home', 'Needs', 'Locality', 'Beds', 'Term (months)', 'Contract'],
                rows: t.lots.map((l) => [
                  l.title,
                  words(l.settingType),
                  l.needs.map(words).join(', ') || 'None',
                  l.locality,
                  String(l.beds),
                  String(l.termMonths),
                  l.contractId ?? '',
                ]),
                numeric: [4, 5],
                rowHeaders: true,
              })
            : html`<p class="govuk-body">No lots yet.</p>`
        }
        ${
          evaluation.length
            ? html`<h2 class="govuk-heading-m" id="evaluation">Evaluation</h2>
                ${evaluation.map(
                  (e) =>
                    html`${table({
                      caption: `${e.lotTitle}${e.complete ? '' : ' (not every bid is scored yet)'}`,
                      captionSize: 's',
                      head: [
                        'Rank',
                        'Provider',
                        'Beds',
                        'Weekly price per bed',
                        'Price score',
                        'Quality score',
                        'Total',
                      ],
                      rows: e.ranking.map((r) => [
                        String(r.rank),
                        r.bid.provider.name,
                        String(r.bid.beds),
                        pounds(r.bid.weeklyPricePerBedPence),
                        percent(r.priceScoreBp),
                        percent(r.qualityScoreBp),
                        percent(r.totalBp),
                      ]),
                      numeric: [0, 2, 3, 4, 5, 6],
                    })}
                    ${
                      t.status === 'evaluation'
                        ? e.ranking.map(
                            (r) =>
                              html`<form
                                method="post"
                                action="/hub/tenders/${t.id}/scores"
                                novalidate
                                class="app-inline-form"
                              >
                                ${csrfField(s.csrfToken)}<input type="hidden" name="bidId" value="${r.bid.id}" />
                                ${textInput({ id: `score-${r.bid.id}`, label: `Quality score for ${r.bid.provider.name} (0 to 100)`, value: v(`score-${r.bid.id}`) || (r.bid.qualityScore === null ? '' : String(r.bid.qualityScore)), error: errors[`score-${r.bid.id}`], classes: 'govuk-input--width-3', inputmode: 'numeric' })}
                                ${button('Save score', { secondary: true })}
                              </form>`,
                          )
                        : ''
                    }`,
                )}`
            : ''
        }
        <h2 class="govuk-heading-m">Next step</h2>
        <form method="post" action="/hub/tenders/${t.id}/transition" novalidate>
          ${csrfField(s.csrfToken)}
          ${
            actions.length || ABANDONABLE.includes(t.status)
              ? radios({
                  id: 'action',
                  name: 'action',
                  legend: 'What do you want to do?',
                  items: [
                    ...actions.map((a) => ({ value: a.mutation, text: a.label })),
                    ...(ABANDONABLE.includes(t.status) ? [{ value: 'abandonTender', text: 'Abandon the tender' }] : []),
                  ],
                  values: [actions[0]?.mutation ?? ''],
                  error: errors['action'],
                })
              : html`<p class="govuk-body">This tender is ${t.status}: there is nothing more to do.</p>`
          }
          ${ABANDONABLE.includes(t.status) ? textInput({ id: 'reason', label: 'Reason (needed to abandon)', value: v('reason'), error: errors['reason'] }) : ''}
          ${actions.length || ABANDONABLE.includes(t.status) ? button('Continue') : ''}
        </form>
        ${
          t.status === 'draft'
            ? html`<h2 class="govuk-heading-m">Add a lot</h2>
                <form method="post" action="/hub/tenders/${t.id}/lots" novalidate>
                  ${csrfField(s.csrfToken)}
                  ${textInput({ id: 'lotTitle', label: 'Lot title', value: v('lotTitle'), error: errors['lotTitle'] })}
                  ${radios({ id: 'settingType', name: 'settingType', legend: 'Kind of home', items: SETTING_TYPES.map((x) => ({ value: x, text: words(x) })), values: [v('settingType')], error: errors['settingType'] })}
                  ${checkboxes({ id: 'needs', name: 'needs', legend: 'Needs the homes must be registered for (optional)', items: NEED_FLAGS.map((x) => ({ value: x, text: words(x) })), values: list('needs'), error: errors['needs'] })}
                  ${textInput({ id: 'locality', label: 'Postcode district', hint: 'For example, ST4', value: v('locality'), error: errors['locality'], classes: 'govuk-input--width-5' })}
                  ${textInput({ id: 'beds', label: 'Beds', value: v('beds'), error: errors['beds'], classes: 'govuk-input--width-3', inputmode: 'numeric' })}
                  ${textInput({ id: 'termMonths', label: 'Term of the block contract (months)', value: v('termMonths'), error: errors['termMonths'], classes: 'govuk-input--width-3', inputmode: 'numeric' })}
                  ${button('Add lot', { secondary: true })}
                </form>
                <h2 class="govuk-heading-m">Councils and their shares</h2>
                <form method="post" action="/hub/tenders/${t.id}/councils" novalidate>
                  ${csrfField(s.csrfToken)}
                  ${this.config.councils.map((c) =>
                    textInput({
                      id: `share-${c.code}`,
                      label: `${c.name} (${c.code}): share of commitments and voids, %`,
                      value:
                        v(`share-${c.code}`) ||
                        String((t.councils.find((x) => x.councilCode === c.code)?.basisPoints ?? 0) / 100),
                      error: errors[`share-${c.code}`],
                      classes: 'govuk-input--width-5',
                      inputmode: 'decimal',
                    }),
                  )}
                  ${button('Save shares', { secondary: true })}
                </form>`
            : ''
        }
        <h2 class="govuk-heading-m">History</h2>
        ${
          t.history.length
            ? table({
                caption: 'Changes of status',
                captionSize: 's',
                head: ['When', 'From', 'To', 'Reason'],
                rows: t.history.map((h) => [h.at.slice(0, 16).replace('T', ' '), h.from, h.to, h.reason ?? '']),
              })
            : html`<p class="govuk-body">Created as a draft.</p>`
        }`,
    });
  }
}
