import { NEED_FLAGS, SETTING_TYPES } from '@rcc/contracts';
import {
  button,
  checkboxes,
  csrfField,
  radios,
  summaryList,
  table,
  tag,
  textarea,
  textInput,
  type Errors,
} from '../../platform/components.js';
import { sentence } from '../../platform/form-post.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { govukDate, govukDateTime } from '../../platform/dates.js';
import type { Session } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { words } from '../council/referral-form.js';
import { evaluationSection } from './tender-evaluation.view.js';
import { ACTIONS, NEXT, percent, type Clarification, type LotEvaluation, type TenderDetail } from './tender.model.js';

export interface TenderPageData {
  tender: TenderDetail;
  evaluation: LotEvaluation[];
  clarifications: Clarification[];
  councilName: (code: string) => string;
  councils: { code: string; name: string }[];
}

function timetable(t: TenderDetail): string {
  const parts = [
    t.publishOn ? `publish on ${govukDate(t.publishOn)}` : '',
    t.bidsCloseOn ? `bids close at the end of ${govukDate(t.bidsCloseOn)}` : 'no deadline for bids',
    t.awardBy ? `award by ${govukDate(t.awardBy)}` : '',
  ].filter(Boolean);
  return sentence(parts.join('; '));
}

function clarificationsSection(t: TenderDetail, list: Clarification[], csrf: string, errors: Errors): SafeHtml {
  if (t.status === 'draft') return html``;
  return html`<h2 class="govuk-heading-m" id="clarifications">Clarification questions</h2>
    <p class="govuk-body">Answers are published to every bidder. Who asked is never shown.</p>
    ${
      list.length
        ? list.map(
            (c, i) =>
              html`<div class="govuk-inset-text">
                <h3 class="govuk-heading-s">Question ${i + 1}: ${c.question}</h3>
                ${
                  c.answer
                    ? html`<p class="govuk-body">Published answer: ${c.answer}</p>`
                    : html`<form method="post" action="/hub/tenders/${t.id}/clarifications" novalidate>
                        ${csrfField(csrf)}<input type="hidden" name="clarificationId" value="${c.id}" />
                        ${textarea({ id: `answer-${c.id}`, label: `Answer to question ${i + 1}`, value: '', error: errors[`answer-${c.id}`], rows: 3 })}
                        ${button(`Publish answer to question ${i + 1}`, { secondary: true })}
                      </form>`
                }
              </div>`,
          )
        : html`<p class="govuk-body">No bidder has asked a question.</p>`
    }`;
}

function draftForms(
  t: TenderDetail,
  d: TenderPageData,
  csrf: string,
  errors: Errors,
  v: (k: string) => string,
  list: (k: string) => string[],
) {
  if (t.status !== 'draft') return html``;
  return html`<h2 class="govuk-heading-m">Add a lot</h2>
    <form method="post" action="/hub/tenders/${t.id}/lots" novalidate>
      ${csrfField(csrf)}
      ${textInput({ id: 'lotTitle', label: 'Lot title', value: v('lotTitle'), error: errors['lotTitle'] })}
      ${radios({ id: 'settingType', name: 'settingType', legend: 'Kind of home', items: SETTING_TYPES.map((x) => ({ value: x, text: words(x) })), values: [v('settingType')], error: errors['settingType'] })}
      ${checkboxes({ id: 'needs', name: 'needs', legend: 'Needs the homes must be registered for (optional)', items: NEED_FLAGS.map((x) => ({ value: x, text: words(x) })), values: list('needs'), error: errors['needs'] })}
      ${textInput({ id: 'locality', label: 'Postcode district', hint: 'For example, ST4', value: v('locality'), error: errors['locality'], classes: 'govuk-input--width-5' })}
      ${textInput({ id: 'beds', label: 'Beds', value: v('beds'), error: errors['beds'], classes: 'govuk-input--width-3', inputmode: 'numeric' })}
      ${textInput({ id: 'termMonths', label: 'Term of the block contract (months)', value: v('termMonths'), error: errors['termMonths'], classes: 'govuk-input--width-3', inputmode: 'numeric' })}
      ${button('Add lot', { secondary: true })}
    </form>
    <h2 class="govuk-heading-m">Councils and their shares</h2>
    <form method="post" action="/hub/tenders/${t.id}/councils" novalidate>
      ${csrfField(csrf)}
      ${d.councils.map((c) =>
        textInput({
          id: `share-${c.code}`,
          label: `${c.name}: share of commitments and voids, %`,
          value:
            v(`share-${c.code}`) || String((t.councils.find((x) => x.councilCode === c.code)?.basisPoints ?? 0) / 100),
          error: errors[`share-${c.code}`],
          classes: 'govuk-input--width-5',
          inputmode: 'decimal',
        }),
      )}
      ${button('Save shares', { secondary: true })}
    </form>`;
}

