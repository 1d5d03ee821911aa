import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import {
  button,
  csrfField,
  dateInput,
  notification,
  readDate,
  table,
  tag,
  textarea,
  textInput,
  type DateParts,
  type Errors,
} from '../../platform/components.js';
import { hasErrors, submitMutation } from '../../platform/form-post.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html } from '../../platform/html.js';
import { field, session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { govukDate } from '../../platform/dates.js';
import { CREATE_TENDER, HUB_TENDERS } from './tenders.queries.js';

interface Tender {
  id: string;
  title: string;
  status: string;
  bidsCloseOn: string | null;
  createdAt: string;
}

const STATUS_COLOURS: Record<string, string> = {
  draft: 'grey',
  published: 'blue',
  open: 'green',
  evaluation: 'yellow',
  awarded: 'purple',
  abandoned: 'red',
};

/** The hub's joint tenders: list and start a draft (publish, bids, evaluation and award come with issue 5). */
@Controller('hub/tenders')
@Roles('hub.commissioner')
export class TendersController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: WebResponse, @Query('created') created?: string): Promise<void> {
    await this.render(req, res, {}, '', created);
  }

  @Post()
  async create(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: Record<string, unknown>): Promise<void> {
    const title = field(body, 'title');
    const questionsText = field(body, 'questions');
    const questions = questionsText
      .split(/\r?\n/)
      .map((q) => q.trim())
      .filter(Boolean);
    const errors: Errors = {};
    if (questions.length > 10)
      errors['questions'] = { href: 'questions', text: 'Enter no more than 10 quality questions' };
    else if (questions.some((q) => q.length > 500))
      errors['questions'] = { href: 'questions', text: 'Each quality question must be 500 characters or fewer' };
    const deadlineParts = {
      day: field(body, 'bidsCloseOn-day'),
      month: field(body, 'bidsCloseOn-month'),
      year: field(body, 'bidsCloseOn-year'),
    };
    const deadline = readDate(deadlineParts, 'The deadline for bids');
    if (deadline.blank) errors['bidsCloseOn'] = { href: 'bidsCloseOn-day', text: 'Enter the deadline for bids' };
    else if (deadline.error) errors['bidsCloseOn'] = { href: 'bidsCloseOn-day', text: deadline.error };
    else if (deadline.iso! < new Date().toISOString().slice(0, 10))
      errors['bidsCloseOn'] = { href: 'bidsCloseOn-day', text: 'The deadline for bids must be today or in the future' };
    if (!title) errors['title'] = { href: 'title', text: 'Enter a title for the tender' };
    else if (title.length < 3 || title.length > 300)
      errors['title'] = { href: 'title', text: 'The title must be between 3 and 300 characters' };
    const created = hasErrors(errors)
      ? undefined
      : await submitMutation<{ createTender: Tender }>(
          this.gateway,
          session(req),
          errors,
          'title',
          CREATE_TENDER,
          {
            input: {
              title,
              timetable: { bidsCloseOn: deadline.iso },
              ...(questions.length ? { qualityQuestions: questions } : {}),
            },
          },
          { codes: ['BAD_USER_INPUT'], message: (e) => e.message },
        );
    if (created) {
      res.redirect(303, `/hub/tenders?created=${encodeURIComponent(created.createTender.id)}`);
      return;
    }
    await this.render(req, res, errors, title, undefined, 400, questionsText, deadlineParts);
  }

  private async render(
    req: WebRequest,
    res: WebResponse,
    errors: Errors,
    title: string,
    created?: string,
    status = 200,
    questions = '',
    deadline: DateParts = { day: '', month: '', year: '' },
  ) {
    const s = session(req);
    const { tenders } = await this.gateway.request<{ tenders: Tender[] }>(s, HUB_TENDERS, {}, '/hub/tenders');
    const added = created ? tenders.find((t) => t.id === created) : undefined;
    send(
      res,
      page({
        title: 'Tenders',
        session: s,
        current: '/hub/tenders',
        errors,
        content: html`${added ? notification(`Draft tender “${added.title}” created`, html`<p class="govuk-body">It is a draft until it is published.</p>`) : ''}
          <h1 class="govuk-heading-l">Joint tenders</h1>
          ${
            tenders.length
              ? table({
                  caption: `${tenders.length} ${tenders.length === 1 ? 'tender' : 'tenders'}`,
                  head: ['Title', 'Status', 'Bids close', 'Created'],
                  rows: tenders.map((t) => [
                    html`<a class="govuk-link" href="/hub/tenders/${t.id}">${t.title}</a>`,
                    tag(t.status, STATUS_COLOURS[t.status]),
                    t.bidsCloseOn ? `End of ${govukDate(t.bidsCloseOn)}` : 'No deadline',
                    govukDate(t.createdAt),
                  ]),
                  rowHeaders: true,
                })
              : html`<p class="govuk-body">There are no tenders yet.</p>`
          }
          <h2 class="govuk-heading-m">Start a tender</h2>
          <form method="post" action="/hub/tenders" novalidate>
            ${csrfField(s.csrfToken)}
            ${textInput({ id: 'title', label: 'Title', hint: 'For example, Four two-bed children’s homes for the region', value: title, error: errors['title'] })}
            ${textarea({
              id: 'questions',
              label: 'Quality questions (optional now, needed to publish)',
              hint: 'One per line. Every bid answers each one; the panel scores the answers.',
              value: questions,
              error: errors['questions'],
              rows: 3,
            })}
            ${dateInput({
              id: 'bidsCloseOn',
              legend: 'Deadline for bids',
              hint: 'Providers can bid, amend and withdraw bids until the end of this day. For example, 31 1 2027',
              value: deadline,
              error: errors['bidsCloseOn'],
            })}
            ${button('Create draft tender')}
          </form>`,
      }),
      status,
    );
  }
}
