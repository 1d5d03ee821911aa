import type { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '@rcc/platform';
import { ageInYears } from '@rcc/ssda903';
import type { ReferralChild } from './referral.dto.js';
import { inWords, LEGAL_STATUS_WORDS, PLACEMENT_WORDS, SEX_WORDS } from './child-words.js';

/** What the council's latest return says of a child looked after now: for the echo and the free-text check. */
export interface ChildFacts {
  childId: string;
  sex: string;
  dob: string;
  upn: string | null;
  place: string;
  ls: string;
}

/**
 * The child as the council's latest SSDA903 return has it (docs/adr/0060): in that return, and looked after at its end
 * (the child's latest episode in it has no end date). Anything else is "no child with this ID" in words an officer can
 * act on. The id stays in this instance; the message is for the officer's own page.
 */
export async function childInLatestReturn(em: EntityManager | DataSource, childId: string): Promise<ChildFacts> {
  const [row] = (await em.query(
    `WITH latest AS (SELECT max(source_year) AS year FROM child)
     SELECT c.child_id, c.sex, to_char(c.dob, 'YYYY-MM-DD') AS dob, c.upn, e.place, e.ls, e.dec IS NULL AS open
       FROM child c CROSS JOIN latest
       JOIN LATERAL (SELECT place, ls, dec FROM episode
                      WHERE child_id = c.child_id AND source_year IS NOT DISTINCT FROM latest.year
                      ORDER BY decom DESC LIMIT 1) e ON true
      WHERE c.child_id = $1 AND c.source_year IS NOT DISTINCT FROM latest.year`,
    [childId],
  )) as { child_id: string; sex: string; dob: string; upn: string | null; place: string; ls: string; open: boolean }[];
  if (!row) throw new NotFoundError(`There is no child with ID ${childId} in your latest return`);
  if (!row.open)
    throw new NotFoundError(`The child with ID ${childId} is not looked after at the end of your latest return`);
  return { childId: row.child_id, sex: row.sex, dob: row.dob, upn: row.upn, place: row.place, ls: row.ls };
}

/** The child in words, as the officer checks them: age in years today, sex, current placement and legal status. */
export function echoChild(facts: ChildFacts, today: string): ReferralChild {
  return {
    childId: facts.childId,
    ageYears: ageInYears(facts.dob, today),
    sex: inWords(SEX_WORDS, facts.sex),
    placementType: inWords(PLACEMENT_WORDS, facts.place),
    legalStatus: inWords(LEGAL_STATUS_WORDS, facts.ls),
  };
}
