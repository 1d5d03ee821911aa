import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import {
  button,
  csrfField,
  notification,
  radios,
  select,
  textarea,
  textInput,
  type Errors,
} from '../../platform/components.js';
import { councilNamer } from '../../platform/council-names.js';
import { hasErrors, submitMutation } from '../../platform/form-post.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { field, session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { govukMonth } from '../../platform/dates.js';
import { send } from '../../platform/render.js';
import { WEB_CONFIG, type WebConfig } from '../../platform/web.config.js';
import { ADJUSTMENT_KINDS, readAdjustmentForm, SPEND_ROUTES } from './adjustment-form.js';
import {
  ADJUSTMENT_CONTRACTS,
  JOURNAL_ENTRY,
  JOURNAL_MONTH,
  POST_ADJUSTMENT,
  REVERSE_JOURNAL_ENTRY,
} from './adjustments.queries.js';
import { entriesTable, entryInWords, type JournalEntryView } from './journal-entries.js';

const UUID = /^[0-9a-f-]{36}$/i;
/** At most this many of a month's entries are listed; choosing a council narrows the list. */
const LISTED = 100;

/** The months an adjustment can belong to, newest first: this month and the 24 before it, named in words. */
function recentMonths(today = new Date()): { value: string; text: string }[] {
  return Array.from({ length: 25 }, (_, i) => {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - i, 1));
    const value = d.toISOString().slice(0, 7);
    return { value, text: govukMonth(value) };
  });
}

/**
 * The hub's hand corrections (ADR 41): an adjustment posted in the open month for the month it belongs to, or the
 * reversal of a journal entry (a reversal too). Both appear on the statements as labelled lines.
 */
@Controller('hub/adjustments')
@Roles('hub.commissioner')
export class AdjustmentsController {
  constructor(
    private readonly gateway: GatewayClient,
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
  ) {}

  @Get()
  async show(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Query('posted') posted?: string,
    @Query('month') month?: string,
    @Query('council') council?: string,
  ): Promise<void> {
    await this.render(req, res, { errors: {}, values: {}, posted, month, council });
  }

  @Post()
  async post(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: Record<string, unknown>): Promise<void> {
    const { values, errors, input } = readAdjustmentForm(body);
    const posted = input
      ? await submitMutation<{ postAdjustment: { id: string; period: string } }>(
          this.gateway,
          session(req),
          errors,
          'reason',
          POST_ADJUSTMENT,
          { input },
          { codes: ['BAD_USER_INPUT', 'ADJUSTMENT_INVALID'], message: (e) => e.message, next: '/hub/adjustments' },
        )
      : undefined;
    if (posted) {
      res.redirect(303, `/hub/adjustments?posted=${encodeURIComponent(posted.postAdjustment.period)}`);
      return;
    }
    await this.render(req, res, { errors, values }, 400);
  }

  /** The check page before an entry is reversed: what it is, each of its lines in words, and why. */
  @Get('reverse/:id')
  async confirmReverse(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id') id: string): Promise<void> {
    await this.renderReverse(req, res, { id, errors: {}, reason: '' });
  }

  @Post('reverse')
  async reverse(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: Record<string, unknown>): Promise<void> {
    const entryId = field(body, 'entryId');
    const reason = field(body, 'reverseReason');
    const errors: Errors = {};
    if (reason.length < 3 || reason.length > 1000)
      errors['reverseReason'] = { href: 'reverseReason', text: 'Say why, in 3 to 1,000 characters' };
    const reversed = hasErrors(errors)
      ? undefined
      : await submitMutation<{ reverseJournalEntry: { id: string; period: string | null } }>(
          this.gateway,
          session(req),
          errors,
          'reverseReason',
          REVERSE_JOURNAL_ENTRY,
          { input: { entryId, reason } },
          {
            codes: ['BAD_USER_INPUT', 'ENTRY_NOT_FOUND', 'ENTRY_ALREADY_REVERSED'],
            message: (e) =>
              e.code === 'ENTRY_ALREADY_REVERSED'
                ? 'This entry has already been reversed: reverse the reversal to put it back'
                : e.code === 'ENTRY_NOT_FOUND'
                  ? 'There is no such journal entry'
                  : e.message,
            next: '/hub/adjustments',
          },
        );
    if (reversed) {
      res.redirect(303, `/hub/adjustments?posted=${encodeURIComponent(reversed.reverseJournalEntry.period ?? '')}`);
      return;
    }
    await this.renderReverse(req, res, { id: entryId, errors, reason }, 400);
  }

