import { Controller, Get, Req, Res } from '@nestjs/common';
import { Roles } from '../../platform/access.js';
import { button, table } from '../../platform/components.js';
import { councilName } from '../../platform/council-names.js';
import { GatewayClient, GatewayError } from '../../platform/gateway.client.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { DFE_TABLES } from './reconcile.queries.js';

export interface DfeTables {
  councilCode: string;
  year: number;
  asAt: string;
  tables: { title: string; total: number; rows: { label: string; codes: string; count: number }[] }[];
}

/** "2022" -> 2022; blank -> null (the latest return); anything else -> undefined (refused). */
export function readYear(value: unknown): number | null | undefined {
  if (value === undefined || value === '') return null;
  return typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : undefined;
}

/** The council's figures as the DfE lays out its local-authority tables: one GOV.UK table per DfE table. */
export function reconcileContent(t: DfeTables | null, year: string, error?: string): SafeHtml {
  const yearName = (y: number) => `${y - 1}-${String(y).slice(2)}`;
  return html`<span class="govuk-caption-l"
      >${t ? `${councilName(t.councilCode)}, ${yearName(t.year)} return` : ''}</span
    >
    <h1 class="govuk-heading-l">Reconcile with the DfE</h1>
    <p class="govuk-body">
      Your children looked after figures in the layout of the DfE's published local-authority tables, to lay beside what
      the DfE published for your council. Each row names the SSDA903 codes it counts. From your own records: not
      suppressed, for your analysts only; reading them is audited. The counting rules and their sources are in
      libs/ssda903/README.md (31 March, short breaks, stitching, overlaps, age).
    </p>
    <form method="get" action="/council/reconcile" novalidate>
      <div class="govuk-form-group ${error ? 'govuk-form-group--error' : ''}">
        <label class="govuk-label" for="year">Year of the return's 31 March (blank: the latest return)</label>
        ${error ? html`<p id="year-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${error}</p>` : ''}
        <input
          class="govuk-input govuk-input--width-4"
          id="year"
          name="year"
          type="text"
          inputmode="numeric"
          value="${year}"
          ${error ? html`aria-describedby="year-error"` : ''}
        />
      </div>
      ${button('Show figures', { secondary: true })}
    </form>
    ${
      t
        ? t.tables.map((x) =>
            table({
              caption: x.title,
              captionSize: 's',
              head: ['', 'Children', 'SSDA903 codes'],
              numeric: [1],
              rowHeaders: true,
              rows: [
                ...x.rows.map((r) => [r.label, r.count, r.codes]),
                ...(x.title.includes('started and ceased') ? [] : [['Total', x.total, '']]),
              ],
            }),
          )
        : ''
    }`;
}

/** Reconciliation with the DfE for council analysts (the web twin of `rcc reconcile-903`). */
@Controller('council/reconcile')
export class ReconcileController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get()
  @Roles('council.analyst')
  async show(@Req() req: WebRequest, @Res() res: WebResponse): Promise<void> {
    const s = session(req);
    const raw = typeof req.query['year'] === 'string' ? req.query['year'] : '';
    const year = readYear(raw);
    const render = (t: DfeTables | null, error?: string, status = 200) =>
      send(
        res,
        page({
          title: 'Reconcile with the DfE',
          session: s,
          current: '/council/reconcile',
          content: reconcileContent(t, raw, error),
        }),
        status,
      );
    if (year === undefined) return render(null, 'Enter a year such as 2022', 400);
    try {
      const { dfeTables } = await this.gateway.request<{ dfeTables: DfeTables }>(
        s,
        DFE_TABLES,
        { year },
        '/council/reconcile',
      );
      render(dfeTables);
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      if (error.code === 'BAD_USER_INPUT' || error.code === 'NOT_FOUND') return render(null, error.message, 400);
      throw error;
    }
  }
}
