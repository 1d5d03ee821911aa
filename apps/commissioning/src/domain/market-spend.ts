import { bedNightsCost, canonicalLines, periodDays } from './ledger-math.js';
import { accounts, type LedgerLine } from './contract-terms.js';

export interface MarketPlacement {
  id: string;
  councilCode: string;
  route: string;
  weeklyCostPence: number;
  startDay: number;
  endDay: number | null;
}

export interface SpendLine {
  councilCode: string;
  route: string;
  placements: number;
  bedNights: number;
  spendPence: number;
}

/**
 * Spot, framework, DPS and in-house placements in a month: each placement's nights in the month at its own weekly
 * cost (rounded per placement), summed per council and route, so block and non-block spend are comparable.
 */
export function marketSpend(period: string, placements: readonly MarketPlacement[]): SpendLine[] {
  const { start, end } = periodDays(period);
  const byKey = new Map<string, SpendLine>();
  for (const p of placements) {
    const nights = Math.max(0, Math.min(end, p.endDay ?? end) - Math.max(start, p.startDay));
    if (nights === 0) continue;
    const key = `${p.councilCode}|${p.route}`;
    const line = byKey.get(key) ?? {
      councilCode: p.councilCode,
      route: p.route,
      placements: 0,
      bedNights: 0,
      spendPence: 0,
    };
    line.placements += 1;
    line.bedNights += nights;
    line.spendPence += bedNightsCost(nights, p.weeklyCostPence);
    byKey.set(key, line);
  }
  return [...byKey.values()].sort((a, b) =>
    a.councilCode === b.councilCode ? a.route.localeCompare(b.route) : a.councilCode.localeCompare(b.councilCode),
  );
}

export function spendLines(spend: readonly SpendLine[]): LedgerLine[] {
  return canonicalLines<LedgerLine>(
    spend.flatMap((s) => [
      {
        kind: 'spend' as const,
        councilCode: s.councilCode,
        contractId: null,
        route: s.route,
        account: accounts.councilSpend(s.councilCode, s.route),
        amountPence: s.spendPence,
      },
      {
        kind: 'market-payable' as const,
        councilCode: null,
        contractId: null,
        route: s.route,
        account: accounts.marketPayable(s.route),
        amountPence: -s.spendPence,
      },
    ]),
  );
}
