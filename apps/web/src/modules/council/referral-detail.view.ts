import { PLACEMENT_CATEGORIES, PURCHASE_ROUTES } from '@rcc/contracts';
import {
  button,
  checkboxes,
  csrfField,
  dateInput,
  radios,
  summaryList,
  tag,
  textInput,
  type Errors,
} from '../../platform/components.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { govukDate, govukDateTime } from '../../platform/dates.js';
import type { Session } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { UNMET_REASONS, words } from './referral-form.js';
import { contractChoiceText, responsesSection } from './referral-offers.view.js';
import { openReferralActions, reachPanel } from './referral-reach.view.js';
import { sharedPanel, widenSection } from './referral-widen.js';
import {
  pounds,
  short,
  STATUS_COLOURS,
  type BlockContractChoice,
  type CouncilReferral,
  type ReferralReach,
} from './referral-types.js';

/** Status as the officer reads it: a placement that has ended says so. */
export function statusTag(r: CouncilReferral): SafeHtml {
  if (r.placement?.endDate) return tag('Placement ended', 'grey');
  return tag(words(r.status), STATUS_COLOURS[r.status]);
}

/** A home by name, with its Ofsted URN (the council's reference for it); the URN alone when the name is not known. */
const settingText = (urn: string, name?: string) => (name ? `${name} (Ofsted URN ${urn})` : `Ofsted URN ${urn}`);

/** For a block bed: the council's contracts with a bed free now, by name (commissioning refuses a full one). */
function placementContractChoice(contracts: readonly BlockContractChoice[], value: string, errors: Errors): SafeHtml {
  const free = contracts.filter((c) => c.freeBedsNow > 0);
  if (free.length === 0)
    return html`<p class="govuk-body" id="placementContractId">
      ${contracts.length ? 'None of your block contracts has a bed free now, so this cannot be a block bed.' : 'Your council has no block contracts, so this cannot be a block bed.'}
    </p>`;
  return radios({
    id: 'placementContractId',
    name: 'contractId',
    legend: 'Which block contract? (for a block bed)',
    hint: 'Your council’s contracts with a bed free now.',
    items: free.map((c) => ({ value: c.id, text: contractChoiceText(c) })),
    values: [value],
    error: errors['contractId'],
  });
}

