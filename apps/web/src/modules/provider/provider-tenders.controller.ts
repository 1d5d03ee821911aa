import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import {
  button,
  csrfField,
  dateInput,
  notification,
  radios,
  table,
  tag,
  textarea,
  textInput,
  type Errors,
} from '../../platform/components.js';
import { GatewayClient, GatewayError } from '../../platform/gateway.client.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { words } from '../council/referral-form.js';
import { pounds } from '../hub/contracts.controller.js';
import { readBidForm } from './bid-form.js';

interface Tender {
  id: string;
  title: string;
  description: string;
  status: string;
  priceWeight: number;
  qualityWeight: number;
  qualityQuestions: string[];
  bidsCloseOn: string | null;
  lots: {
    id: string;
    title: string;
    settingType: string;
    needs: string[];
    locality: string;
    beds: number;
    termMonths: number;
  }[];
}

interface Bid {
  id: string;
  tenderId: string;
  lotId: string;
  beds: number;
  weeklyPricePerBedPence: number;
  startDate: string;
  qualityScore: number | null;
  submittedAt: string;
}

interface Contract {
  id: string;
  placementCategory: string;
  beds: number;
  weeklyPricePerBedPence: number;
  startDate: string;
  endDate: string;
  settingUrns: string[];
}

const TENDER = `id title description status priceWeight qualityWeight qualityQuestions bidsCloseOn
  lots { id title settingType needs locality beds termMonths }`;

/** A provider's tenders: the joint tenders open for bids, its own bids, and the block contracts it holds. */
@Controller('provider/tenders')
@Roles('provider.user')
export class ProviderTendersController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: WebResponse, @Query('bid') bid?: string): Promise<void> {
    const s = session(req);
    const data = await this.gateway.request<{ tenders: Tender[]; bids: Bid[]; blockContracts: Contract[] }>(
      s,
      `{ tenders { ${TENDER} } bids { id tenderId lotId beds weeklyPricePerBedPence startDate qualityScore submittedAt }
        blockContracts { id placementCategory beds weeklyPricePerBedPence startDate endDate settingUrns } }`,
      {},
      '/provider/tenders',
    );
    const open = data.tenders.filter((t) => t.status === 'open');
    const lotTitle = (b: Bid) =>
      data.tenders.find((t) => t.id === b.tenderId)?.lots.find((l) => l.id === b.lotId)?.title ?? b.lotId;
    const tenderTitle = (b: Bid) => data.tenders.find((t) => t.id === b.tenderId)?.title ?? b.tenderId;
    send(
      res,
      page({
        title: 'Tenders, bids and contracts',
        session: s,
        current: '/provider/tenders',
        content: html`${bid ? notification('Your bid has been submitted', html`<p class="govuk-body">The hub evaluates bids when bidding closes.</p>`) : ''}
          <h1 class="govuk-heading-l">Tenders, bids and contracts</h1>
          <h2 class="govuk-heading-m">Open for bids</h2>
          ${
            open.length
              ? html`<ul class="govuk-list">
                  ${open.map(
                    (t) =>
                      html`<li>
                        <a class="govuk-link" href="/provider/tenders/${t.id}">${t.title}</a>: ${t.lots.length}
                        ${t.lots.length === 1 ? 'lot' : 'lots'}${t.bidsCloseOn ? `, bids close ${t.bidsCloseOn}` : ''}
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
                  head: ['Tender', 'Lot', 'Beds', 'Weekly price per bed', 'From', 'Quality score'],
                  rows: data.bids.map((b) => [
                    tenderTitle(b),
                    lotTitle(b),
                    String(b.beds),
                    pounds(b.weeklyPricePerBedPence),
                    b.startDate,
                    b.qualityScore === null ? 'Not scored yet' : String(b.qualityScore),
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
                  head: ['Kind', 'Settings', 'Beds', 'Weekly price per bed', 'From', 'Until (exclusive)'],
                  rows: data.blockContracts.map((c) => [
                    words(c.placementCategory),
                    c.settingUrns.join(', '),
                    String(c.beds),
                    pounds(c.weeklyPricePerBedPence),
                    c.startDate,
                    c.endDate,
                  ]),
                  numeric: [2, 3],
                })
              : html`<p class="govuk-body">You hold no block contracts.</p>`
          }`,
      }),
    );
  }

  @Get(':id')
  async show(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string): Promise<void> {
    send(res, this.bidPage(req, await this.find(req, id), {}, {}));
  }

  @Post(':id')
  async bid(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const tender = await this.find(req, id);
    const form = readBidForm(
      body,
      tender.lots.map((l) => l.id),
      tender.qualityQuestions.length,
    );
    if (form.input) {
      try {
        await this.gateway.request(
          session(req),
          'mutation($input: SubmitBidInput!) { submitBid(input: $input) { id } }',
          { input: form.input },
        );
        res.redirect(303, '/provider/tenders?bid=1');
        return;
      } catch (error) {
        // The hub's rules the form cannot know (bidding closed, a bid already made, lot limits) are shown on the form.
        if (!(error instanceof GatewayError) || ['INTERNAL_SERVER_ERROR', 'FORBIDDEN'].includes(error.code))
          throw error;
        form.errors['lotId'] = { href: 'lotId', text: error.message };
      }
    }
    send(res, this.bidPage(req, tender, form.errors, form.values), 400);
  }

  private async find(req: WebRequest, id: string): Promise<Tender> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundException();
    const { tender } = await this.gateway.request<{ tender: Tender }>(
      session(req),
      `query($id: ID!) { tender(id: $id) { ${TENDER} } }`,
      { id },
      `/provider/tenders/${id}`,
    );
    return tender;
  }

