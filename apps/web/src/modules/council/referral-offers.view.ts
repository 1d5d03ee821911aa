import { PURCHASE_ROUTES } from '@rcc/contracts';
import { button, csrfField, radios, summaryList, table, tag, type Errors } from '../../platform/components.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { govukDate } from '../../platform/dates.js';
import { ofstedGradeText } from '../provider/ofsted-grade.js';
import { words } from './referral-form.js';
import { pounds, short, type BlockContractChoice, type CouncilReferral, type ReferralReach } from './referral-types.js';

type Response = CouncilReferral['responses'][number];
type Answered = ReferralReach['answeredSettings'][number];

const DISTANCE_WORDS: Record<string, string> = {
  near: 'Near: same postcode district as the child’s areas',
  mid: 'Mid: same postcode area',
  far: 'Far: outside the child’s postcode areas',
};

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** The start date, with a warning when it is after the council's latest start date. */
function startText(x: Response, startBy: string): SafeHtml | string {
  if (!x.startDate) return 'Not given';
  const late = daysBetween(startBy, x.startDate);
  if (late <= 0) return govukDate(x.startDate);
  return html`${govukDate(x.startDate)}
  ${tag(`${late} ${late === 1 ? 'day' : 'days'} after your latest start date`, 'red')}`;
}

/** A decline's reason in words, with the provider's own words for "other". */
const declineText = (reason: string | null, note: string | null) =>
  `${words(reason ?? 'other')}${reason === 'other' && note ? `: ${note}` : ''}`;

const grade = (a: Answered | undefined): string => (a ? ofstedGradeText(a) : 'Not known');

/** What the decision forms need: the council's contracts, whether the caller decides, and the form's state. */
export interface Decision {
  contracts: readonly BlockContractChoice[];
  canDecide: boolean;
  csrf: string;
  errors: Errors;
  values: Record<string, string>;
}

/** A contract as the officer chooses it: its name, its free beds and its term, in words. */
export const contractChoiceText = (c: BlockContractChoice) =>
  `${c.name}: ${c.freeBedsNow} of ${c.beds} ${c.beds === 1 ? 'bed' : 'beds'} free, from ${govukDate(c.startDate)} until ${govukDate(c.endDate)}`;

/** Why a block bed is not offered for a home the council's contracts include: every one of them is full. */
export const noFreeBedText = (full: readonly BlockContractChoice[]) =>
  full.length === 1
    ? `It cannot be a block bed: ${full[0]!.name}, your block contract that includes this home, has no bed free now.`
    : `It cannot be a block bed: none of your ${full.length} block contracts that include this home has a bed free now.`;

/** The council's contracts that include the home, split into those with a bed free now and those that are full. */
export function blockChoices(contracts: readonly BlockContractChoice[], settingUrn: string) {
  const covering = contracts.filter((c) => c.settingUrns.includes(settingUrn));
  return { withBeds: covering.filter((c) => c.freeBedsNow > 0), full: covering.filter((c) => c.freeBedsNow <= 0) };
}

/** One offer and its own decision form: accept it, saying how it is bought (and which block contract). */
function offerCard(r: CouncilReferral, x: Response, setting: Answered | undefined, d: Decision): SafeHtml {
  const { contracts, canDecide, csrf, errors, values } = d;
  const id = short(x.responseId);
  const mine = values['responseId'] === x.responseId;
  const err = (key: string) => (mine ? errors[key] : undefined);
  const { withBeds, full } = blockChoices(contracts, x.settingUrn);
  return html`<div class="app-offer govuk-!-margin-bottom-8">
    <h3 class="govuk-heading-s" id="offer-${id}">${setting?.name ?? x.settingUrn}, ${x.providerName}</h3>
    ${summaryList([
      {
        key: 'Home',
        value: `${setting?.name ?? 'Name not known'} (Ofsted URN ${x.settingUrn}), ${words(x.settingType)}`,
      },
      { key: 'Ofsted grade', value: grade(setting) },
      { key: 'Distance', value: setting ? (DISTANCE_WORDS[setting.distance] ?? words(setting.distance)) : 'Not known' },
      {
        key: 'Weekly price, excluding VAT',
        value: x.weeklyPricePence === null ? 'Not given' : pounds(x.weeklyPricePence),
      },
      { key: 'Can start', value: startText(x, r.startBy) },
      {
        key: 'Registration',
        value: x.registrationFlag ? tag('Suspended or unregistered: check before accepting', 'red') : 'Registered',
      },
    ])}
    ${
      canDecide
        ? html`<form method="post" action="/council/referrals/${r.id}/accept" novalidate aria-labelledby="offer-${id}">
            ${csrfField(csrf)}
            <input type="hidden" name="responseId" value="${x.responseId}" />
            ${radios({
              id: `acceptRoute-${id}`,
              name: 'acceptRoute',
              legend: 'How is it bought?',
              items: PURCHASE_ROUTES.filter((p) => p !== 'block' || withBeds.length > 0).map((p) => ({
                value: p,
                text:
                  p === 'dps'
                    ? 'Dynamic purchasing system (DPS)'
                    : p === 'block'
                      ? 'A bed in a block contract'
                      : words(p),
              })),
              values: [mine ? (values['acceptRoute'] ?? '') : ''],
              error: err('acceptRoute'),
            })}
            ${
              withBeds.length
                ? radios({
                    id: `contractId-${id}`,
                    name: 'contractId',
                    legend: 'Which block contract? (for a block bed)',
                    hint: 'Your council’s contracts that include this home and have a bed free now.',
                    items: withBeds.map((c) => ({ value: c.id, text: contractChoiceText(c) })),
                    values: [mine ? (values['contractId'] ?? '') : ''],
                    error: err('contractId'),
                  })
                : full.length
                  ? html`<p class="govuk-body" id="no-block-bed-${id}">${noFreeBedText(full)}</p>`
                  : ''
            }
            ${button('Accept this offer')}
          </form>`
        : ''
    }
  </div>`;
}

/** Offers side by side (each with its decision), then declines with their reasons. */
export function responsesSection(r: CouncilReferral, reach: ReferralReach | undefined, d: Decision): SafeHtml {
  if (r.responses.length === 0)
    return html`<h2 class="govuk-heading-m">Providers’ responses</h2>
      <p class="govuk-body">No provider has responded yet.</p>`;
  const offers = r.responses.filter((x) => x.response === 'offer');
  const declines = r.responses.filter((x) => x.response === 'decline');
  const settingOf = (urn: string) => reach?.answeredSettings.find((a) => a.settingUrn === urn);
  return html`<h2 class="govuk-heading-m">Offers</h2>
    ${
      offers.length
        ? offers.map((x) => offerCard(r, x, settingOf(x.settingUrn), d))
        : html`<p class="govuk-body">No offers yet.</p>`
    }
    ${
      declines.length
        ? html`<div class="app-table-wrapper" tabindex="0" role="region" aria-label="Declines">
            ${table({
              id: 'responses-table',
              caption: `${declines.length} ${declines.length === 1 ? 'decline' : 'declines'}`,
              captionSize: 's',
              head: ['Provider', 'Home', 'Reason'],
              rows: declines.map((x) => [
                x.providerName,
                settingOf(x.settingUrn)?.name ?? x.settingUrn,
                declineText(x.declineReason, settingOf(x.settingUrn)?.declineNote ?? null),
              ]),
            })}
          </div>`
        : ''
    }`;
}
