// What the phases of the joint protection share: the grids, the links between them and the intruders.
import { coalitionGrid, coalitions } from '../member-knowledge.js';
import type { Grid } from './grids.js';
import type { TableLink } from './types.js';

export type Revision = Extract<TableLink, { kind: 'revision' }>;

/** An intruder: the public (no coalition, knows only what is published) or a coalition of members with its figures. */
export interface IntruderView {
  coalition: string[];
  own: Map<string, number[][]>;
}

export interface Joint {
  /** The threshold: counts 1..m-1 are small. */
  m: number;
  grids: Map<string, Grid>;
  links: TableLink[];
  revisions: Revision[];
  /** intruders[0] is the public. */
  intruders: IntruderView[];
}

export function gridOf(j: Pick<Joint, 'grids'>, id: string): Grid {
  const g = j.grids.get(id);
  if (!g) throw new RangeError(`link names an unknown table ${id}`);
  return g;
}

/** The revisions, checked: each is a new table with the keys of the one it revises. */
export function revisionsOf(grids: Map<string, Grid>, links: TableLink[]): Revision[] {
  const revisions = links.filter((l): l is Revision => l.kind === 'revision');
  for (const l of revisions) {
    const [p, c] = [gridOf({ grids }, l.previous), gridOf({ grids }, l.current)];
    if (c.fixed) throw new RangeError(`revision ${l.current} must be a new table`);
    if (p.R !== c.R || p.C !== c.C || p.rowKeys.join() !== c.rowKeys.join() || p.colKeys.join() !== c.colKeys.join())
      throw new RangeError(`revision ${l.current} does not have the keys of ${l.previous}`);
  }
  return revisions;
}

/**
 * The intruders: the public (0: knows only what is published), then each coalition of members, who also knows its
 * own figures in every table that has contributions.
 */
export function intrudersOf(grids: Map<string, Grid>, coalitionSize: number): IntruderView[] {
  const members = [...new Set([...grids.values()].flatMap((g) => Object.keys(g.contributions ?? {})))].sort();
  const intruders: IntruderView[] = [{ coalition: [], own: new Map() }];
  for (const coalition of coalitions(members, coalitionSize)) {
    const own = new Map<string, number[][]>();
    for (const g of grids.values()) {
      const pooled = coalitionGrid(g.contributions, coalition, g.C);
      if (pooled) own.set(g.id, pooled);
    }
    intruders.push({ coalition, own });
  }
  return intruders;
}

/** What intruder `k` knows of an entry: its own part of it (0 for the public). */
export const ownOf = (j: Joint, k: number, g: Grid, r: number, c: number): number =>
  j.intruders[k]!.own.get(g.id)?.[r]?.[c] ?? 0;

/** What is left of an entry once intruder `k` takes its own part out: the other members' part. */
export const rest = (j: Joint, k: number, g: Grid, r: number, c: number): number =>
  g.truth[r]![c]! - ownOf(j, k, g, r, c);