/** One tender: its summary and timetable, lots, clarifications, evaluation, next step and history. */
export function tenderPage(
  s: Session,
  d: TenderPageData,
  errors: Errors,
  values: Record<string, string | string[]>,
): SafeHtml {
  const t = d.tender;
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  const next = NEXT[t.status] ?? [];
  return page({
    title: t.title,
    session: s,
    current: '/hub/tenders',
    backLink: '/hub/tenders',
    errors,
    content: html`<span class="govuk-caption-l">Joint tender</span>
      <h1 class="govuk-heading-l">${t.title}</h1>
      ${summaryList([
        { key: 'Status', value: tag(t.status) },
        { key: 'Description', value: t.description || 'None' },
        { key: 'Timetable', value: timetable(t) },
        ...(t.standstillEndsOn
          ? [
              {
                key: 'Standstill',
                value: `Awarded ${govukDate(t.awardedOn ?? '')}; the standstill ends on ${govukDate(t.standstillEndsOn ?? '')}`,
              },
            ]
          : []),
        { key: 'Evaluation', value: `Price ${t.priceWeight}%, quality ${t.qualityWeight}%` },
        { key: 'Quality questions', value: t.qualityQuestions.join(' / ') || 'None' },
        {
          key: 'Councils',
          value:
            t.councils.map((c) => `${d.councilName(c.councilCode)} ${percent(c.basisPoints)}`).join(', ') || 'None yet',
        },
      ])}
      ${
        t.lots.length
          ? table({
              id: 'lots-table',
              caption: 'Lots',
              captionSize: 's',
              head: ['Lot', 'Kind of home', 'Needs', 'Locality', 'Beds', 'Term (months)', 'Contract'],
              rows: t.lots.map((l) => [
                l.title,
                words(l.settingType),
                l.needs.map(words).join(', ') || 'None',
                l.locality,
                String(l.beds),
                String(l.termMonths),
                l.contractId
                  ? html`<a class="govuk-link" href="/hub/contracts">Awarded: see contracts</a>`
                  : 'None yet',
              ]),
              numeric: [4, 5],
              rowHeaders: true,
            })
          : html`<p class="govuk-body">No lots yet.</p>`
      }
      ${clarificationsSection(t, d.clarifications, s.csrfToken, errors)}
      ${evaluationSection(t, d.evaluation, s.csrfToken, errors, v)}
      <h2 class="govuk-heading-m">Next step</h2>
      ${
        next.length
          ? html`<form method="post" action="/hub/tenders/${t.id}/transition" novalidate>
              ${csrfField(s.csrfToken)}
              ${radios({ id: 'action', name: 'action', legend: 'What do you want to do?', items: next.map((a) => ({ value: a, text: ACTIONS[a]!.label })), values: [v('action')], error: errors['action'] })}
              ${textInput({ id: 'reason', label: 'Reason (needed to abandon)', value: v('reason'), error: errors['reason'] })}
              ${button('Continue')}
            </form>`
          : html`<p class="govuk-body">This tender is ${t.status}: there is nothing more to do.</p>`
      }
      ${draftForms(t, d, s.csrfToken, errors, v, list)}
      <h2 class="govuk-heading-m">History</h2>
      ${
        t.history.length
          ? table({
              caption: 'Changes of status',
              captionSize: 's',
              head: ['When', 'From', 'To', 'Reason'],
              rows: t.history.map((h) => [govukDateTime(h.at), h.from, h.to, h.reason ?? '']),
            })
          : html`<p class="govuk-body">Created as a draft.</p>`
      }`,
  });
}

/** The check page before a step that cannot be undone: what it does, then confirm or go back. */
export function checkPage(s: Session, t: TenderDetail, action: string, reason: string): SafeHtml {
  const a = ACTIONS[action]!;
  return page({
    title: a.question,
    session: s,
    current: '/hub/tenders',
    backLink: `/hub/tenders/${t.id}`,
    content: html`<span class="govuk-caption-l">${t.title}</span>
      <h1 class="govuk-heading-l">${a.question}</h1>
      <ul class="govuk-list govuk-list--bullet">
        ${a.consequences(t).map((c) => html`<li>${c}</li>`)}
      </ul>
      ${reason ? html`<p class="govuk-body">Reason: ${reason}</p>` : ''}
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong class="govuk-warning-text__text"
          ><span class="govuk-visually-hidden">Warning</span>You cannot undo this.</strong
        >
      </div>
      <form method="post" action="/hub/tenders/${t.id}/transition" novalidate>
        ${csrfField(s.csrfToken)}
        <input type="hidden" name="action" value="${action}" />
        <input type="hidden" name="reason" value="${reason}" />
        <input type="hidden" name="confirmed" value="yes" />
        <div class="govuk-button-group">
          ${button(a.confirm)}
          <a class="govuk-link" href="/hub/tenders/${t.id}">No, go back to the tender</a>
        </div>
      </form>`,
  });
}
