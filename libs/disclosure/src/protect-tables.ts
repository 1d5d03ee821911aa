import { DEFAULT_COALITION_SIZE } from './member-knowledge.js';
import { checkOptions, type DisclosureOptions, type PublishedValue } from './published-value.js';
import { auditAndRepair } from './protect-tables/audit.js';
import { buildGrids, shownValue } from './protect-tables/grids.js';
import { intrudersOf, revisionsOf, type Joint } from './protect-tables/joint.js';
import { hideCarriedAndChanged, hideMembersSmallCounts } from './protect-tables/suppress.js';
import {
  PUBLISHED_REASON,
  type ProtectedTable,
  type ProtectionResult,
  type PublishedTable,
  type TableInput,
  type TableLink,
} from './protect-tables/types.js';

export { isProtectedRange } from './protect-tables/audit.js';
export * from './protect-tables/types.js';

/**
 * Publishes several tables at once, protected jointly: with each other (figures they share), and with what was
 * already published (earlier versions, which cannot change). See `protectTable` for the rules on one table; on top:
 *
 * 1. A figure hidden in one table is hidden wherever else it appears (`same` links).
 * 2. A new version keeps every suppression of the version it revises (carried forward), and hides each figure whose
 *    change from that version is small, with secondary suppression on the table of changes too, so differencing
 *    two versions cannot isolate a late council's small counts.
 * 3. Then an audit solves everything published (all tables, their totals, earlier versions, the links, non-negative
 *    counts) as linear programmes: every hidden small count and every small change must keep a feasible range at
 *    least twice the threshold wide or containing the whole small range. Where one does not, one more entry next to
 *    it is hidden and the audit runs again, until all pass (or nothing is left to hide, reported in `audit`).
 */
export function protectTables(
  inputs: Record<string, TableInput>,
  options: DisclosureOptions,
  context: {
    published?: Record<string, PublishedTable>;
    links?: TableLink[];
    /** The largest coalition of members assumed to pool their own figures (default 2: each member and each pair). */
    coalitionSize?: number;
  } = {},
): ProtectionResult {
  checkOptions(options);
  const grids = buildGrids(inputs, options, context.published ?? {});
  const links = context.links ?? [];
  const revisions = revisionsOf(grids, links);
  const intruders = intrudersOf(grids, context.coalitionSize ?? DEFAULT_COALITION_SIZE);
  const joint: Joint = { m: options.minCount, grids, links, revisions, intruders };

  hideMembersSmallCounts(joint);
  hideCarriedAndChanged(joint);
  const audit = auditAndRepair(joint);

  const tables: Record<string, ProtectedTable> = {};
  for (const g of grids.values()) {
    if (g.fixed) continue;
    const publish = (r: number, c: number): PublishedValue =>
      g.reason[r]![c] === null ? shownValue(g, r, c) : { kind: 'marker', marker: 'c', reason: PUBLISHED_REASON };
    tables[g.id] = {
      rowKeys: g.rowKeys,
      colKeys: g.colKeys,
      cells: Array.from({ length: g.R }, (_, r) => Array.from({ length: g.C }, (_, c) => publish(r, c))),
      rowTotals: Array.from({ length: g.R }, (_, r) => publish(r, g.C)),
      colTotals: Array.from({ length: g.C }, (_, c) => publish(g.R, c)),
      grandTotal: publish(g.R, g.C),
    };
  }
  return { tables, audit };
}
