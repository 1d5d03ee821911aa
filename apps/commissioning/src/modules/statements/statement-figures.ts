import type { DataSource, EntityManager } from 'typeorm';
import { toPence } from '../../platform/index.js';

/** A statement's money figures, in pence, for one (contract, council, route). */
export interface Figures {
  committed: number;
  used: number;
  void: number;
  rechargesIn: number;
  rechargesOut: number;
  spend: number;
}

export const NO_FIGURES: Readonly<Figures> = {
  committed: 0,
  used: 0,
  void: 0,
  rechargesIn: 0,
  rechargesOut: 0,
  spend: 0,
};

export const figuresKey = (contract: string | null, council: string | null, route: string | null) =>
  `${contract ?? '-'}|${council ?? '-'}|${route ?? '-'}`;

/** Journal sums for a period, by (contract, council, route): the statements' figures. */
export async function journalFigures(em: EntityManager | DataSource, period: string): Promise<Map<string, Figures>> {
  const rows = (await em.query(
    `SELECT l.contract_id, l.council_code, l.route, l.kind, sum(l.amount_pence)::text AS total
     FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
     WHERE e.period = $1 AND e.kind IN ('period-close', 'market-spend') GROUP BY 1, 2, 3, 4`,
    [period],
  )) as {
    contract_id: string | null;
    council_code: string | null;
    route: string | null;
    kind: string;
    total: string;
  }[];
  const out = new Map<string, Figures>();
  const add = (k: string, field: keyof Figures, amount: number) => {
    const f = out.get(k) ?? { ...NO_FIGURES };
    f[field] += amount;
    out.set(k, f);
  };
  for (const r of rows) {
    const amount = toPence(r.total);
    const k = figuresKey(r.contract_id, r.council_code, r.route);
    const contractKey = figuresKey(r.contract_id, null, 'block');
    switch (r.kind) {
      case 'commitment':
        // Council lines release (credit) the council's commitment; the contract line is the month's cost.
        if (r.council_code) add(k, 'committed', -amount);
        else add(contractKey, 'committed', amount);
        break;
      case 'used':
        add(k, 'used', amount);
        add(contractKey, 'used', amount);
        break;
      case 'void':
        add(k, 'void', amount);
        add(contractKey, 'void', amount);
        break;
      case 'recharge-in':
        add(k, 'rechargesIn', -amount);
        add(contractKey, 'rechargesIn', -amount);
        break;
      case 'recharge-out':
        add(k, 'rechargesOut', amount);
        add(contractKey, 'rechargesOut', amount);
        break;
      case 'spend':
        add(k, 'spend', amount);
        break;
      case 'payable':
      case 'market-payable':
        break;
      default:
        throw new Error(`unknown journal line kind ${r.kind}`);
    }
  }
  return out;
}
