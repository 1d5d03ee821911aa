import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { fanChart, monthsBefore, type FanBand } from '../../charts/fan-chart.js';
import { Roles } from '../../platform/access.js';
import { button, table, textInput, type Errors } from '../../platform/components.js';
import { GatewayClient, GatewayTimeout } from '../../platform/gateway.client.js';
import { govukMonth } from '../../platform/dates.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { session, type Session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { WEB_CONFIG, type WebConfig } from '../../platform/web.config.js';
import { AGE_BAND_NAMES } from '../demand-profile/demand-profile.query.js';
import { pounds } from '../hub/contracts.controller.js';
import {
  readForecastForm,
  validateForecastForm,
  type ForecastFormValues,
  type ForecastRequest,
} from './forecast-form.js';
import { categoryName, councilLabel, isHub } from './scope.js';
import { FORECASTS_QUERY, PRICE_DISTRIBUTIONS } from './forecasts.queries.js';

export interface Backtest {
  model: string;
  label: string;
  mase: number | null;
  mae: number | null;
  mape: number | null;
  coverage80: number | null;
  coverage95: number | null;
  origins: number;
}

interface Projection {
  scenarioName: string | null;
  total: FanBand[];
  byCategory: { category: string; bands: FanBand[] }[];
  cost: { month: string; pointPence: string; lower80Pence: string; upper80Pence: string }[] | null;
}

export interface Series {
  key: string;
  scope: string;
  status: string;
  reason: string;
  source: string;
  months: number;
  lastMonth: string | null;
  horizon: number;
  chosenModel: string | null;
  chosenLabel: string | null;
  selectionRule: string | null;
  maseRatioToStraightLine: number | null;
  maeRatioToStraightLine: number | null;
  backtest: Backtest[];
  forecast: FanBand[];
  history: number[];
  projection: Projection | null;
  scenarioProjection: Projection | null;
}

const fixed = (v: number | null, digits = 2) => (v === null ? 'n/a' : v.toFixed(digits));
const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
const round = (v: number) => String(Math.round(v));

/** Says so when the data is old enough that the whole forecast lies in the past. */
export function pastHorizon(lastMonth: string, shown: FanBand[], id: string): SafeHtml {
  const end = shown[shown.length - 1]?.month;
  const now = new Date().toISOString().slice(0, 7);
  if (!end || end >= now) return html``;
  return html`<div class="govuk-inset-text" id="${id}-past">
    The latest month received is ${govukMonth(lastMonth)}, so this forecast runs from ${govukMonth(shown[0]!.month)} to
    ${govukMonth(end)}, which has already passed: it shows what the method would have said then, not what lies ahead. It
    will reach forward once newer months are sent.
  </div>`;
}

const RULES: Record<string, string> = {
  combination: 'the combination (no single method was clearly better)',
  'single-clearly-better': 'a single method, clearly better than the combination on earlier and later months',
  'lowest-mase': 'the lowest error (no combination could be formed)',
};

/** The accuracy in a sentence: the typical miss in children, and how it compares with the councils' method. */
export function plainAccuracy(f: Series, chosen: Backtest | undefined, councils: Backtest | undefined): string {
  if (!chosen || chosen.mae === null) return 'This method could not be tested on past months.';
  const miss = `Tested on past months, this forecast was out by about ${chosen.mae.toFixed(1)} children on average`;
  const ratio = f.maeRatioToStraightLine;
  if (!councils || councils.mae === null || ratio === null) return `${miss}.`;
  const than =
    ratio < 0.95
      ? `, ${Math.round((1 - ratio) * 100)}% less than the councils’ straight line (${councils.mae.toFixed(1)})`
      : ratio > 1.05
        ? `, ${Math.round((ratio - 1) * 100)}% MORE than the councils’ straight line (${councils.mae.toFixed(1)}): it does not beat the councils’ method here`
        : `, about the same as the councils’ straight line (${councils.mae.toFixed(1)})`;
  const cover =
    chosen.coverage80 === null
      ? ''
      : ` The shaded 80% range held the actual figure ${Math.round(chosen.coverage80 * 100)} times in 100.`;
  return `${miss}${than}.${cover}`;
}

/**
 * Forecasts of children looked after as fan charts, each with its back-test beside it, and scenario controls (a GET
 * form) that re-run the costed Markov projection by placement category. The hub sees every council and the region;
 * a council its own series and the region's.
 */
