import {
  button,
  checkboxes,
  csrfField,
  dateInput,
  radios,
  summaryList,
  table,
  tag,
  textarea,
  textInput,
  type Errors,
} from '../../platform/components.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { govukDate } from '../../platform/dates.js';
import type { Session } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { words } from '../council/referral-form.js';
import { pounds } from '../hub/contracts.controller.js';
import { bidState, type OwnBid, type ProviderTender, type TenderPageData } from './provider-tenders.model.js';

type Values = Record<string, string>;

const deadline = (t: ProviderTender) =>
  t.biddingClosedReason
    ? `Bids can no longer be made or changed: ${t.biddingClosedReason}.`
    : t.bidsCloseOn
      ? `You can bid, amend or withdraw a bid until the end of ${govukDate(t.bidsCloseOn)}.`
      : 'You can bid until the hub closes bidding.';

/** The bid's fields, for a new bid (choose the lot) or an amended one (the lot is fixed). */
export function bidFields(d: TenderPageData, errors: Errors, values: Values, fixedLot?: string): SafeHtml {
  const t = d.tender;
  const v = (k: string) => values[k] ?? '';
  const chosen = v('settingUrns').split(',').filter(Boolean);
  return html`${
    fixedLot
      ? html`<input type="hidden" name="lotId" value="${fixedLot}" />`
      : radios({
          id: 'lotId',
          name: 'lotId',
          legend: 'Which lot?',
          items: t.lots.map((l) => ({ value: l.id, text: l.title })),
          values: [v('lotId')],
          error: errors['lotId'],
        })
  }
  ${checkboxes({
    id: 'settingUrns',
    name: 'settingUrns',
    legend: 'Which of your homes are the beds in?',
    items: d.settings.map((s) => ({
      value: s.urn,
      text: `${s.name}${s.postcodeDistrict ? `, ${s.postcodeDistrict}` : ''}`,
    })),
    values: chosen,
    error: errors['settingUrns'],
  })}
  ${textInput({ id: 'beds', label: 'Beds', value: v('beds'), error: errors['beds'], classes: 'govuk-input--width-3', inputmode: 'numeric' })}
  ${textInput({ id: 'price', label: 'Weekly price per bed, excluding VAT', value: v('price'), error: errors['price'], classes: 'govuk-input--width-10', prefix: '£', inputmode: 'decimal' })}
  ${dateInput({ id: 'startDate', legend: 'Beds available from', hint: 'For example, 1 4 2027', value: { day: v('startDate-day'), month: v('startDate-month'), year: v('startDate-year') }, error: errors['startDate'] })}
  ${t.qualityQuestions.map((q, i) => textarea({ id: `answer-${i}`, label: `Quality question ${i + 1}: ${q}`, value: v(`answer-${i}`), error: errors[`answer-${i}`], rows: 4 }))}`;
}

/** A bid's answers as form values, to amend it. */
export function bidValues(b: OwnBid): Values {
  const [year, month, day] = b.startDate.split('-');
  return {
    lotId: b.lotId,
    settingUrns: b.settingUrns.join(','),
    beds: String(b.beds),
    price: (b.weeklyPricePerBedPence / 100).toFixed(2),
    'startDate-day': String(Number(day)),
    'startDate-month': String(Number(month)),
    'startDate-year': year!,
    ...Object.fromEntries(b.qualityAnswers.map((a) => [`answer-${a.question}`, a.answer])),
  };
}

function ownBids(d: TenderPageData): SafeHtml {
  const t = d.tender;
  if (d.bids.length === 0) return html``;
  const lot = (id: string) => t.lots.find((l) => l.id === id)?.title ?? 'A lot no longer listed';
  const open = t.biddingClosedReason === null;
  return html`<h2 class="govuk-heading-m">Your bids for this tender</h2>
    ${d.bids.map(
      (b) =>
        html`<div class="govuk-summary-card">
          <div class="govuk-summary-card__title-wrapper">
            <h3 class="govuk-summary-card__title">${lot(b.lotId)}: ${bidState(b)}</h3>
            ${
              open && !b.withdrawnAt
                ? html`<ul class="govuk-summary-card__actions">
                    <li class="govuk-summary-card__action">
                      <a class="govuk-link" href="/provider/tenders/${t.id}/bids/${b.id}/amend"
                        >Change<span class="govuk-visually-hidden"> your bid for ${lot(b.lotId)}</span></a
                      >
                    </li>
                    <li class="govuk-summary-card__action">
                      <a class="govuk-link" href="/provider/tenders/${t.id}/bids/${b.id}/withdraw"
                        >Withdraw<span class="govuk-visually-hidden"> your bid for ${lot(b.lotId)}</span></a
                      >
                    </li>
                  </ul>`
                : ''
            }
          </div>
          <div class="govuk-summary-card__content">
            ${summaryList([
              {
                key: 'Homes',
                value: b.settingUrns.map((u) => d.settings.find((s) => s.urn === u)?.name ?? u).join(', '),
              },
              { key: 'Beds', value: b.beds },
              { key: 'Weekly price per bed', value: pounds(b.weeklyPricePerBedPence) },
              { key: 'Beds available from', value: govukDate(b.startDate) },
              ...(b.outcomeNotice ? [{ key: 'Outcome', value: b.outcomeNotice }] : []),
            ])}
          </div>
        </div>`,
    )}`;
}

