import { summaryList, textarea, type Errors } from '../../platform/components.js';
import { html, type SafeHtml } from '../../platform/html.js';
import type { ChildEcho } from './referral-types.js';

/** The child and what homes should know about them, as the referral's pages ask and show it (docs/adr/0060). */

/** What homes should know about the child, with what not to write (opening a referral and changing one). */
export function aboutChildQuestion(value: string, errors: Errors, label: string): SafeHtml {
  return html`<div class="govuk-inset-text" id="aboutChild-guidance">
      Homes the referral reaches read this. Do not include names, addresses, schools, dates of birth, phone numbers,
      email addresses or any ID number: your council refuses text with the child’s own ID, UPN or date of birth, a
      postcode, email address, phone number, NHS number or a date written in numbers.
    </div>
    ${textarea({ id: 'aboutChild', label, hint: 'For example, what the child enjoys, what helps them settle, how they are best supported. Up to 1,000 characters.', value, error: errors['aboutChild'], rows: 8 })}`;
}

/** The child from the council's latest return, in words: what the officer checks they are referring. */
export function childEchoRows(child: ChildEcho): { key: string; value: string }[] {
  return [
    { key: 'Age', value: `${child.ageYears} ${child.ageYears === 1 ? 'year' : 'years'} old` },
    { key: 'Sex', value: child.sex },
    { key: 'Current placement', value: child.placementType },
    { key: 'Legal status', value: child.legalStatus },
  ];
}

export function childEcho(child: ChildEcho | undefined): SafeHtml {
  if (!child) return html``;
  return html`<div class="govuk-summary-card" id="child-echo">
    <div class="govuk-summary-card__title-wrapper">
      <h2 class="govuk-summary-card__title">Child ${child.childId} in your latest return</h2>
    </div>
    <div class="govuk-summary-card__content">${summaryList(childEchoRows(child))}</div>
  </div>`;
}
