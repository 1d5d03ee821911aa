import { backtestSplit, type BacktestOptions, type BacktestRow } from './backtest.js';
import { combination } from './models/combination.js';
import type { Model, ModelName } from './models/model.js';

/** A single model replaces the combination only if its MASE on the choosing origins is at most this share of it. */
export const CLEARLY_BETTER = 0.9;
/** Share of the back-test origins (the earlier ones) the choice is made on; the rest confirm it. */
export const CHOOSE_SHARE = 0.6;

export type SelectionRule = 'combination' | 'single-clearly-better' | 'lowest-mase';

export interface Selection {
  rule: SelectionRule;
  /** Origins (training lengths) the choice was made on, [from, to] inclusive; and those it was confirmed on. */
  chooseOrigins: [number, number];
  confirmOrigins: [number, number] | null;
  /** Every candidate's MASE on the choosing and on the confirming origins. */
  early: Partial<Record<ModelName, number>>;
  late: Partial<Record<ModelName, number>>;
  /** The ETS kept in the combinations: Holt-Winters only where the seasonality helped on the choosing origins. */
  etsMember: ModelName | null;
}

const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(2));
const finite = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);
const isMarkov = (m: ModelName) => m === 'markov' || m === 'markov-pooled';

/**
 * Back-tests every candidate and chooses without overfitting: the combination (median or mean of ETS, Theta and the
 * councils' line; without ETS when it is not a candidate) is the default; a single model replaces it only if it is clearly better (MASE at most
 * CLEARLY_BETTER of the combination's) on the earlier origins AND better again on the later ones. Without the
 * combination's members (a custom candidate list) the lowest MASE over every origin chooses. The reason says which
 * rule chose, in figures.
 */
export function select(
  y: readonly number[],
  models: readonly Model[],
  options: BacktestOptions & { firstOrigin: number },
): { rows: BacktestRow[]; chosen: BacktestRow; model: Model; reason: string; selection: Selection } {
  const first = options.firstOrigin;
  const count = y.length - first;
  const split = count >= 4 ? first + Math.ceil(count * CHOOSE_SHARE) : y.length;
  let seeds = 0;
  const score = (m: Model) => {
    const { full, early, late } = backtestSplit(y, m, { ...options, seed: options.seed + seeds++ }, split);
    return { model: m, full, early, late: split < y.length ? late : undefined };
  };
  const singles = models.map(score);
  const byName = (n: ModelName) => singles.find((s) => s.model.name === n);
  const ets = [byName('holt-winters'), byName('ets-damped')].filter((s) => s !== undefined);
  const etsMember = ets.length === 0 ? undefined : ets.reduce((a, b) => (b.early.mase < a.early.mase ? b : a));
  const thetaS = byName('theta');
  const line = byName('straight-line');
  // ETS joins when it can be fitted (a series of a few annual figures is too short for it).
  const members = [etsMember?.model, thetaS?.model, line?.model].filter((m) => m !== undefined);
  const combos = thetaS && line ? (['median', 'mean'] as const).map((how) => score(combination(how, members))) : [];
  const all = [...singles, ...combos];
  const selection: Selection = {
    rule: 'lowest-mase',
    chooseOrigins: [first, split - 1],
    confirmOrigins: split < y.length ? [split, y.length - 1] : null,
    early: Object.fromEntries(all.map((s) => [s.model.name, s.early.mase])),
    late: Object.fromEntries(all.filter((s) => s.late).map((s) => [s.model.name, s.late!.mase])),
    etsMember: etsMember?.model.name ?? null,
  };
  const rows = all.map((s) => s.full);
  const scored = singles.filter((s) => finite(s.early.mase));
  const origins = `origins ${first}-${split - 1}`;
  const later = split < y.length ? `origins ${split}-${y.length - 1}` : 'no later origins';

  if (combos.length === 0 || scored.length === 0) {
    const best = all
      .filter((s) => finite(s.full.mase))
      .reduce<(typeof all)[number] | undefined>((a, b) => (!a || b.full.mase < a.full.mase - 1e-12 ? b : a), undefined);
    const pick = best ?? all[0]!;
    const reason = best
      ? `lowest rolling-origin MASE (no combination among the candidates): ${pick.model.name} ${fmt(pick.full.mase)} (` +
        all
          .filter((s) => s !== pick)
          .map((s) => `${s.model.name} ${fmt(s.full.mase)}`)
          .join(', ') +
        ')'
      : 'no model could be scored (the series never changes); the first candidate is shown';
    return { rows, chosen: pick.full, model: pick.model, reason, selection };
  }

  const combo = combos.reduce((a, b) => (b.early.mase < a.early.mase - 1e-12 ? b : a));
  const single = scored.reduce((a, b) => (b.early.mase < a.early.mase - 1e-12 ? b : a));
  const clearlyEarly = single.early.mase <= CLEARLY_BETTER * combo.early.mase;
  const confirmed = single.late === undefined || combo.late === undefined || single.late.mase < combo.late.mase;
  const useSingle = clearlyEarly && confirmed;
  const pick = useSingle ? single : combo;
  selection.rule = useSingle ? 'single-clearly-better' : 'combination';
  const ratio = (a: number, b: number) => fmt(b > 0 ? a / b : NaN);
  let why: string;
  if (useSingle)
    why =
      `${single.model.name} is clearly better than the combination (${combo.model.name}): MASE ${fmt(single.early.mase)} ` +
      `against ${fmt(combo.early.mase)} on ${origins} (${ratio(single.early.mase, combo.early.mase)}x, the rule asks ` +
      `for ${CLEARLY_BETTER}x or less), and again on ${later} (${fmt(single.late?.mase)} against ${fmt(combo.late?.mase)})`;
  else if (clearlyEarly)
    why =
      `combination kept (${combo.model.label}): the best single model, ${single.model.name}, beat it clearly on ` +
      `${origins} (${fmt(single.early.mase)} against ${fmt(combo.early.mase)}) but not on ${later} ` +
      `(${fmt(single.late?.mase)} against ${fmt(combo.late?.mase)}), so the win is not trusted`;
  else
    why =
      `combination kept (${combo.model.label}): the best single model, ${single.model.name}, scored MASE ` +
      `${fmt(single.early.mase)} against the combination's ${fmt(combo.early.mase)} on ${origins}, not clearly ` +
      `better (the rule asks for ${CLEARLY_BETTER}x or less)`;
  const markov = singles.filter((s) => isMarkov(s.model.name) && s !== pick);
  const markovNote = markov
    .map(
      (s) =>
        `; the stock-and-flow projection (${s.model.name}) scored ${fmt(s.early.mase)} on ${origins} and ` +
        `${fmt(s.late?.mase)} on ${later} against the combination's ${fmt(combo.early.mase)} and ` +
        `${fmt(combo.late?.mase)}, so it is not the forecast`,
    )
    .join('');
  const reason =
    `${why}${markovNote}. Over every origin the chosen model's MASE is ${fmt(pick.full.mase)} against the ` +
    `councils' method's ${fmt(line!.full.mase)}; its 80% and 95% intervals covered ` +
    `${fmt(pick.full.coverage80 * 100)}% and ${fmt(pick.full.coverage95 * 100)}% of outcomes`;
  return { rows, chosen: pick.full, model: pick.model, reason, selection };
}
