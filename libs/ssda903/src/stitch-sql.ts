/** Repairs stitching may make to the end date used for counting (never to the statutory fields). */
export const REPAIRS = {
  closedByNextEpisode: 'open-in-earlier-return:closed-at-next-episode',
  closedAtYearEnd: 'open-in-earlier-return:counted-to-its-31-march',
  overlapTrimmed: 'overlaps-next-episode:ended-at-next-start',
} as const;

/** A rule name as an SQL string literal (the names are constants of this library, never input). */
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * THE stitching rule (ADR 0029): the one definition both the import's first insert and every later re-stitch use.
 * Self-contained: no bind parameters, so it can be spliced anywhere in a statement without renumbering.
 *
 * `relation` is a table name or a parenthesised subquery with at least `child_id`, `decom`, `dec` and `source_year`
 * (the collection year of the return the row was last reported in), holding ONE council's episodes. The result is
 * every column of `relation` plus `next` (the child's next episode start), `left_open`, `effective` (the end date
 * used for counting: the child is looked after on day d when decom <= d < effective) and `rule` (the repair, or
 * null). DEC and REC are never changed: only `effective` is derived.
 *
 * - An episode left open (DEC blank) in a return older than the latest held, and not repeated by a later return,
 *   was still open on that return's 31 March but not in the next return: it counts up to and including that
 *   31 March, so `effective` is the 1 April after it (or the next episode's start, if that is earlier).
 * - Any other episode with a next episode starting before its end (DEC after the next start, or DEC blank) counts
 *   until the next starts.
 *
 * `stitchEpisodes` in oracle/stitch.ts is the same rule in TypeScript, kept only as a test oracle (the council's
 * integration tests compare the two on the same returns).
 *
 * `latestYear`: the latest `source_year` of `relation` when the caller knows it (an integer): the rule then needs no
 * window over the whole relation (which PostgreSQL buffers entirely, spilling to disk at a million rows) and
 * streams over rows in child order. By default it is computed (`max(source_year) OVER ()`).
 */
export function stitchedEpisodesSql(relation: string, latestYear?: number): string {
  if (latestYear !== undefined && !Number.isInteger(latestYear)) throw new Error('latestYear must be an integer');
  const latest = latestYear === undefined ? 'max(t.source_year) OVER ()' : String(latestYear);
  return `
  SELECT s.*,
         CASE WHEN s.left_open THEN greatest(least(s.next, make_date(s.source_year, 4, 1)), s.decom)
              WHEN s.next IS NOT NULL AND (s.dec IS NULL OR s.dec > s.next) THEN s.next
              ELSE s.dec END AS effective,
         CASE WHEN s.left_open AND s.next <= make_date(s.source_year, 4, 1) THEN ${literal(REPAIRS.closedByNextEpisode)}
              WHEN s.left_open THEN ${literal(REPAIRS.closedAtYearEnd)}
              WHEN s.next IS NOT NULL AND (s.dec IS NULL OR s.dec > s.next) THEN ${literal(REPAIRS.overlapTrimmed)}
         END AS rule
    FROM (SELECT t.*,
                 lead(t.decom) OVER (PARTITION BY t.child_id ORDER BY t.decom) AS next,
                 t.dec IS NULL
                   AND coalesce(t.source_year, ${latest}) < ${latest} AS left_open
            FROM ${relation} t) s`;
}