export function detailPage(
  s: Session,
  r: CouncilReferral,
  reach: ReferralReach | undefined,
  contracts: readonly BlockContractChoice[],
  errors: Errors,
  placement: Record<string, string>,
  lists: { reasons?: string[]; widen?: string[] },
): SafeHtml {
  const placements = s.principal?.roles.includes('council.placements') ?? false;
  const canEdit = r.status === 'open' && placements;
  const canEnd = placements && r.placement !== null && r.placement.endDate === null;
  const v = (k: string) => placement[k] ?? '';
  return page({
    title: `Home search for child ${r.childId}`,
    session: s,
    current: '/council/referrals',
    backLink: '/council/referrals',
    errors,
    content: html`<span class="govuk-caption-l">Referral ${short(r.id)}</span>
      <h1 class="govuk-heading-l">Home search for child ${r.childId}</h1>
      ${summaryList([
        { key: 'Status', value: statusTag(r) },
        { key: 'Kind', value: words(r.kind) },
        { key: 'Latest start date', value: govukDate(r.startBy) },
        { key: 'Siblings to place together', value: String(r.siblings) },
        { key: 'Localities', value: r.localities.join(', ') || 'None given' },
        { key: 'Registration needs', value: r.needs.map(words).join(', ') || 'None' },
        { key: 'What homes should know about the child', value: r.aboutChild || 'Nothing written' },
        ...(r.changedAt ? [{ key: 'Last changed', value: `${govukDateTime(r.changedAt)} (UTC)` }] : []),
        ...(r.closedReasons.length ? [{ key: 'Why unmet', value: r.closedReasons.map(words).join(', ') }] : []),
        ...(r.placement
          ? [
              {
                key: 'Home',
                value: settingText(
                  r.placement.settingUrn,
                  reach?.answeredSettings.find((a) => a.settingUrn === r.placement!.settingUrn)?.name,
                ),
              },
              { key: 'Weekly cost (excluding VAT)', value: pounds(r.placement.weeklyCostPence) },
              { key: 'How it was bought', value: words(r.placement.route) },
              { key: 'Placement type', value: words(r.placement.placementCategory) },
              ...(r.placement.contractId
                ? [
                    {
                      key: 'Block contract',
                      value:
                        contracts.find((c) => c.id === r.placement!.contractId)?.name ?? 'One of your block contracts',
                    },
                  ]
                : []),
              { key: 'Placement start', value: govukDate(r.placement.startDate) },
              {
                key: 'Placement end',
                value: r.placement.endDate ? `Ended ${govukDate(r.placement.endDate)}` : 'Not ended',
              },
            ]
          : []),
      ])}
      ${canEdit ? html`<a href="/council/referrals/${r.id}/change" role="button" draggable="false" class="govuk-button govuk-button--secondary" data-module="govuk-button" id="change-referral">Change the referral</a>` : ''}
      ${reachPanel(r, reach)} ${sharedPanel(reach)}
      ${responsesSection(r, reach, { contracts, canDecide: canEdit, csrf: s.csrfToken, errors, values: placement })}
      ${
        canEnd
          ? html`<h2 class="govuk-heading-m">End the placement</h2>
              <form method="post" action="/council/referrals/${r.id}/end" novalidate>
                ${csrfField(s.csrfToken)}
                ${dateInput({ id: 'endDate', legend: 'Date the child left', hint: 'The last night there is the night before. For example, 3 4 2027', value: { day: v('endDate-day'), month: v('endDate-month'), year: v('endDate-year') }, error: errors['endDate'] })}
                ${button('End placement', { secondary: true })}
              </form>`
          : ''
      }
      ${
        canEdit
          ? html`<h2 class="govuk-heading-m">Record the placement</h2>
              <form method="post" action="/council/referrals/${r.id}/placement" novalidate>
                ${csrfField(s.csrfToken)}
                ${textInput({ id: 'settingUrn', label: 'Ofsted URN of the setting', hint: 'For example, SC999999', value: v('settingUrn'), error: errors['settingUrn'], classes: 'govuk-input--width-10', spellcheck: false })}
                ${textInput({ id: 'weeklyCost', label: 'Agreed weekly cost, excluding VAT', value: v('weeklyCost'), error: errors['weeklyCost'], classes: 'govuk-input--width-10', prefix: '£', inputmode: 'decimal' })}
                ${radios({ id: 'route', name: 'route', legend: 'How was it bought?', items: PURCHASE_ROUTES.map((p) => ({ value: p, text: p === 'dps' ? 'Dynamic purchasing system (DPS)' : words(p) })), values: [v('route')], error: errors['route'] })}
                ${dateInput({ id: 'startDate', legend: 'Placement start date', hint: 'For example, 14 11 2026', value: { day: v('startDate-day'), month: v('startDate-month'), year: v('startDate-year') }, error: errors['startDate'] })}
                ${radios({ id: 'placementCategory', name: 'placementCategory', legend: 'Kind of placement', hint: 'Leave unselected to use the kind of home the referral marked preferred.', items: PLACEMENT_CATEGORIES.map((c) => ({ value: c, text: words(c) })), values: [v('placementCategory')], error: errors['placementCategory'] })}
                ${placementContractChoice(contracts, v('contractId'), errors)} ${button('Record placement')}
              </form>
              <h2 class="govuk-heading-m">Close as unmet</h2>
              <p class="govuk-body">No acceptable offer: this is the market-gap signal the region plans from.</p>
              <form method="post" action="/council/referrals/${r.id}/unmet" novalidate>
                ${csrfField(s.csrfToken)}
                ${checkboxes({ id: 'reasons', name: 'reasons', legend: 'Why was no offer acceptable?', hint: 'Select all that apply.', items: UNMET_REASONS.map((u) => ({ value: u, text: words(u) })), values: lists.reasons ?? [], error: errors['reasons'] })}
                ${button('Close as unmet', { secondary: true })}
              </form>
              ${widenSection(r.id, reach, s.csrfToken, errors, lists.widen ?? [])}
              ${openReferralActions(r, reach, s.csrfToken, errors, placement)}`
          : ''
      }`,
  });
}
