import type { EntityManager } from 'typeorm';
import { ROW_KEYS, type ImportError } from '@rcc/ssda903';

/**
 * The checks that span rows, in SQL over the staged rows, so no per-child state is held in the service's memory:
 * a child twice in one return's header, two episodes of a child starting on one day, an episode with no header row,
 * an episode starting before the date of birth, and duplicate rows in the other tables.
 */
export async function crossRowErrors(em: EntityManager): Promise<ImportError[]> {
  const rows = (await em.query(`
    SELECT file, line AS row, 'CHILD' AS column, child_id AS value, 'header.child.duplicate' AS rule,
           'child ' || child_id || ' appears more than once in the header' AS message
      FROM (SELECT *, row_number() OVER (PARTITION BY ret, child_id ORDER BY line) AS n FROM stage_child) s
     WHERE n > 1
    UNION ALL
    SELECT file, line, 'CHILD,DECOM', child_id || '/' || to_char(decom, 'YYYY-MM-DD'), 'episodes.key.duplicate',
           'child ' || child_id || ' has two episodes starting ' || to_char(decom, 'YYYY-MM-DD')
      FROM (SELECT *, row_number() OVER (PARTITION BY ret, child_id, decom ORDER BY line) AS n FROM stage_episode) s
     WHERE n > 1
    UNION ALL
    SELECT e.file, e.line, 'CHILD', e.child_id, 'episodes.child.not-in-header',
           'child ' || e.child_id || ' has an episode but no header row in any file of this import, and none is stored'
      FROM stage_episode e
     WHERE NOT EXISTS (SELECT 1 FROM stage_child h WHERE h.child_id = e.child_id)
       AND NOT EXISTS (SELECT 1 FROM child c WHERE c.child_id = e.child_id)
    UNION ALL
    SELECT DISTINCT ON (e.file, e.line) e.file, e.line, 'DECOM', to_char(e.decom, 'YYYY-MM-DD'),
           'episodes.decom.before-dob',
           'the episode starts (' || to_char(e.decom, 'YYYY-MM-DD') || ') before the child''s date of birth ('
             || to_char(h.dob, 'YYYY-MM-DD') || ', header row in ' || h.file || ' line ' || h.line || ')'
      FROM stage_episode e JOIN stage_child h ON h.child_id = e.child_id
     WHERE e.decom < h.dob
    UNION ALL
    SELECT * FROM (
      SELECT DISTINCT ON (h.child_id) h.file, h.line, 'DOB', h.child_id, 'header.dob.missing',
             'child ' || h.child_id || ' has no date of birth in any file of this import, and none is stored'
        FROM stage_child h
       WHERE NOT EXISTS (SELECT 1 FROM stage_child o WHERE o.child_id = h.child_id AND o.dob IS NOT NULL)
         AND NOT EXISTS (SELECT 1 FROM child c WHERE c.child_id = h.child_id)
       ORDER BY h.child_id, h.ret, h.line) no_dob
    ORDER BY 1, 2`)) as ImportError[];
  for (const [table, keys] of Object.entries(ROW_KEYS)) {
    if (keys === null) continue;
    const key = ['child_id', ...keys.map((_, i) => `(data->>$${i + 2})`)].join(` || '/' || `);
    const columns = ['CHILD', ...keys].join(',');
    rows.push(
      ...((await em.query(
        `SELECT file, line AS row, $${keys.length + 2}::text AS column, k AS value,
                $1 || '.key.duplicate' AS rule, $1 || ' has this row twice (' || k || ')' AS message
           FROM (SELECT file, line, ${key} AS k,
                        row_number() OVER (PARTITION BY ret, child_id${keys.map((_, i) => `, (data->>$${i + 2})`).join('')}
                                           ORDER BY line) AS n
                   FROM stage_record WHERE table_name = $1) s
          WHERE n > 1 ORDER BY file, line`,
        [table, ...keys, columns],
      )) as ImportError[]),
    );
  }
  return rows;
}

/** Notes on header rows found in another return than an episode's, kept in full up to this many. */
const MAX_HEADER_NOTES = 1_000;

/**
 * Where a child's header row was found when the return holding its episodes has none (regional extracts put a
 * child's header in one year's file only): informational, one per child and return, never a reason to refuse.
 * `years` are the returns' collection years by index.
 */
export async function headerElsewhereNotes(
  em: EntityManager,
  years: (number | null)[],
): Promise<{ file: string; rule: string; message: string }[]> {
  const rows = (await em.query(
    `SELECT e.child_id AS child, e.ret, h.file, h.line, count(*) OVER () AS total
       FROM (SELECT DISTINCT child_id, ret FROM stage_episode) e
       JOIN LATERAL (SELECT file, line FROM stage_child h WHERE h.child_id = e.child_id
                      ORDER BY abs(h.ret - e.ret), h.ret DESC LIMIT 1) h ON true
      WHERE NOT EXISTS (SELECT 1 FROM stage_child o WHERE o.child_id = e.child_id AND o.ret = e.ret)
      ORDER BY e.ret, e.child_id
      LIMIT $1`,
    [MAX_HEADER_NOTES],
  )) as { child: string; ret: number; file: string; line: number; total: string }[];
  const notes = rows.map((r) => ({
    file: r.file,
    rule: 'episodes.header.other-return',
    message:
      `header row for child ${r.child} found in ${r.file} line ${r.line}` +
      ` (used for its ${years[r.ret] ?? 'undated'} episodes)`,
  }));
  const total = Number(rows[0]?.total ?? 0);
  if (total > rows.length) {
    notes.push({
      file: '',
      rule: 'episodes.header.other-return',
      message: `and ${total - rows.length} more children whose header row is in another year's file`,
    });
  }
  return notes;
}
