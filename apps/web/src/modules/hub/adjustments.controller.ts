import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
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
import { hasErrors, submitMutation } from '../../platform/form-post.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html } from '../../platform/html.js';
import { field, session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { govukMonth } from '../../platform/dates.js';
import { send } from '../../platform/render.js';
import { WEB_CONFIG, type WebConfig } from '../../platform/web.config.js';
import { ADJUSTMENT_KINDS, readAdjustmentForm, SPEND_ROUTES } from './adjustment-form.js';
import { ADJUSTMENT_CONTRACTS, POST_ADJUSTMENT, REVERSE_JOURNAL_ENTRY } from './adjustments.queries.js';

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
  async show(@Req() req: WebRequest, @Res() res: WebResponse, @Query('posted') posted?: string): Promise<void> {
    await this.render(req, res, { errors: {}, values: {}, posted });
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

  @Post('reverse')
  async reverse(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: Record<string, unknown>): Promise<void> {
    const values = { entryId: field(body, 'entryId'), reverseReason: field(body, 'reverseReason') };
    const errors: Errors = {};
    if (!/^[0-9a-f-]{36}$/i.test(values.entryId))
      errors['entryId'] = { href: 'entryId', text: 'Enter the journal entry’s id' };
    if (values.reverseReason.length < 3 || values.reverseReason.length > 1000)
      errors['reverseReason'] = { href: 'reverseReason', text: 'Say why, in 3 to 1,000 characters' };
    const reversed = hasErrors(errors)
      ? undefined
      : await submitMutation<{ reverseJournalEntry: { id: string; period: string | null } }>(
          this.gateway,
          session(req),
          errors,
          'entryId',
          REVERSE_JOURNAL_ENTRY,
          { input: { entryId: values.entryId, reason: values.reverseReason } },
          {
            codes: ['BAD_USER_INPUT', 'ENTRY_NOT_FOUND', 'ENTRY_ALREADY_REVERSED'],
            message: (e) => e.message,
            next: '/hub/adjustments',
          },
        );
    if (reversed) {
      res.redirect(303, `/hub/adjustments?posted=${encodeURIComponent(reversed.reverseJournalEntry.period ?? '')}`);
      return;
    }
    await this.render(req, res, { errors, values }, 400);
  }

  /** The page, with the form's state: its errors and values, and the month just posted to (if any). */
  private async render(
    req: WebRequest,
    res: WebResponse,
    form: { errors: Errors; values: Record<string, string>; posted?: string },
    status = 200,
  ): Promise<void> {
    const { errors, values, posted } = form;
    const s = session(req);
    const { blockContracts } = await this.gateway.request<{ blockContracts: { id: string; name: string }[] }>(
      s,
      ADJUSTMENT_CONTRACTS,
      {},
      '/hub/adjustments',
    );
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
          <h2 class="govuk-heading-m">Reverse a journal entry</h2>
          <form method="post" action="/hub/adjustments/reverse" novalidate>
            ${csrfField(s.csrfToken)}
            ${textInput({ id: 'entryId', label: 'Journal entry id', value: v('entryId'), error: errors['entryId'], spellcheck: false })}
            ${textarea({ id: 'reverseReason', label: 'Why', value: v('reverseReason'), error: errors['reverseReason'] })}
            ${button('Reverse entry', { secondary: true })}
          </form>`,
      }),
      status,
    );
  }
}
