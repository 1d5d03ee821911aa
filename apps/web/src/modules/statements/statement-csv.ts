/**
 * A council's statement for one closed month as a CSV a finance team can take away (issue 23): every block contract
 * line (with the contract's name and provider), every route's spend, and every adjustment (arrears, corrections, hand
 * adjustments, reversals) labelled with the month it belongs to, then the totals. Amounts in pence and in pounds.
 */
export interface StatementQuery {
  period: string;
  councils: CouncilStatementView[];
  contracts: ContractStatementView[];
}

export interface CouncilStatementView {
  councilCode: string;
  occupiedBlockBedNights: number;
  usedPence: number;
  voidPence: number;
  rechargesInPence: number;
  rechargesOutPence: number;
  blockNetPence: number;
  totalPence: number;
  adjustmentsPence: number;
  payablePence: number;
  reconciles: boolean;
  spend: { route: string; placements: number; bedNights: number; spendPence: number }[];
  adjustments: {
    entryId: string;
    label: string;
    relatesToPeriod: string;
    contractId: string | null;
    contractName: string | null;
    description: string;
    postedBy: string;
    chargePence: number;
  }[];
}

export interface ContractStatementView {
  contractId: string;
  contractName: string;
  provider: { name: string } | null;
  bedNights: number;
  occupiedBedNights: number;
  voidBedNights: number;
  costPence: number;
  voidCostPence: number;
  reconciles: boolean;
  councils: {
    councilCode: string;
    occupiedBedNights: number;
    usedPence: number;
    voidPence: number;
    rechargesInPence: number;
    rechargesOutPence: number;
    netPence: number;
  }[];
}

const HEAD = [
  'period',
  'council',
  'line',
  'belongs_to_month',
  'contract_id',
  'contract_name',
  'provider',
  'route',
  'description',
  'bed_nights',
  'amount_pence',
  'amount_gbp',
];

/** A CSV cell: quoted when needed; text that a spreadsheet would run as a formula is prefixed with a quote. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const gbp = (pence: number) => (pence / 100).toFixed(2);

export function statementCsv(st: StatementQuery, councilCode: string): string {
  const c = st.councils.find((x) => x.councilCode === councilCode);
  if (!c) throw new RangeError(`no statement for ${councilCode} in ${st.period}`);
  const rows: (string | number | null)[][] = [];
  const row = (
    line: string,
    amount: number,
    more: { month?: string; contract?: ContractStatementView | null; id?: string | null; name?: string | null } & {
      route?: string;
      description?: string;
      bedNights?: number | null;
    } = {},
  ) =>
    rows.push([
      st.period,
      councilCode,
      line,
      more.month ?? st.period,
      more.contract?.contractId ?? more.id ?? null,
      more.contract?.contractName ?? more.name ?? null,
      more.contract?.provider?.name ?? null,
      more.route ?? (more.contract ? 'block' : null),
      more.description ?? null,
      more.bedNights ?? null,
      amount,
      gbp(amount),
    ]);
  for (const k of st.contracts) {
    const l = k.councils.find((x) => x.councilCode === councilCode);
    if (!l) continue;
    row('block used', l.usedPence, { contract: k, bedNights: l.occupiedBedNights });
    row('block voids (share)', l.voidPence, { contract: k });
    row('recharges out', l.rechargesOutPence, { contract: k });
    row('recharges in (credit)', -l.rechargesInPence, { contract: k });
  }
  for (const s of c.spend)
    row(`spend: ${s.route}`, s.spendPence, {
      route: s.route,
      bedNights: s.bedNights,
      description: `${s.placements} placements`,
    });
  row('total for the month', c.totalPence, {
    description: c.reconciles ? 'reconciles with the journal' : 'DOES NOT RECONCILE',
  });
  for (const a of c.adjustments)
    row(a.label, a.chargePence, {
      month: a.relatesToPeriod,
      id: a.contractId,
      name: a.contractName,
      contract: st.contracts.find((k) => k.contractId === a.contractId) ?? null,
      description: `${a.description} (posted by ${a.postedBy}, entry ${a.entryId})`,
    });
  row('adjustments', c.adjustmentsPence);
  row('payable', c.payablePence);
  return [HEAD, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