  private bidPage(req: WebRequest, t: Tender, errors: Errors, values: Record<string, string>): SafeHtml {
    const s = session(req);
    const v = (k: string) => values[k] ?? '';
    return page({
      title: `Bid: ${t.title}`,
      session: s,
      current: '/provider/tenders',
      backLink: '/provider/tenders',
      errors,
      content: html`<span class="govuk-caption-l">Joint tender, ${tag(t.status)}</span>
        <h1 class="govuk-heading-l">${t.title}</h1>
        <p class="govuk-body">${t.description}</p>
        <p class="govuk-body">Bids are scored ${t.priceWeight}% on price and ${t.qualityWeight}% on quality.</p>
        ${table({
          id: 'tender-lots',
          caption: 'Lots',
          captionSize: 's',
          head: ['Lot', 'Kind of home', 'Needs', 'Locality', 'Beds', 'Term (months)'],
          rows: t.lots.map((l) => [
            l.title,
            words(l.settingType),
            l.needs.map(words).join(', ') || 'None',
            l.locality,
            String(l.beds),
            String(l.termMonths),
          ]),
          numeric: [4, 5],
          rowHeaders: true,
        })}
        ${
          t.status === 'open'
            ? html`<h2 class="govuk-heading-m">Make a bid</h2>
                <form method="post" action="/provider/tenders/${t.id}" novalidate>
                  ${csrfField(s.csrfToken)}
                  ${radios({ id: 'lotId', name: 'lotId', legend: 'Which lot?', items: t.lots.map((l) => ({ value: l.id, text: l.title })), values: [v('lotId')], error: errors['lotId'] })}
                  ${textInput({ id: 'settingUrns', label: 'Ofsted URNs of the settings the beds are in', hint: 'Separate them with commas, for example SC500001, SC500002', value: v('settingUrns'), error: errors['settingUrns'], spellcheck: false })}
                  ${textInput({ id: 'beds', label: 'Beds', value: v('beds'), error: errors['beds'], classes: 'govuk-input--width-3', inputmode: 'numeric' })}
                  ${textInput({ id: 'price', label: 'Weekly price per bed, excluding VAT', value: v('price'), error: errors['price'], classes: 'govuk-input--width-10', prefix: '£', inputmode: 'decimal' })}
                  ${dateInput({ id: 'startDate', legend: 'Beds available from', hint: 'For example, 1 4 2027', value: { day: v('startDate-day'), month: v('startDate-month'), year: v('startDate-year') }, error: errors['startDate'] })}
                  ${t.qualityQuestions.map((q, i) => textarea({ id: `answer-${i}`, label: `Quality question ${i + 1}: ${q}`, value: v(`answer-${i}`), error: errors[`answer-${i}`], rows: 4 }))}
                  ${button('Submit bid')}
                </form>`
            : html`<p class="govuk-body">This tender is ${t.status}: bids are taken only while it is open.</p>`
        }`,
    });
  }
}
