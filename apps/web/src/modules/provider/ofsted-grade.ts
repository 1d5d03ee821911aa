import { govukDate } from '../../platform/dates.js';

/** What the registry knows of a setting's Ofsted judgement (docs/adr/0061). */
export interface OfstedJudgement {
  ofstedGrade: string | null;
  ofstedGradeNote?: string | null;
  ofstedInspectedOn?: string | null;
}

/**
 * The grade with the day of the inspection it comes from, as every page shows it: "Good, inspected 12 March 2025";
 * the list's own words when the setting is not graded; "Not yet inspected" when the list gives neither.
 */
export function ofstedGradeText(s: OfstedJudgement): string {
  const inspected = s.ofstedInspectedOn ? `inspected ${govukDate(s.ofstedInspectedOn)}` : null;
  if (s.ofstedGrade)
    return inspected ? `${s.ofstedGrade}, ${inspected}` : `${s.ofstedGrade} (inspection date not known)`;
  if (s.ofstedGradeNote) return `Not graded (${s.ofstedGradeNote})${inspected ? `, ${inspected}` : ''}`;
  return inspected ? `No grade given, ${inspected}` : 'Not yet inspected';
}
