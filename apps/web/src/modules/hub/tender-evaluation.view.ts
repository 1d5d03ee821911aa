import { button, csrfField, summaryList, table, textarea, textInput, type Errors } from '../../platform/components.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { govukDate } from '../../platform/dates.js';
import { ofstedGradeText } from '../provider/ofsted-grade.js';
import { counted } from '../../platform/plural.js';
import { percent, pounds, type EvaluatedBid, type LotEvaluation, type TenderDetail } from './tender.model.js';

type Values = (k: string) => string;

const homes = (b: EvaluatedBid) =>
  b.settings
    .map((s) =>
      s
        ? `${s.name} (${[s.postcodeDistrict, `Ofsted: ${ofstedGradeText(s)}`, counted(s.registeredPlaces, 'place')].filter(Boolean).join(', ')})`
        : 'A home the registry no longer lists',
    )
    .join('; ');

/** One bid as the panel reads it: the homes, the terms, each answer with its score, and the moderated total. */
function bidSection(t: TenderDetail, b: EvaluatedBid, csrf: string, errors: Errors, v: Values): SafeHtml {
  const scoring = t.status === 'evaluation';
  const qid = (i: number) => `q${i}-${b.id}`;
  const scoreText = (i: number) =>
    v(qid(i)) || (b.questionScores?.[i] === undefined ? '' : String(b.questionScores[i]));
  return html`<section class="app-bid" aria-labelledby="bid-${b.id}">
    <h4 class="govuk-heading-s" id="bid-${b.id}">Bid from ${b.provider.name}</h4>
    ${summaryList([
      { key: 'Homes', value: homes(b) || 'None named' },
      { key: 'Beds', value: b.beds },
      { key: 'Weekly price per bed', value: pounds(b.weeklyPricePerBedPence) },
      { key: 'Beds available from', value: govukDate(b.startDate) },
      {
        key: 'Moderated quality total',
        value:
          b.qualityScore === null
            ? 'Not scored yet'
            : `${b.qualityScore} out of 100${b.moderationNote ? `: ${b.moderationNote}` : ''}`,
      },
    ])}
    <form method="post" action="/hub/tenders/${t.id}/scores" novalidate>
      ${csrfField(csrf)}<input type="hidden" name="bidId" value="${b.id}" />
      ${t.qualityQuestions.map(
        (q, i) =>
          html`<div class="govuk-inset-text">
            <h5 class="govuk-heading-s">Question ${i + 1}: ${q}</h5>
            <p class="govuk-body app-answer">
              ${b.qualityAnswers.find((a) => a.question === i)?.answer ?? 'Not answered'}
            </p>
            ${
              scoring
                ? textInput({
                    id: qid(i),
                    label: `Score for question ${i + 1} from ${b.provider.name} (0 to 100)`,
                    value: scoreText(i),
                    error: errors[qid(i)],
                    classes: 'govuk-input--width-3',
                    inputmode: 'numeric',
                  })
                : html`<p class="govuk-body">Score: ${b.questionScores?.[i] ?? 'not scored'}</p>`
            }
          </div>`,
      )}
      ${
        scoring
          ? html`${textInput({
              id: `moderated-${b.id}`,
              label: `Moderated total for ${b.provider.name} (optional)`,
              hint: 'Leave blank to use the average of the question scores. A different total needs a reason.',
              value: v(`moderated-${b.id}`),
              error: errors[`moderated-${b.id}`],
              classes: 'govuk-input--width-3',
              inputmode: 'numeric',
            })}
            ${textarea({ id: `note-${b.id}`, label: `Why the panel agreed a different total (${b.provider.name})`, value: v(`note-${b.id}`) || (b.moderationNote ?? ''), error: errors[`note-${b.id}`], rows: 2 })}
            ${button(`Save scores for ${b.provider.name}`, { secondary: true })}`
          : ''
      }
    </form>
  </section>`;
}

/** The evaluation: each lot's ranking with the arithmetic, then every bid's homes, answers and scores. */
export function evaluationSection(
  t: TenderDetail,
  evaluation: LotEvaluation[],
  csrf: string,
  errors: Errors,
  v: Values,
): SafeHtml {
  if (evaluation.length === 0) return html``;
  return html`<h2 class="govuk-heading-m" id="evaluation">Evaluation</h2>
    ${evaluation.map(
      (e) =>
        html`<h3 class="govuk-heading-s">${e.lotTitle}${e.complete ? '' : ' (not every bid is scored yet)'}</h3>
          ${
            e.ranking.length
              ? table({
                  caption: `Ranking for ${e.lotTitle}`,
                  captionSize: 's',
                  head: ['Rank', 'Provider', 'Beds', 'Weekly price per bed', 'Price score', 'Quality', 'Total'],
                  rows: e.ranking.map((r) => [
                    String(r.rank),
                    r.bid.provider.name,
                    String(r.bid.beds),
                    pounds(r.bid.weeklyPricePerBedPence),
                    percent(r.priceScoreBp),
                    percent(r.qualityScoreBp),
                    percent(r.totalBp),
                  ]),
                  numeric: [0, 2, 3, 4, 5, 6],
                })
              : html`<p class="govuk-body">No bids for this lot: it stays unawarded.</p>`
          }
          ${e.ranking.map((r) => bidSection(t, r.bid, csrf, errors, v))}`,
    )}`;
}

/** Reads the panel's scores for one bid: every question 0-100, an optional moderated total with its reason. */
export function readScores(
  body: Record<string, unknown> | undefined,
  bidId: string,
  questions: number,
  field: (body: Record<string, unknown> | undefined, name: string) => string,
): {
  values: Record<string, string>;
  errors: Errors;
  input?: { bidId: string; questionScores: number[]; moderatedScore?: number; moderationNote?: string };
} {
  const values: Record<string, string> = {};
  const errors: Errors = {};
  const whole = (s: string) => /^\d{1,3}$/.test(s) && Number(s) <= 100;
  for (let i = 0; i < questions; i++) {
    const id = `q${i}-${bidId}`;
    values[id] = field(body, id);
    if (!values[id]) errors[id] = { href: id, text: `Enter a score for question ${i + 1}` };
    else if (!whole(values[id]!))
      errors[id] = { href: id, text: `The score for question ${i + 1} must be a whole number from 0 to 100` };
  }
  const moderated = field(body, `moderated-${bidId}`);
  const note = field(body, `note-${bidId}`);
  values[`moderated-${bidId}`] = moderated;
  values[`note-${bidId}`] = note;
  if (moderated && !whole(moderated))
    errors[`moderated-${bidId}`] = {
      href: `moderated-${bidId}`,
      text: 'The moderated total must be a whole number from 0 to 100',
    };
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    input: {
      bidId,
      questionScores: Array.from({ length: questions }, (_, i) => Number(values[`q${i}-${bidId}`])),
      ...(moderated ? { moderatedScore: Number(moderated) } : {}),
      ...(note ? { moderationNote: note } : {}),
    },
  };
}