function clarifications(d: TenderPageData, s: Session, errors: Errors, values: Values): SafeHtml {
  const t = d.tender;
  const canAsk = t.status === 'published' || t.biddingClosedReason === null;
  return html`<h2 class="govuk-heading-m" id="clarifications">Clarification questions</h2>
    ${
      d.tenderClarifications.length
        ? d.tenderClarifications.map(
            (c) =>
              html`<div class="govuk-inset-text">
                <p class="govuk-body govuk-!-font-weight-bold">
                  ${c.question}${c.askedByYou ? ' (your question)' : ''}
                </p>
                <p class="govuk-body">${c.answer ? `Answer: ${c.answer}` : 'The hub has not answered yet.'}</p>
              </div>`,
          )
        : html`<p class="govuk-body">No answers have been published yet.</p>`
    }
    ${
      canAsk
        ? html`<form method="post" action="/provider/tenders/${t.id}/questions" novalidate>
            ${csrfField(s.csrfToken)}
            ${textarea({ id: 'question', label: 'Ask the hub a question', hint: 'The answer is published to every bidder. Your name is not shown.', value: values['question'] ?? '', error: errors['question'], rows: 3 })}
            ${button('Send question', { secondary: true })}
          </form>`
        : ''
    }`;
}

/** One tender as a provider sees it: lots, deadline, clarifications, its own bids, and the bid form. */
export function tenderPage(s: Session, d: TenderPageData, errors: Errors, values: Values): SafeHtml {
  const t = d.tender;
  return page({
    title: `Bid: ${t.title}`,
    session: s,
    current: '/provider/tenders',
    backLink: '/provider/tenders',
    errors,
    content: html`<span class="govuk-caption-l">Joint tender, ${tag(t.status)}</span>
      <h1 class="govuk-heading-l">${t.title}</h1>
      <p class="govuk-body">${t.description}</p>
      <p class="govuk-body">Bids are scored ${t.priceWeight}% on price and ${t.qualityWeight}% on quality.</p>
      <p class="govuk-body" id="deadline">${deadline(t)}</p>
      ${table({
        id: 'tender-lots',
        caption: 'Lots',
        captionSize: 's',
        head: ['Lot', 'Kind of home', 'Needs', 'Locality', 'Beds', 'Term (months)'],
        rows: t.lots.map((l) => [
          l.title,
          words(l.settingType),
          l.needs.map(words).join(', ') || 'None',
          l.locality,
          String(l.beds),
          String(l.termMonths),
        ]),
        numeric: [4, 5],
        rowHeaders: true,
      })}
      ${clarifications(d, s, errors, values)} ${ownBids(d)}
      ${
        t.biddingClosedReason === null
          ? html`<h2 class="govuk-heading-m">Make a bid</h2>
              <form method="post" action="/provider/tenders/${t.id}" novalidate>
                ${csrfField(s.csrfToken)} ${bidFields(d, errors, values)} ${button('Submit bid')}
              </form>`
          : ''
      }`,
  });
}

/** Amend one bid: the same fields, filled with what was bid. */
export function amendPage(s: Session, d: TenderPageData, bid: OwnBid, errors: Errors, values: Values): SafeHtml {
  const t = d.tender;
  const lot = t.lots.find((l) => l.id === bid.lotId)?.title ?? 'this lot';
  return page({
    title: `Change your bid for ${lot}`,
    session: s,
    current: '/provider/tenders',
    backLink: `/provider/tenders/${t.id}`,
    errors,
    content: html`<span class="govuk-caption-l">${t.title}</span>
      <h1 class="govuk-heading-l">Change your bid for ${lot}</h1>
      <p class="govuk-body">${deadline(t)} Your new terms replace the old ones.</p>
      <form method="post" action="/provider/tenders/${t.id}/bids/${bid.id}/amend" novalidate>
        ${csrfField(s.csrfToken)} ${bidFields(d, errors, values, bid.lotId)} ${button('Save changes to your bid')}
      </form>`,
  });
}

/** The check page before withdrawing a bid. */
export function withdrawPage(s: Session, d: TenderPageData, bid: OwnBid, errors: Errors): SafeHtml {
  const t = d.tender;
  const lot = t.lots.find((l) => l.id === bid.lotId)?.title ?? 'this lot';
  return page({
    title: 'Are you sure you want to withdraw your bid?',
    session: s,
    current: '/provider/tenders',
    backLink: `/provider/tenders/${t.id}`,
    errors,
    content: html`<span class="govuk-caption-l">${t.title}</span>
      <h1 class="govuk-heading-l" id="withdraw">Are you sure you want to withdraw your bid?</h1>
      <p class="govuk-body">
        Your bid for ${lot} (${bid.beds} beds at ${pounds(bid.weeklyPricePerBedPence)} a week) will not be evaluated.
        ${t.bidsCloseOn ? `You can bid again until the end of ${govukDate(t.bidsCloseOn)}.` : 'You can bid again while the tender is open.'}
      </p>
      <form method="post" action="/provider/tenders/${t.id}/bids/${bid.id}/withdraw" novalidate>
        ${csrfField(s.csrfToken)}
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
            Yes, withdraw my bid
          </button>
          <a class="govuk-link" href="/provider/tenders/${t.id}">No, keep my bid</a>
        </div>
      </form>`,
  });
}
