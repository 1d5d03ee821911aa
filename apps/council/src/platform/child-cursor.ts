import type { EntityManager } from 'typeorm';

/** Rows per FETCH: what is in memory at once, with one child's rows. */
const FETCH = 5000;

/**
 * Reads `query` (ordered by child_id) through a cursor and hands each child's rows to `visit`, child by child: what
 * is held is one fetch and one child's rows, whatever the size of the council's history. Must run inside a
 * transaction (a cursor lives in one).
 */
export async function forEachChildRows<R extends { child_id: string }>(
  em: EntityManager,
  query: string,
  visit: (rows: R[]) => void,
): Promise<void> {
  const cursor = `child_rows_${Math.random().toString(36).slice(2, 10)}`;
  await em.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${query}`);
  let current: R[] = [];
  for (;;) {
    const rows = (await em.query(`FETCH ${FETCH} FROM ${cursor}`)) as R[];
    for (const r of rows) {
      if (current.length > 0 && current[0]!.child_id !== r.child_id) {
        visit(current);
        current = [];
      }
      current.push(r);
    }
    if (rows.length < FETCH) break;
  }
  if (current.length > 0) visit(current);
  await em.query(`CLOSE ${cursor}`);
}
