import { dateInWords } from '@rcc/platform';
import { awardCommitment, type ContractTerms, dayNumber } from '../../domain/index.js';
import { ContractError } from './contracts.exception.js';

/**
 * Sensible bounds for a block contract, checked before anything is written (docs/adr/0041). A contract outside them
 * is far more likely a typing slip than a purchase: refused with the figure and the limit, never an internal error.
 */
export const CONTRACT_BOUNDS = {
  /** Dates are accepted from 2000-01-01 up to, not including, 2100-01-01. */
  earliestDate: '2000-01-01',
  latestDate: '2100-01-01',
  /** At most ten years of nights (3,653: ten years with three leap days). */
  maxTermNights: 3_653,
  /** £250 million: about three times the largest block contract a region of councils buys. */
  maxValuePence: 25_000_000_000,
} as const;

/** The last day a contract's dates may be (the day before CONTRACT_BOUNDS.latestDate). */
const LAST_DAY = '2099-12-31';

export function checkContractBounds(terms: Omit<ContractTerms, 'id'>, dates: { startDate: string; endDate: string }) {
  const { earliestDate, latestDate, maxTermNights, maxValuePence } = CONTRACT_BOUNDS;
  for (const [field, date] of Object.entries(dates))
    if (date < earliestDate || date >= latestDate)
      throw new ContractError(
        'CONTRACT_INVALID',
        `The ${field === 'startDate' ? 'start' : 'end'} date (${dateInWords(date)}) must be between ${dateInWords(earliestDate)} and ${dateInWords(LAST_DAY)}`,
      );
  if (dates.endDate <= dates.startDate)
    throw new ContractError(
      'CONTRACT_INVALID',
      `The end date (${dateInWords(dates.endDate)}) must be after the start date (${dateInWords(dates.startDate)})`,
    );
  const nights = dayNumber(dates.endDate) - dayNumber(dates.startDate);
  if (nights > maxTermNights)
    throw new ContractError(
      'CONTRACT_INVALID',
      `a term of ${nights} nights is longer than ten years (${maxTermNights})`,
    );
  if (terms.weeklyPricePerBedPence <= 0)
    throw new ContractError('CONTRACT_INVALID', 'weeklyPricePerBedPence must be at least 1 penny');
  const { totalPence } = awardCommitment({ ...terms, id: 'bounds' });
  if (totalPence > maxValuePence)
    throw new ContractError(
      'CONTRACT_INVALID',
      `the contract is worth ${totalPence} pence, over the ${maxValuePence} pence (£250m) a block contract may be`,
    );
}
