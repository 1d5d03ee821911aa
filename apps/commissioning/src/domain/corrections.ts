import { canonicalLines } from './ledger-math.js';
import type { LedgerLine } from './contract-terms.js';

/**
 * What a closed month's automatic costing still owes: the month costed again from today's facts, minus what the
 * journal already holds for it (its close and earlier corrections). Both sides balance, so the difference does too;
 * lines that agree drop out. Empty when nothing changed.
 */
export function correctionLines(recomputed: readonly LedgerLine[], posted: readonly LedgerLine[]): LedgerLine[] {
  const key = (l: LedgerLine) => [l.account, l.kind, l.councilCode ?? '', l.contractId ?? '', l.route ?? ''].join('|');
  const out = new Map<string, LedgerLine>();
  for (const [lines, sign] of [
    [recomputed, 1],
    [posted, -1],
  ] as const) {
    for (const l of lines) {
      const k = key(l);
      const acc = out.get(k) ?? { ...l, amountPence: 0 };
      acc.amountPence += sign * l.amountPence;
      out.set(k, acc);
    }
  }
  return canonicalLines([...out.values()].filter((l) => l.amountPence !== 0));
}

/** The amount a council is charged by some lines: block use, voids and recharges (net) plus other spend. */
export function councilCharge(lines: readonly LedgerLine[], councilCode: string): number {
  return lines
    .filter((l) => l.councilCode === councilCode && CHARGE_KINDS.has(l.kind))
    .reduce((a, l) => a + l.amountPence, 0);
}

const CHARGE_KINDS = new Set<LedgerLine['kind']>(['used', 'void', 'recharge-in', 'recharge-out', 'spend']);