  /** The check page for entry `id`, with the reason typed so far and what was wrong with it. */
  private async renderReverse(
    req: WebRequest,
    res: WebResponse,
    form: { id: string; errors: Errors; reason: string },
    status = 200,
  ): Promise<void> {
    const { id, errors, reason } = form;
    if (!UUID.test(id)) throw new NotFoundException();
    const s = session(req);
    const { journalEntries, blockContracts } = await this.gateway.request<{
      journalEntries: JournalEntryView[];
      blockContracts: { id: string; name: string }[];
    }>(s, JOURNAL_ENTRY, { id }, `/hub/adjustments/reverse/${id}`);
    const entry = journalEntries[0];
    if (!entry) throw new NotFoundException();
    const name = councilNamer(this.config);
    const contract = (k: string) => blockContracts.find((c) => c.id === k)?.name;
    send(
      res,
      page({
        title: 'Reverse this entry?',
        session: s,
        current: '/hub/contracts',
        errors,
        content: html`<a class="govuk-back-link" href="/hub/adjustments">Back to adjustments</a>
          <h1 class="govuk-heading-l">Reverse this entry?</h1>
          ${entryInWords(entry, name, contract)}
          ${
            entry.reversedByEntryId
              ? html`<p class="govuk-body">
                  This entry has already been reversed. To put it back, reverse the reversal.
                </p>`
              : html`<div class="govuk-warning-text">
                    <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
                    <strong class="govuk-warning-text__text">
                      <span class="govuk-visually-hidden">Warning</span>
                      A reversal posts every line back the other way in the open month, labelled with the month this
                      entry belongs to. It shows on the councils’ statements and cannot be deleted; only reversed again.
                    </strong>
                  </div>
                  <form method="post" action="/hub/adjustments/reverse" novalidate>
                    ${csrfField(s.csrfToken)}
                    <input type="hidden" name="entryId" value="${entry.id}" />
                    ${textarea({ id: 'reverseReason', label: 'Why', value: reason, error: errors['reverseReason'] })}
                    <div class="govuk-button-group">
                      ${button('Reverse entry', { secondary: false })}
                      <a class="govuk-link" href="/hub/adjustments">Cancel</a>
                    </div>
                  </form>`
          }`,
      }),
      status,
    );
  }

