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

/**
 * Where each kind of journal line counts: its figure, with its sign, on its own (contract, council, route) line and,
 * for the contract's own figures, on the contract's line too. Payables count nowhere; commitments are apart (a
 * council's line releases its commitment, the contract's is the month's cost).
 */
const KIND_FIGURES: Record<string, { figure: keyof Figures; sign: 1 | -1; contractToo: boolean } | null> = {
  commitment: null,
  used: { figure: 'used', sign: 1, contractToo: true },
  void: { figure: 'void', sign: 1, contractToo: true },
  'recharge-in': { figure: 'rechargesIn', sign: -1, contractToo: true },
  'recharge-out': { figure: 'rechargesOut', sign: 1, contractToo: true },
  spend: { figure: 'spend', sign: 1, contractToo: false },
  payable: null,
  'market-payable': null,
};

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
    if (!Object.hasOwn(KIND_FIGURES, r.kind)) throw new Error(`unknown journal line kind ${r.kind}`);
    const posting = KIND_FIGURES[r.kind];
    if (r.kind === 'commitment') {
      // Council lines release (credit) the council's commitment; the contract line is the month's cost.
      if (r.council_code) add(k, 'committed', -amount);
      else add(contractKey, 'committed', amount);
    } else if (posting) {
      add(k, posting.figure, posting.sign * amount);
      if (posting.contractToo) add(contractKey, posting.figure, posting.sign * amount);
    }
  }
  return out;
}