@Controller('analytics/forecasts')
@Roles('hub.commissioner', 'council.analyst', 'council.placements')
export class ForecastsController {
  constructor(
    private readonly gateway: GatewayClient,
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
  ) {}

  @Get()
  async show(@Req() req: WebRequest, @Res() res: WebResponse): Promise<void> {
    const s = session(req);
    const values = readForecastForm(req.query);
    const { errors, request } = validateForecastForm(values);
    const council =
      isHub(s.principal) && this.config.councils.some((c) => c.code === values.council) ? values.council : null;
    let body: SafeHtml = html``;
    let status = 200;
    if (request) {
      try {
        body = await this.results(s, request, council, req.originalUrl);
      } catch (error) {
        if (!(error instanceof GatewayTimeout)) throw error;
        status = 504;
        body = html`<div class="govuk-warning-text" id="forecast-timeout">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong class="govuk-warning-text__text"
            ><span class="govuk-visually-hidden">Warning</span> The forecasts took longer than
            ${Math.round(this.config.RCC_WEB_FORECAST_TIMEOUT_MS / 1000)} seconds and were stopped. The first forecast
            of a region is the slowest (every model is back-tested); it is kept once made, so try again in a
            minute.</strong
          >
        </div>`;
      }
    }
    send(
      res,
      page({
        title: 'Forecasts',
        session: s,
        current: '/analytics/forecasts',
        errors,
        content: html`<span class="govuk-caption-l">Children looked after</span>
          <h1 class="govuk-heading-l">Forecasts</h1>
          <p class="govuk-body">
            Each series is forecast by combining three methods (exponential smoothing, the Theta method and the
            councils’ own straight line), unless one method was clearly more accurate on the series’ own history, tested
            from many past starting months. Beside each chart: how far out those past forecasts were, against the
            councils’ method (a straight line through the last three yearly totals).
          </p>
          ${this.form(values, errors, isHub(s.principal))} ${body}`,
      }),
      status,
    );
  }