  /** The page, with the form's state: its errors and values, and the month just posted to (if any). */
  private async render(
    req: WebRequest,
    res: WebResponse,
    form: { errors: Errors; values: Record<string, string>; posted?: string; month?: string; council?: string },
    status = 200,
  ): Promise<void> {
    const { errors, values, posted } = form;
    const s = session(req);
    const { blockContracts, closedPeriods } = await this.gateway.request<{
      blockContracts: { id: string; name: string }[];
      closedPeriods: string[];
    }>(s, ADJUSTMENT_CONTRACTS, {}, '/hub/adjustments');
    const reversal = await this.reversalSection(s, blockContracts, form.month ?? closedPeriods.at(-1), form.council);
    const choose = (text: string) => ({ value: '', text });
    const v = (k: string) => values[k] ?? '';
    send(
      res,
      page({
        title: 'Adjustments',
        session: s,
        current: '/hub/contracts',
        errors,
        content: html`${posted !== undefined ? notification('Posted', html`<p class="govuk-body">It appears on the statements for ${posted ? govukMonth(posted) : 'the open month'}.</p>`) : ''}
          <h1 class="govuk-heading-l">Adjustments</h1>
          <p class="govuk-body">
            Closed months stay closed. Late placements and ends are corrected automatically at the next close; use this
            page for anything else. Each entry goes into the open month, labelled with the month it belongs to, and
            shows on the councils’ <a class="govuk-link" href="/hub/contracts">statements</a>.
          </p>
          <h2 class="govuk-heading-m">Post an adjustment</h2>
          <form method="post" action="/hub/adjustments" novalidate>
            ${csrfField(s.csrfToken)}
            <input type="hidden" name="key" value="${v('key') || randomUUID()}" />
            ${select({ id: 'relatesToPeriod', label: 'Month it belongs to', items: [choose('Choose a month'), ...recentMonths()], value: v('relatesToPeriod'), error: errors['relatesToPeriod'] })}
            ${select({ id: 'councilCode', label: 'Council', items: [choose('Choose a council'), ...this.config.councils.map((c) => ({ value: c.code, text: c.name }))], value: v('councilCode'), error: errors['councilCode'] })}
            ${radios({ id: 'kind', name: 'kind', legend: 'What it is for', items: Object.entries(ADJUSTMENT_KINDS).map(([value, text]) => ({ value, text })), values: [v('kind')], error: errors['kind'] })}
            ${select({ id: 'contractId', label: 'Block contract (not for spend)', items: [choose('Choose a block contract'), ...blockContracts.map((c) => ({ value: c.id, text: c.name }))], value: v('contractId'), error: errors['contractId'] })}
            ${radios({ id: 'route', name: 'route', legend: 'How the placements were bought (spend only)', items: SPEND_ROUTES.map((r) => ({ value: r, text: r })), values: [v('route')], error: errors['route'] })}
            ${textInput({ id: 'amount', label: 'Amount', prefix: '£', value: v('amount'), error: errors['amount'], classes: 'govuk-input--width-10', inputmode: 'decimal' })}
            ${radios({
              id: 'direction',
              name: 'direction',
              legend: 'The council is',
              items: [
                { value: 'charge', text: 'Charged' },
                { value: 'credit', text: 'Credited' },
              ],
              values: [v('direction')],
              error: errors['direction'],
            })}
            ${textarea({ id: 'reason', label: 'Why', value: v('reason'), error: errors['reason'] })}
            ${button('Post adjustment')}
          </form>
          ${reversal}`,
      }),
      status,
    );
  }

  /**
   * Choosing an entry to reverse: a month's entries (the caller passes the last closed month unless another is
   * chosen; this month if neither is one listed), narrowed to one council if chosen, each with a link to its check
   * page. Nobody types a journal entry's id.
   */
  private async reversalSection(
    s: ReturnType<typeof session>,
    contracts: { id: string; name: string }[],
    month?: string,
    council?: string,
  ): Promise<SafeHtml> {
    const months = recentMonths();
    const chosen = months.some((m) => m.value === month) ? month! : months[0]!.value;
    const { journalEntries } = await this.gateway.request<{ journalEntries: JournalEntryView[] }>(
      s,
      JOURNAL_MONTH,
      { period: chosen },
      '/hub/adjustments',
    );
    const councils = this.config.councils;
    const narrowed = councils.some((c) => c.code === council)
      ? journalEntries.filter((e) => e.lines.some((l) => l.councilCode === council))
      : journalEntries;
    const newestFirst = [...narrowed].reverse();
    const name = councilNamer(this.config);
    return html`<h2 class="govuk-heading-m">Reverse a journal entry</h2>
      <p class="govuk-body">Find the entry by the month it was posted in, then check it before reversing it.</p>
      <form method="get" action="/hub/adjustments" novalidate>
        ${select({ id: 'month', label: 'Posted in', items: months, value: chosen })}
        ${select({ id: 'council', label: 'Council', items: [{ value: '', text: 'Every council' }, ...councils.map((c) => ({ value: c.code, text: c.name }))], value: council ?? '' })}
        ${button('Show entries', { secondary: true })}
      </form>
      ${
        newestFirst.length === 0
          ? html`<p class="govuk-body">
              No entries were posted in
              ${govukMonth(chosen)}${council && narrowed !== journalEntries ? ` for ${name(council)}` : ''}.
            </p>`
          : html`${
              newestFirst.length > LISTED
                ? html`<p class="govuk-body">
                    ${newestFirst.length} entries; the newest ${LISTED} are shown. Choose a council to see fewer.
                  </p>`
                : ''
            }
            ${entriesTable(newestFirst.slice(0, LISTED), chosen, name, (k) => contracts.find((c) => c.id === k)?.name)}`
      }`;
  }
}
