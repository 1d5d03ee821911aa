import { select, table, tag } from '../../platform/components.js';
import { councilName } from '../../platform/council-names.js';
import { govukMonth } from '../../platform/dates.js';
import type { GatewayClient } from '../../platform/gateway.client.js';
import { html, type SafeHtml } from '../../platform/html.js';
import type { Session, WebResponse } from '../../platform/http.js';
import { pounds } from '../../platform/money.js';
import { statementCsv, type StatementQuery } from './statement-csv.js';
import { CLOSED_PERIODS, STATEMENT_QUERY } from './statements.queries.js';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

async function closed(gateway: GatewayClient, s: Session, action: string): Promise<string[]> {
  return (await gateway.request<{ closedPeriods: string[] }>(s, CLOSED_PERIODS, {}, action)).closedPeriods;
}

async function statement(gateway: GatewayClient, s: Session, period: string, action: string) {
  return (
    await gateway.request<{ periodStatements: StatementQuery }>(s, STATEMENT_QUERY, { input: { period } }, action)
  ).periodStatements;
}

/** Sends one council's statement for a closed month as CSV (the caller decides which councils it may ask for). */
export async function sendStatementCsv(
  gateway: GatewayClient,
  s: Session,
  res: WebResponse,
  period: string | undefined,
  councilCode: string | undefined,
  action: string,
): Promise<void> {
  const months = await closed(gateway, s, action);
  const st =
    period && PERIOD.test(period) && months.includes(period) ? await statement(gateway, s, period, action) : null;
  if (!st || !councilCode || !st.councils.some((c) => c.councilCode === councilCode)) {
    res.status(404);
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.send('No statement for that council and month: choose a closed month from the statements page.');
    return;
  }
  res.status(200);
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="statement-${councilCode}-${period}.csv"`);
  res.send(statementCsv(st, councilCode));
}

/**
 * Statements for one closed month, from the journal: every council's for the hub, its own for a council. Each
 * council's month, its adjustments (arrears, corrections, hand adjustments, reversals, each with the month it belongs
 * to) and what it owes, with a CSV to take away; each contract's utilisation under its name and provider.
 */
export async function statementsSection(
  gateway: GatewayClient,
  s: Session,
  period: string | undefined,
  action: string,
  name: (code: string) => string = (code) => councilName(code),
): Promise<SafeHtml> {
  const months = await closed(gateway, s, action);
  if (months.length === 0)
    return html`<h2 class="govuk-heading-m">Statements</h2>
      <p class="govuk-body">No month has been closed yet.</p>`;
  const chosen = period && months.includes(period) ? period : months[months.length - 1]!;
  const st = await statement(gateway, s, chosen, action);
  const check = (ok: boolean) => (ok ? tag('Reconciles', 'green') : tag('Does not reconcile', 'red'));
  const csv = (code: string) =>
    html`<a class="govuk-link" href="${action}/statement.csv?period=${chosen}&council=${code}"
      >CSV<span class="govuk-visually-hidden"> statement for ${name(code)}, ${govukMonth(chosen)}</span></a
    >`;
  const adjustments = st.councils.flatMap((c) => c.adjustments.map((a) => ({ ...a, councilCode: c.councilCode })));
  const month = govukMonth(chosen);
  return html`<h2 class="govuk-heading-m">Statements for ${month}</h2>
    <form method="get" action="${action}" class="govuk-!-margin-bottom-6">
      ${select({ id: 'period', label: 'Month', items: months.map((p) => ({ value: p, text: govukMonth(p) })), value: chosen })}
      <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
        Show statements
      </button>
    </form>
    ${table({
      id: 'council-statements',
      caption: 'Councils',
      captionSize: 's',
      head: [
        'Council',
        'Occupied block bed-nights',
        'Used',
        'Voids',
        'Recharges in',
        'Recharges out',
        'Block net',
        'Total for the month',
        'Adjustments',
        'Payable',
        'Journal',
        'Download',
      ],
      rows: st.councils.map((c) => [
        name(c.councilCode),
        String(c.occupiedBlockBedNights),
        pounds(c.usedPence),
        pounds(c.voidPence),
        pounds(c.rechargesInPence),
        pounds(c.rechargesOutPence),
        pounds(c.blockNetPence),
        pounds(c.totalPence),
        pounds(c.adjustmentsPence),
        pounds(c.payablePence),
        check(c.reconciles),
        csv(c.councilCode),
      ]),
      numeric: [1, 2, 3, 4, 5, 6, 7, 8, 9],
      rowHeaders: true,
    })}
    ${
      adjustments.length
        ? table({
            id: 'statement-adjustments',
            caption: `Adjustments posted in ${month} for other months`,
            captionSize: 's',
            head: ['Council', 'Kind', 'Belongs to', 'Contract', 'What', 'Posted by', 'Charged'],
            rows: adjustments.map((a) => [
              name(a.councilCode),
              a.label,
              govukMonth(a.relatesToPeriod),
              a.contractName ?? '',
              a.description,
              a.postedBy,
              pounds(a.chargePence),
            ]),
            numeric: [6],
            rowHeaders: true,
          })
        : html`<p class="govuk-body">No adjustments were posted in ${month}.</p>`
    }
    ${table({
      id: 'contract-statements',
      caption: 'Block contracts: utilisation and voids',
      captionSize: 's',
      head: ['Contract', 'Provider', 'Bed-nights', 'Occupied', 'Void', 'Utilisation', 'Cost', 'Void cost', 'Journal'],
      rows: st.contracts.map((c) => [
        // Contracts made before they carried a name (ADR 40) have none: said so, with a reference to find them by.
        c.contractName || `Contract made before names, ref ${c.contractId.slice(0, 8).toUpperCase()}`,
        c.provider?.name ?? '',
        String(c.bedNights),
        String(c.occupiedBedNights),
        String(c.voidBedNights),
        c.bedNights === 0 ? 'n/a' : `${((100 * c.occupiedBedNights) / c.bedNights).toFixed(1)}%`,
        pounds(c.costPence),
        pounds(c.voidCostPence),
        check(c.reconciles),
      ]),
      numeric: [2, 3, 4, 5, 6, 7],
      rowHeaders: true,
    })}`;
}