  private form(v: ForecastFormValues, errors: Errors, hub: boolean): SafeHtml {
    const option = (value: string, text: string, chosen: string) =>
      html`<option value="${value}" ${value === chosen ? html`selected` : ''}>${text}</option>`;
    return html`<form method="get" action="/analytics/forecasts" novalidate id="scenario-form">
      <h2 class="govuk-heading-m">Scenario</h2>
      ${textInput({ id: 'horizon', label: 'Months ahead (1 to 36)', value: v.horizon || '12', error: errors['horizon'], classes: 'govuk-input--width-3', inputmode: 'numeric' })}
      ${
        hub
          ? html`<div class="govuk-form-group">
              <label class="govuk-label" for="council">Councils</label>
              <select class="govuk-select" id="council" name="council">
                ${option('', 'Every council and the region', v.council)}
                ${this.config.councils.map((c) => option(c.code, `${c.name} and the region`, v.council))}
              </select>
            </div>`
          : ''
      }
      <div class="govuk-form-group ${errors['ageBand'] ? 'govuk-form-group--error' : ''}">
        <label class="govuk-label" for="ageBand">Arrivals of which children</label>
        ${errors['ageBand'] ? html`<p id="ageBand-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${errors['ageBand'].text}</p>` : ''}
        <select class="govuk-select" id="ageBand" name="ageBand">
          ${option('', 'Every age', v.ageBand)}
          ${Object.entries(AGE_BAND_NAMES).map(([k, name]) => option(k, `Aged ${name.toLowerCase()}`, v.ageBand))}
        </select>
      </div>
      ${textInput({ id: 'arrivalsScale', label: 'Multiply their arrivals into care by (optional)', hint: 'For example 2 for twice as many; leave blank for no change', value: v.arrivalsScale, error: errors['arrivalsScale'], classes: 'govuk-input--width-5', inputmode: 'decimal' })}
      ${textInput({ id: 'exitsScale', label: 'Multiply exits from care by (optional)', hint: 'For example 0.8 for a fifth fewer children leaving care', value: v.exitsScale, error: errors['exitsScale'], classes: 'govuk-input--width-5', inputmode: 'decimal' })}
      ${button('Show forecasts')}
    </form>`;
  }

  /** Weekly prices for the costing: per category, the median of the route with the most placements (not withheld). */
  private async weeklyPrices(s: Session, next: string): Promise<{ category: string; weeklyPence: number }[]> {
    const { priceDistributions } = await this.gateway.request<{
      priceDistributions: { placementCategory: string; n: number; medianPence: number | null }[];
    }>(s, PRICE_DISTRIBUTIONS, {}, next);
    const best = new Map<string, { n: number; medianPence: number }>();
    for (const p of priceDistributions) {
      if (p.medianPence === null) continue;
      const seen = best.get(p.placementCategory);
      if (!seen || p.n > seen.n) best.set(p.placementCategory, { n: p.n, medianPence: p.medianPence });
    }
    return [...best].map(([category, p]) => ({ category, weeklyPence: p.medianPence }));
  }

  private async results(s: Session, r: ForecastRequest, council: string | null, next: string): Promise<SafeHtml> {
    const prices = await this.weeklyPrices(s, next);
    const { forecasts } = await this.gateway.request<{ forecasts: Series[] }>(
      s,
      FORECASTS_QUERY,
      { horizon: r.horizon, council, scenario: r.scenario, prices: prices.length ? prices : null },
      next,
      this.config.RCC_WEB_FORECAST_TIMEOUT_MS,
    );
    return html`${
      r.scenario
        ? html`<p class="govuk-body" id="scenario-applied">Scenario applied: <strong>${r.scenario.name}</strong>.</p>`
        : ''
    }
    ${
      prices.length
        ? html`<p class="govuk-body-s">
            Costs use each placement type’s median weekly price from the prices recorded:
            ${prices.map((p) => `${categoryName(p.category)} ${pounds(p.weeklyPence)}`).join(', ')}.
          </p>`
        : html`<p class="govuk-body-s">No weekly prices are recorded yet, so projections are not costed.</p>`
    }
    ${forecasts.map((f) => this.series(f, r))}`;
  }

  private series(f: Series, r: ForecastRequest): SafeHtml {
    const name = f.scope === 'region' ? 'The region' : councilLabel(f.key, this.config.councils);
    const id = `forecast-${f.key.toLowerCase()}`;
    if (f.status !== 'ok' || !f.lastMonth)
      return html`<section class="govuk-!-margin-bottom-8" id="${id}">
        <h2 class="govuk-heading-m">${name}</h2>
        <p class="govuk-body">No forecast: ${f.reason}</p>
      </section>`;
    // One forecast per series: under a scenario the chart shows the scenario's forecast, as the table and costs do.
    const shown = f.scenarioProjection?.total ?? f.forecast;
    const first = shown[0]?.month ?? f.lastMonth;
    const histMonths = monthsBefore(first, f.history.length);
    const history = f.history.map((value, i) => ({ month: histMonths[i]!, value }));
    const last = shown[shown.length - 1];
    const councils = f.backtest.find((b) => b.model === 'straight-line');
    const chosen = f.backtest.find((b) => b.model === f.chosenModel);
    return html`<section class="govuk-!-margin-bottom-8" id="${id}">
      <h2 class="govuk-heading-m">${name}</h2>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          ${fanChart({
            id: `${id}-chart`,
            title: `Children looked after in ${name.toLowerCase() === 'the region' ? 'the region' : name}: ${f.months} months observed and ${f.horizon} forecast`,
            description: last
              ? `Latest observed: ${f.history[f.history.length - 1]} in ${govukMonth(f.lastMonth)}. Median forecast for ${govukMonth(last.month)}: ${round(last.point)} (80% interval ${round(last.lower80)} to ${round(last.upper80)}; 95% interval ${round(last.lower95)} to ${round(last.upper95)}).`
              : 'No forecast months.',
            history,
            forecast: shown,
          })}
          ${pastHorizon(f.lastMonth, shown, id)}
        </div>
        <div class="govuk-grid-column-one-third">
          <h3 class="govuk-heading-s">How accurate this method has been</h3>
          <p class="govuk-body" id="${id}-plain">${plainAccuracy(f, chosen, councils)}</p>
          <details class="govuk-details">
            <summary class="govuk-details__summary">
              <span class="govuk-details__summary-text">The statistics</span>
            </summary>
            <div class="govuk-details__text">
              <dl class="govuk-summary-list govuk-summary-list--no-border" id="${id}-error">
                ${[
                  ['Model', f.chosenLabel ?? f.chosenModel ?? 'n/a'],
                  ['Chosen by', RULES[f.selectionRule ?? ''] ?? 'n/a'],
                  ['MASE', fixed(chosen?.mase ?? null)],
                  ['Mean absolute error', fixed(chosen?.mae ?? null, 1)],
                  ['MAPE', chosen?.mape === null || chosen?.mape === undefined ? 'n/a' : `${chosen.mape.toFixed(1)}%`],
                  ['80% coverage', pct(chosen?.coverage80 ?? null)],
                  ['95% coverage', pct(chosen?.coverage95 ?? null)],
                  ['Councils’ method MASE', fixed(councils?.mase ?? null)],
                  [
                    'Against the councils’ method',
                    f.maseRatioToStraightLine === null ? 'n/a' : `${fixed(f.maseRatioToStraightLine)} times its error`,
                  ],
                ].map(
                  ([k, v]) =>
                    html`<div class="govuk-summary-list__row">
                      <dt class="govuk-summary-list__key">${k}</dt>
                      <dd class="govuk-summary-list__value">${v}</dd>
                    </div>`,
                )}
              </dl>
              <p class="govuk-body-s">Why: ${f.reason}</p>
            </div>
          </details>
        </div>
      </div>
      <details class="govuk-details">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">Every model’s back-test, and the forecast as a table</span>
        </summary>
        <div
          class="govuk-details__text app-table-wrapper"
          role="region"
          aria-label="Back-test and forecast tables"
          tabindex="0"
        >
          ${table({
            id: `${id}-backtest`,
            caption: 'Back-test by model (lower MASE is better; coverage should be near 80% and 95%)',
            captionSize: 's',
            head: ['Model', 'MASE', 'MAPE', '80% coverage', '95% coverage', 'Starting months'],
            rows: f.backtest.map((b) => [
              `${b.label}${b.model === f.chosenModel ? ' (chosen)' : ''}`,
              fixed(b.mase),
              b.mape === null ? 'n/a' : `${b.mape.toFixed(1)}%`,
              pct(b.coverage80),
              pct(b.coverage95),
              b.origins,
            ]),
            numeric: [1, 2, 3, 4, 5],
            rowHeaders: true,
          })}
          ${table({
            id: `${id}-table`,
            caption: 'Forecast by month',
            captionSize: 's',
            head: ['Month', 'Median', '80% interval', '95% interval'],
            rows: shown.map((b) => [
              govukMonth(b.month),
              round(b.point),
              `${round(b.lower80)} to ${round(b.upper80)}`,
              `${round(b.lower95)} to ${round(b.upper95)}`,
            ]),
            numeric: [1],
            rowHeaders: true,
          })}
        </div>
      </details>
      ${this.projection(f.scenarioProjection ?? f.projection, `${id}-projection`, r)}
    </section>`;
  }

  private projection(p: Projection | null, id: string, r: ForecastRequest): SafeHtml {
    if (!p)
      return html`<p class="govuk-body-s">
        No projection by placement type for this series: it was forecast from month-end totals, not from monthly moves
        between placement types.
      </p>`;
    const end = (bands: FanBand[]) => bands[bands.length - 1];
    const lastCost = p.cost?.[p.cost.length - 1];
    const totalCost = p.cost?.reduce((sum, c) => sum + BigInt(c.pointPence), 0n);
    return html`<h3 class="govuk-heading-s">
        Projection by placement type${p.scenarioName ? `: ${p.scenarioName}` : r.scenario ? '' : ' (no scenario)'}
      </h3>
      ${table({
        id,
        caption: `Children looked after at the end of ${govukMonth(end(p.total)?.month ?? 'the horizon')}, by placement type`,
        captionSize: 's',
        head: ['Placement type', 'Median', '80% interval'],
        rows: [
          ...p.byCategory.map((c) => {
            const b = end(c.bands);
            return [
              categoryName(c.category),
              b ? round(b.point) : 'n/a',
              b ? `${round(b.lower80)} to ${round(b.upper80)}` : 'n/a',
            ];
          }),
          [
            'Total',
            round(end(p.total)?.point ?? 0),
            end(p.total) ? `${round(end(p.total)!.lower80)} to ${round(end(p.total)!.upper80)}` : 'n/a',
          ],
        ],
        numeric: [1],
        rowHeaders: true,
      })}
      ${
        lastCost && totalCost !== undefined
          ? html`<p class="govuk-body" id="${id}-cost">
              Projected placement cost: <strong>${pounds(Number(lastCost.pointPence))}</strong> in
              ${govukMonth(lastCost.month)} (80% interval ${pounds(Number(lastCost.lower80Pence))} to
              ${pounds(Number(lastCost.upper80Pence))}); <strong>${pounds(Number(totalCost))}</strong> over the
              ${p.cost!.length} months.
            </p>`
          : ''
      }`;
  }
}
