/**
 * Money on the web's pages, the one formatter and the one reader: amounts travel in integer pence; people read and
 * type pounds.
 */

/** 123456 -> "£1,234.56"; -500 -> "-£5.00". */
export const pounds = (pence: number): string =>
  `${pence < 0 ? '-' : ''}£${(Math.abs(pence) / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** What was typed in a pounds field, without a leading "£" (after any minus sign) and thousands commas. */
export const poundsTyped = (typed: string): string => typed.replace(/^(-?)£/, '$1').replace(/,/g, '');

/**
 * A typed amount of pounds (up to `maxDigits` whole digits, at most two decimals, no sign) in pence, or undefined
 * when it is not one.
 */
export function penceOf(typed: string, maxDigits = 7): number | undefined {
  const pattern = new RegExp(`^\\d{1,${maxDigits}}(\\.\\d{1,2})?$`);
  return pattern.test(typed) ? Math.round(Number(typed) * 100) : undefined;
}
