import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import type { Errors } from '../../platform/components.js';
import { councilNamer } from '../../platform/council-names.js';
import { hasErrors, sentence, submitInput, submitMutation } from '../../platform/form-post.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { field, session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { send } from '../../platform/render.js';
import { WEB_CONFIG, type WebConfig } from '../../platform/web.config.js';
import { readScores } from './tender-evaluation.view.js';
import { readLotForm, readSharesForm } from './tender-forms.js';
import { ACTIONS, NEXT, type Clarification, type LotEvaluation, type TenderDetail } from './tender.model.js';
import {
  ADD_TENDER_LOT,
  ANSWER_TENDER_QUESTION,
  SCORE_BID_ANSWERS,
  SET_TENDER_COUNCILS,
  TENDER_CLARIFICATIONS_QUERY,
  TENDER_EVALUATION_QUERY,
  TENDER_QUERY,
} from './tender.queries.js';
import { checkPage, tenderPage } from './tender.views.js';

type Body_ = Record<string, unknown>;

/**
 * One tender through its lifecycle: lots and shares while a draft; clarification answers; a check page before each
 * step that cannot be undone (publish, open, close, award, abandon); the panel's scores per question.
 */
@Controller('hub/tenders/:id')
@Roles('hub.commissioner')
export class TenderController {
  constructor(
    private readonly gateway: GatewayClient,
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
  ) {}

  @Get()
  async show(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string): Promise<void> {
    await this.render(req, res, await this.find(req, id), {}, {});
  }

  /** First post: the check page. Only the check page's own post (confirmed=yes) takes the step. */
  @Post('transition')
  async transition(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body_) {
    const tender = await this.find(req, id);
    const action = field(body, 'action');
    const reason = field(body, 'reason');
    const errors: Errors = {};
    if (!(NEXT[tender.status] ?? []).includes(action))
      errors['action'] = {
        href: 'action',
        text: action ? `A tender that is ${tender.status} cannot do that now` : 'Select what you want to do',
      };
    else if (action === 'abandonTender' && reason.length < 3)
      errors['reason'] = { href: 'reason', text: 'Enter why the tender is abandoned' };
    if (!hasErrors(errors) && field(body, 'confirmed') !== 'yes') {
      send(res, checkPage(session(req), tender, action, reason));
      return;
    }
    if (
      !hasErrors(errors) &&
      (await submitMutation(
        this.gateway,
        session(req),
        errors,
        'action',
        ACTIONS[action]!.mutation,
        { input: { tenderId: tender.id, ...(reason ? { reason } : {}) } },
        { message: (e) => sentence(e.message) },
      ))
    ) {
      res.redirect(303, `/hub/tenders/${tender.id}`);
      return;
    }
    await this.render(req, res, tender, errors, { action, reason }, 400);
  }

  @Post('lots')
  async addLot(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body_) {
    const tender = await this.find(req, id);
    const form = readLotForm(body);
    if (
      form.input &&
      (await this.mutate(req, form.errors, 'lotTitle', ADD_TENDER_LOT, { tenderId: id, lot: form.input }))
    )
      return res.redirect(303, `/hub/tenders/${tender.id}`);
    await this.render(req, res, tender, form.errors, form.values, 400);
  }

  @Post('councils')
  async councils(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body_) {
    const tender = await this.find(req, id);
    const codes = this.config.councils.map((c) => c.code);
    const form = readSharesForm(body, codes, councilNamer(this.config));
    const input = { tenderId: tender.id, councils: form.input };
    if (form.input && (await this.mutate(req, form.errors, `share-${codes[0]}`, SET_TENDER_COUNCILS, input)))
      return res.redirect(303, `/hub/tenders/${tender.id}`);
    await this.render(req, res, tender, form.errors, form.values, 400);
  }

  @Post('scores')
  async score(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body_) {
    const tender = await this.find(req, id);
    const bidId = field(body, 'bidId');
    if (!/^[0-9a-f-]{36}$/i.test(bidId)) throw new NotFoundException();
    const form = readScores(body, bidId, tender.qualityQuestions.length, field);
    if (form.input && (await this.mutate(req, form.errors, `moderated-${bidId}`, SCORE_BID_ANSWERS, form.input)))
      return res.redirect(303, `/hub/tenders/${tender.id}#bid-${bidId}`);
    await this.render(req, res, tender, form.errors, form.values, 400);
  }

  @Post('clarifications')
  async answer(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body_) {
    const tender = await this.find(req, id);
    const clarificationId = field(body, 'clarificationId');
    if (!/^[0-9a-f-]{36}$/i.test(clarificationId)) throw new NotFoundException();
    const key = `answer-${clarificationId}`;
    const answer = field(body, key);
    const errors: Errors = {};
    if (answer.length < 3 || answer.length > 5000)
      errors[key] = { href: key, text: 'Enter an answer of 3 to 5000 characters' };
    else if (await this.mutate(req, errors, key, ANSWER_TENDER_QUESTION, { clarificationId, answer }))
      return res.redirect(303, `/hub/tenders/${tender.id}#clarifications`);
    await this.render(req, res, tender, errors, { [key]: answer }, 400);
  }

  private mutate(req: WebRequest, errors: Errors, href: string, query: string, input: unknown): Promise<boolean> {
    return submitInput(this.gateway, session(req), errors, href, query, input);
  }

  private async find(req: WebRequest, id: string): Promise<TenderDetail> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundException();
    const path = `/hub/tenders/${id}`;
    return (await this.gateway.request<{ tender: TenderDetail }>(session(req), TENDER_QUERY, { id }, path)).tender;
  }

  private async render(
    req: WebRequest,
    res: WebResponse,
    tender: TenderDetail,
    errors: Errors,
    values: Record<string, string | string[]>,
    status = 200,
  ): Promise<void> {
    const s = session(req);
    const evaluated = ['evaluation', 'awarded'].includes(tender.status);
    const [evaluation, clarifications] = await Promise.all([
      evaluated
        ? this.gateway
            .request<{ tenderEvaluation: LotEvaluation[] }>(s, TENDER_EVALUATION_QUERY, { id: tender.id })
            .then((r) => r.tenderEvaluation)
        : Promise.resolve([]),
      tender.status === 'draft'
        ? Promise.resolve([])
        : this.gateway
            .request<{ tenderClarifications: Clarification[] }>(s, TENDER_CLARIFICATIONS_QUERY, { id: tender.id })
            .then((r) => r.tenderClarifications),
    ]);
    const data = {
      tender,
      evaluation,
      clarifications,
      councilName: councilNamer(this.config),
      councils: this.config.councils,
    };
    send(res, tenderPage(s, data, errors, values), status);
  }
}
