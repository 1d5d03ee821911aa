import { BidError } from './bids.exception.js';

/**
 * The panel scores each quality question 0-100; the bid's quality score is the moderated total: the rounded mean of
 * the question scores unless the panel agrees a different total, which then needs a note saying why (docs/adr/0052).
 */
export function moderatedQuality(
  questionScores: readonly number[],
  questions: number,
  moderated?: number | null,
  note?: string | null,
): { qualityScore: number; note: string | null } {
  if (questionScores.length !== questions)
    throw new BidError(
      'BID_INVALID',
      `score every quality question: the tender asks ${questions} and ${questionScores.length} scores were given`,
    );
  if (questionScores.some((s) => !Number.isInteger(s) || s < 0 || s > 100))
    throw new BidError('BID_INVALID', 'each question score must be a whole number from 0 to 100');
  const mean = questions === 0 ? 0 : Math.round(questionScores.reduce((a, s) => a + s, 0) / questions);
  if (moderated === undefined || moderated === null || moderated === mean)
    return { qualityScore: mean, note: note?.trim() || null };
  if (!note || note.trim().length < 3)
    throw new BidError(
      'BID_INVALID',
      `the moderated total ${moderated} differs from the questions' average ${mean}: say why the panel agreed it`,
    );
  return { qualityScore: moderated, note: note.trim() };
}
