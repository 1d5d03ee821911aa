import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsISO8601, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsIntIn } from '../../validators.js';
import type { EventDefinition } from '../../envelope.js';
import { TOPICS } from '../../topics.js';
import {
  AGE_BANDS,
  COUNCIL_CODE_PATTERN,
  PLACEMENT_CATEGORIES,
  type AgeBand,
  type PlacementCategory,
} from '../../vocabulary.js';

export class NeedCellV1 {
  @IsIn(PLACEMENT_CATEGORIES)
  category: PlacementCategory;

  @IsIn(AGE_BANDS)
  ageBand: AgeBand;

  @IsInt()
  @Min(0)
  @Max(1_000_000)
  count: number;
}

/**
 * A council's children looked after on one date, counted by placement category x age band. Aggregates only: no
 * child identifier, date of birth or postcode can be expressed in this shape. Unsuppressed: it goes only to the hub's
 * analytics, which applies disclosure control before anything is published.
 */
export class NeedSnapshotV1 {
  @Matches(COUNCIL_CODE_PATTERN, { message: 'councilCode must be an ONS council code such as E10000028' })
  councilCode: string;

  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asAt must be a date (YYYY-MM-DD)' })
  asAt: string;

  @IsInt()
  @Min(0)
  total: number;

  @ValidateNested({ each: true })
  @Type(() => NeedCellV1)
  @ArrayMaxSize(PLACEMENT_CATEGORIES.length * AGE_BANDS.length)
  cells: NeedCellV1[];
}

export const NeedSnapshotV1Event: EventDefinition<NeedSnapshotV1> = {
  type: 'council.need-snapshot',
  version: 1,
  topic: TOPICS.councilNeed,
  payload: NeedSnapshotV1,
  rules: (p) => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const cell of p.cells) {
      const id = `${cell.category}/${cell.ageBand}`;
      if (seen.has(id)) problems.push(`cells: ${id} appears twice`);
      seen.add(id);
    }
    const sum = p.cells.reduce((acc, cell) => acc + cell.count, 0);
    if (sum !== p.total) problems.push(`total ${p.total} is not the sum of the cells (${sum})`);
    return problems;
  },
};

export class MonthFlowV1 {
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month: string;

  @IsIntIn(0, 100_000) entries: number;
  @IsIntIn(0, 100_000) exits: number;
}

/**
 * A council's flows: children starting and ceasing to be looked after, per month, for the twelve months to asAt.
 * Aggregates only; sent with each snapshot under the same sharing agreement.
 */
export class NeedFlowsV1 {
  @Matches(COUNCIL_CODE_PATTERN, { message: 'councilCode must be an ONS council code such as E10000028' })
  councilCode: string;

  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asAt must be a date (YYYY-MM-DD)' })
  asAt: string;

  @ValidateNested({ each: true })
  @Type(() => MonthFlowV1)
  @ArrayMaxSize(24)
  months: MonthFlowV1[];
}

export const NeedFlowsV1Event: EventDefinition<NeedFlowsV1> = {
  type: 'council.need-flows',
  version: 1,
  topic: TOPICS.councilNeed,
  payload: NeedFlowsV1,
  rules: (p) =>
    new Set(p.months.map((m) => m.month)).size === p.months.length ? [] : ['months: a month appears twice'],
};

/** A state of the stock-and-flow model: `out` (not looked after) or `<category>/<age band>`. */
export const NEED_STATES = [
  'out',
  ...PLACEMENT_CATEGORIES.flatMap((c) => AGE_BANDS.map((a) => `${c}/${a}`)),
] as readonly string[];

export class TransitionCellV1 {
  @IsIn(NEED_STATES) from: string;
  @IsIn(NEED_STATES) to: string;
  @IsIntIn(1, 100_000) count: number;
}

/**
 * A council's moves between states in one month, counted: entries (`out` -> state), exits (state -> `out`), changes
 * of placement category and ageing into the next band, plus the stock that stayed (`from === to`). Aggregates only;
 * the input to the Markov stock-and-flow forecast. Goes only to the hub's analytics; never published as is.
 */
export class NeedTransitionsV1 {
  @Matches(COUNCIL_CODE_PATTERN, { message: 'councilCode must be an ONS council code such as E10000028' })
  councilCode: string;

  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month: string;

  @ValidateNested({ each: true })
  @Type(() => TransitionCellV1)
  @ArrayMaxSize(NEED_STATES.length * NEED_STATES.length)
  cells: TransitionCellV1[];
}

export const NeedTransitionsV1Event: EventDefinition<NeedTransitionsV1> = {
  type: 'council.need-transitions',
  version: 1,
  topic: TOPICS.councilNeed,
  payload: NeedTransitionsV1,
  rules: (p) => {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const c of p.cells) {
      const id = `${c.from}->${c.to}`;
      if (seen.has(id)) problems.push(`cells: ${id} appears twice`);
      if (c.from === 'out' && c.to === 'out') problems.push('cells: out->out is not a transition');
      seen.add(id);
    }
    return problems;
  },
};
