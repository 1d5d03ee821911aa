import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import { notification, table, type Errors } from '../../platform/components.js';
import { submitInput } from '../../platform/form-post.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html } from '../../platform/html.js';
import { govukDate } from '../../platform/dates.js';
import { field, session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { words } from '../council/referral-form.js';
import { pounds } from '../hub/contracts.controller.js';
import { readBidForm } from './bid-form.js';
import { bidState, type OwnBid, type ProviderTender, type TenderPageData } from './provider-tenders.model.js';
import {
  AMEND_BID,
  ASK_TENDER_QUESTION,
  PROVIDER_TENDER_QUERY,
  PROVIDER_TENDERS_QUERY,
  SUBMIT_BID,
  WITHDRAW_BID,
} from './provider-tenders.queries.js';
import { amendPage, bidValues, tenderPage, withdrawPage } from './provider-tenders.views.js';
import { lastNight } from '../hub/contract-nights.js';

type Body_ = Record<string, unknown>;
const UUID = /^[0-9a-f-]{36}$/i;

interface ListData {
  tenders: Pick<ProviderTender, 'id' | 'title' | 'status' | 'bidsCloseOn' | 'biddingClosedReason' | 'lots'>[];
  bids: (Omit<OwnBid, 'settingUrns' | 'qualityAnswers'> & { tenderId: string })[];
  blockContracts: {
    id: string;
    name: string;
    placementCategory: string;
    beds: number;
    weeklyPricePerBedPence: number;
    startDate: string;
    endDate: string;
    settingUrns: string[];
  }[];
  settings: { urn: string; name: string }[];
}

const BANNERS: Record<string, string> = {
  bid: 'Your bid has been submitted',
  amended: 'Your bid has been changed',
  withdrawn: 'Your bid has been withdrawn',
  asked: 'Your question has been sent to the hub',
};

/**
 * A provider's tenders: those open for bids with their deadline, its own bids (amendable and withdrawable until the
 * deadline) with the outcome notices after award, clarification questions, and the block contracts it holds.
 */
@Controller('provider/tenders')
@Roles('provider.user')
export class ProviderTendersController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: WebResponse, @Query('done') done?: string): Promise<void> {
    const s = session(req);
    const data = await this.gateway.request<ListData>(s, PROVIDER_TENDERS_QUERY, {}, '/provider/tenders');
    const open = data.tenders.filter((t) => t.status === 'open' && t.biddingClosedReason === null);
    const tender = (id: string) => data.tenders.find((t) => t.id === id);
    const home = (urn: string) => data.settings.find((x) => x.urn === urn)?.name ?? urn;
    const notices = data.bids.filter((b) => b.outcomeNotice);
    const banner = done ? BANNERS[done] : undefined;
    send(
      res,
      page({
        title: 'Tenders, bids and contracts',
        session: s,
        current: '/provider/tenders',
        content: html`${banner ? notification(banner, html`<p class="govuk-body">The hub evaluates bids when bidding closes.</p>`) : ''}
          <h1 class="govuk-heading-l">Tenders, bids and contracts</h1>
          ${notices.map((b) =>
            notification(
              `${tender(b.tenderId)?.title ?? 'A tender'}: ${bidState(b).toLowerCase()}`,
              html`<p class="govuk-body">${b.outcomeNotice}</p>`,
              false,
            ),
          )}
          <h2 class="govuk-heading-m">Open for bids</h2>
          ${
            open.length
              ? html`<ul class="govuk-list">
                  ${open.map(
                    (t) =>
                      html`<li>
                        <a class="govuk-link" href="/provider/tenders/${t.id}">${t.title}</a>: ${t.lots.length}
                        ${t.lots.length === 1 ? 'lot' : 'lots'}${t.bidsCloseOn ? `, bids close at the end of ${govukDate(t.bidsCloseOn)}` : ''}
                      </li>`,
                  )}
                </ul>`
              : html`<p class="govuk-body">No tender is open for bids.</p>`
          }
          <h2 class="govuk-heading-m">Your bids</h2>
          ${
            data.bids.length
              ? table({
                  id: 'bids-table',
                  caption: `${data.bids.length} ${data.bids.length === 1 ? 'bid' : 'bids'}`,
                  captionSize: 's',
                  head: ['Tender', 'Lot', 'Beds', 'Weekly price per bed', 'From', 'State'],
                  rows: data.bids.map((b) => [
                    html`<a class="govuk-link" href="/provider/tenders/${b.tenderId}"
                      >${tender(b.tenderId)?.title ?? 'A tender'}</a
                    >`,
                    tender(b.tenderId)?.lots.find((l) => l.id === b.lotId)?.title ?? 'A lot',
                    String(b.beds),
                    pounds(b.weeklyPricePerBedPence),
                    govukDate(b.startDate),
                    bidState(b),
                  ]),
                  numeric: [2, 3],
                })
              : html`<p class="govuk-body">You have not bid yet.</p>`
          }
          <h2 class="govuk-heading-m">Your block contracts</h2>
          ${
            data.blockContracts.length
              ? table({
                  id: 'provider-contracts-table',
                  caption: `${data.blockContracts.length} ${data.blockContracts.length === 1 ? 'contract' : 'contracts'}`,
                  captionSize: 's',
                  head: ['Contract', 'Kind', 'Homes', 'Beds', 'Weekly price per bed', 'First night', 'Last night'],
                  rows: data.blockContracts.map((c) => [
                    c.name,
                    words(c.placementCategory),
                    c.settingUrns.map(home).join(', '),
                    String(c.beds),
                    pounds(c.weeklyPricePerBedPence),
                    govukDate(c.startDate),
                    govukDate(lastNight(c.endDate)),
                  ]),
                  numeric: [3, 4],
                  rowHeaders: true,
                })
              : html`<p class="govuk-body">You hold no block contracts.</p>`
          }`,
      }),
    );
  }

  @Get(':id')
  async show(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string): Promise<void> {
    send(res, tenderPage(session(req), await this.find(req, id), {}, {}));
  }

  @Post(':id')
  async bid(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body_) {
    const d = await this.find(req, id);
    const t = d.tender;
    const form = readBidForm(
      body,
      t.lots.map((l) => l.id),
      t.qualityQuestions.length,
    );
    if (form.input && (await this.mutate(req, form.errors, 'lotId', SUBMIT_BID, form.input)))
      return res.redirect(303, '/provider/tenders?done=bid');
    send(res, tenderPage(session(req), d, form.errors, form.values), 400);
  }

  @Post(':id/questions')
  async ask(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string, @Body() body: Body_) {
    const d = await this.find(req, id);
    const question = field(body, 'question');
    const errors: Errors = {};
    if (question.length < 3 || question.length > 2000)
      errors['question'] = { href: 'question', text: 'Enter a question of 3 to 2000 characters' };
    else if (await this.mutate(req, errors, 'question', ASK_TENDER_QUESTION, { tenderId: id, question }))
      return res.redirect(303, `/provider/tenders/${id}#clarifications`);
    send(res, tenderPage(session(req), d, errors, { question }), 400);
  }

  @Get(':id/bids/:bidId/amend')
  async amendForm(@Req() req: WebRequest, @Res() res: WebResponse, @Param() p: { id: string; bidId: string }) {
    const { d, bid } = await this.findBid(req, p.id, p.bidId);
    send(res, amendPage(session(req), d, bid, {}, bidValues(bid)));
  }

  @Post(':id/bids/:bidId/amend')
  async amend(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param() p: { id: string; bidId: string },
    @Body() body: Body_,
  ) {
    const { d, bid } = await this.findBid(req, p.id, p.bidId);
    const form = readBidForm({ ...body, lotId: bid.lotId }, [bid.lotId], d.tender.qualityQuestions.length);
    const { lotId: _lot, ...terms } = form.input ?? { lotId: '' };
    if (form.input && (await this.mutate(req, form.errors, 'settingUrns', AMEND_BID, { bidId: bid.id, ...terms })))
      return res.redirect(303, '/provider/tenders?done=amended');
    send(res, amendPage(session(req), d, bid, form.errors, form.values), 400);
  }

  @Get(':id/bids/:bidId/withdraw')
  async withdrawCheck(@Req() req: WebRequest, @Res() res: WebResponse, @Param() p: { id: string; bidId: string }) {
    const { d, bid } = await this.findBid(req, p.id, p.bidId);
    send(res, withdrawPage(session(req), d, bid, {}));
  }

  @Post(':id/bids/:bidId/withdraw')
  async withdraw(@Req() req: WebRequest, @Res() res: WebResponse, @Param() p: { id: string; bidId: string }) {
    const { d, bid } = await this.findBid(req, p.id, p.bidId);
    const errors: Errors = {};
    if (await this.mutate(req, errors, 'withdraw', WITHDRAW_BID, { bidId: bid.id }))
      return res.redirect(303, '/provider/tenders?done=withdrawn');
    send(res, withdrawPage(session(req), d, bid, errors), 400);
  }

  private mutate(req: WebRequest, errors: Errors, href: string, query: string, input: unknown): Promise<boolean> {
    return submitInput(this.gateway, session(req), errors, href, query, input);
  }

  private async find(req: WebRequest, id: string): Promise<TenderPageData> {
    if (!UUID.test(id)) throw new NotFoundException();
    return this.gateway.request<TenderPageData>(session(req), PROVIDER_TENDER_QUERY, { id }, `/provider/tenders/${id}`);
  }

  private async findBid(req: WebRequest, id: string, bidId: string): Promise<{ d: TenderPageData; bid: OwnBid }> {
    const d = await this.find(req, id);
    const bid = d.bids.find((b) => b.id === bidId && !b.withdrawnAt);
    if (!bid) throw new NotFoundException();
    return { d, bid };
  }
}
