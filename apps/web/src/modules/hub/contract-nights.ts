/**
 * A contract's end date is its first night no longer paid for (commissioning's convention); pages show the last
 * night it pays for, "First night 1 April 2027, last night 31 March 2028", never "until (exclusive)".
 */
export const lastNight = (endDate: string): string =>
  new Date(Date.parse(`${endDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
