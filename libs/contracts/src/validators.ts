import { IsInt, IsISO8601, Matches, Max, Min } from 'class-validator';
import { ISO_DATE_PATTERN, MAX_WEEKLY_PENCE } from './vocabulary.js';

/** Several property decorators as one, applied as if written one above the other in this order. */
export function allOf(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorate of [...decorators].reverse()) decorate(target, key);
  };
}

/** A calendar date written YYYY-MM-DD, and a real one (strict ISO 8601: 2025-02-30 is refused). */
export const IsIsoDate = (): PropertyDecorator => allOf(IsISO8601({ strict: true }), Matches(ISO_DATE_PATTERN));

/** A whole number from `min`, and up to `max` when one is given. */
export const IsIntIn = (min: number, max?: number): PropertyDecorator =>
  allOf(IsInt(), Min(min), ...(max === undefined ? [] : [Max(max)]));

/** Money per week in pence: a whole number from 0 to MAX_WEEKLY_PENCE. */
export const IsWeeklyPence = (): PropertyDecorator => IsIntIn(0, MAX_WEEKLY_PENCE);
