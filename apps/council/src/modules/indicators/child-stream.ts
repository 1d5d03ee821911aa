import type { EntityManager } from 'typeorm';
import type { EpisodeRow, HeaderRow } from '@rcc/ssda903';
import { forEachChildRows } from '../../platform/child-cursor.js';

interface Row {
  child_id: string;
  sex: string;
  dob: string;
  ethnic: string;
  decom: string;
  rne: string;
  ls: string;
  cin: string;
  place: string;
  place_provider: string | null;
  dec: string | null;
  rec: string | null;
  pl_location: string | null;
  pl_la: string | null;
  source_year: number | null;
  dec_effective: string | null;
  repair: string | null;
}

/**
 * Every child with its stitched episodes, one child at a time, read through a cursor in child order: what is held is
 * one fetch and one child's episodes, whatever the size of the council's history (a council of 5,000 children over
 * ten years as much as one of fifty). Must run inside a transaction (a cursor lives in one). Only children with
 * episodes are visited.
 */
export async function forEachChild(
  em: EntityManager,
  visit: (header: HeaderRow, episodes: EpisodeRow[]) => void,
): Promise<void> {
  await forEachChildRows<Row>(
    em,
    `SELECT e.child_id, c.sex, to_char(c.dob, 'YYYY-MM-DD') AS dob, c.ethnic,
            to_char(e.decom, 'YYYY-MM-DD') AS decom, e.rne, e.ls, e.cin, e.place, e.place_provider,
            to_char(e.dec, 'YYYY-MM-DD') AS dec, e.rec, e.pl_location, e.pl_la, e.source_year,
            to_char(e.dec_effective, 'YYYY-MM-DD') AS dec_effective, e.repair
       FROM episode e JOIN child c ON c.child_id = e.child_id
      ORDER BY e.child_id, e.decom`,
    (list) => {
      const h = list[0]!;
      const header: HeaderRow = {
        child: h.child_id, sex: h.sex, dob: h.dob, ethnic: h.ethnic, upn: null, mother: null, mcDob: null,
      }; // prettier-ignore
      visit(
        header,
        list.map((s) => ({
          child: s.child_id, decom: s.decom, rne: s.rne, ls: s.ls, cin: s.cin, place: s.place,
          placeProvider: s.place_provider, dec: s.dec, rec: s.rec, reasonPlaceChange: null, homePost: null,
          plPost: null, urn: null, plLocation: s.pl_location, plLa: s.pl_la, sourceYear: s.source_year ?? undefined,
          effectiveDec: s.dec_effective, repair: s.repair,
        })), // prettier-ignore
      );
    },
  );
}

/**
 * The collection years held (each the year of a return's 31 March): the earliest return imported and the latest
 * return any episode was last reported in; null when nothing is held.
 */
export async function yearsHeld(em: EntityManager): Promise<{ first: number; last: number } | null> {
  const [{ first, last }] = (await em.query(
    `SELECT (SELECT min(y) FROM (SELECT unnest(years) AS y FROM import_batch) t)::int AS first,
            (SELECT max(source_year) FROM episode)::int AS last`,
  )) as [{ first: number | null; last: number | null }];
  return last === null ? null : { first: first ?? last, last };
}
