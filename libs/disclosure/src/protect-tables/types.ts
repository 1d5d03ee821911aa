// The joint protection's vocabulary: what goes in, what comes out, the links an intruder may use and the reasons.
import type { Range } from '../feasible-range.js';
import type { Contributions } from '../member-knowledge.js';
import type { PublishedValue } from '../published-value.js';

export interface TableInput {
  rowKeys: string[];
  colKeys: string[];
  /** counts[r][c]: non-negative integers, one row per row key and one column per column key. */
  counts: number[][];
  /** Publish the totals (row, column, grand) rounded half up to this unit, e.g. 10; cells stay exact. */
  roundTotalsTo?: number;
  /**
   * Each member council's own counts (same shape; they sum to `counts`). Every member knows its own figures, so each
   * member (and each coalition, see `coalitionSize`) is treated as an intruder who subtracts them (issue 15).
   */
  contributions?: Contributions;
}

export interface ProtectedTable {
  rowKeys: string[];
  colKeys: string[];
  cells: PublishedValue[][];
  rowTotals: PublishedValue[];
  colTotals: PublishedValue[];
  grandTotal: PublishedValue;
}

export const PRIMARY_REASON = (minCount: number) => `fewer than ${minCount}`;
export const SECONDARY_REASON = 'secondary suppression (protects another cell)';
export const CARRIED_REASON = 'suppressed in an earlier version';
export const CHANGE_REASON = 'protects a change between versions';
export const LINKED_REASON = 'suppressed in a linked table';
export const SUM_REASON = 'protects the sum of hidden cells in a line';
export const MEMBER_REASON = 'leaves a small count once a member council subtracts its own figures';
/**
 * The one reason every suppressed figure of a published table carries: the reasons above stay in the audit, never in
 * what is published, which would otherwise say which hidden cells are the small ones (issue 15).
 */
export const PUBLISHED_REASON = 'suppressed: a small count, or a figure that would reveal one';

/** A table already published: its true counts (kept by the publisher, never shown) and what was shown. */
export interface PublishedTable {
  counts: number[][];
  published: ProtectedTable;
  /** The members' own counts behind it, when kept: the member intruders then know them too. */
  contributions?: Contributions;
}

/**
 * What an intruder may combine with the tables:
 * - `same`: one figure appears in two tables (e.g. a category total in the age table and in the council table);
 * - `revision`: `current` is a new version of `previous` (same keys). The change between them is itself sensitive
 *   (a late council's contribution): each small change must stay hidden and undeterminable. When `additive` is true
 *   the intruder is assumed to know that no figure went down (only councils were added).
 */
export type TableLink =
  | { kind: 'same'; a: EntryRef; b: EntryRef }
  | { kind: 'revision'; previous: string; current: string; additive: boolean };

/** An entry of a table's augmented grid: row `R` is the column totals, column `C` the row totals. */
export interface EntryRef {
  table: string;
  row: number;
  col: number;
}

export interface AuditEntry {
  /** `cell` protects a small count; `change` protects a small difference between two versions. */
  kind: 'cell' | 'change';
  table: string;
  row: number;
  col: number;
  /** The member councils whose own figures the intruder knows (absent: the public, who knows only what was published). */
  intruder?: string[];
  /** The range an intruder can narrow the hidden value (or change) down to by solving everything published. */
  range: Range;
  protected: boolean;
}

export interface ProtectionResult {
  tables: Record<string, ProtectedTable>;
  /** Every small count and small change, with the range left to an intruder. */
  audit: AuditEntry[];
}
