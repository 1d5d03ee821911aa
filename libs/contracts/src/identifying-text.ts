/**
 * Free text that leaves a council ("what homes should know about the child", docs/adr/0060) must not identify or date
 * the child. The council checks it against the child's own record before anything is stored; the contract applies the
 * shapes that need no record (postcode, email, phone, NHS number, numeric date) again, so a consumer refuses them
 * too. Only the kinds found are reported, never the text matched: a refusal may be logged.
 */
export const ABOUT_CHILD_MAX = 1000;

export const IDENTIFYING_KINDS = ['child-id', 'upn', 'dob', 'postcode', 'email', 'phone', 'nhs', 'date'] as const;
export type IdentifyingKind = (typeof IDENTIFYING_KINDS)[number];

/** The child's own identifiers, from the council's record (never sent anywhere). */
export interface ChildIdentifiers {
  childId: string;
  upn: string | null;
  /** YYYY-MM-DD */
  dob: string;
}

const KIND_WORDS: Record<IdentifyingKind, string> = {
  'child-id': 'the child’s ID',
  upn: 'the child’s UPN',
  dob: 'the child’s date of birth',
  postcode: 'the postcode',
  email: 'the email address',
  phone: 'the phone number',
  nhs: 'the NHS number',
  date: 'the date written in numbers',
};

const MONTHS = [
  'jan(?:uary)?',
  'feb(?:ruary)?',
  'mar(?:ch)?',
  'apr(?:il)?',
  'may',
  'june?',
  'july?',
  'aug(?:ust)?',
  'sep(?:t(?:ember)?)?',
  'oct(?:ober)?',
  'nov(?:ember)?',
  'dec(?:ember)?',
];

const POSTCODE = /\b(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b/i;
const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}/i;
const PHONE = /(?:\+44[\s-]?(?:\(0\)[\s-]?)?|(?<!\d)0)\d(?:[\s-]?\d){8,9}(?!\d)/;
const NHS = /(?<!\d)[1-9]\d{2}[\s-]?\d{3}[\s-]?\d{4}(?!\d)/;
const DAY_FIRST = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/g;
const YEAR_FIRST = /\b(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\b/g;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Numeric dates in the text, as [day, month, year] numbers (a two-digit year is left as written). */
function numericDates(text: string): [number, number, number][] {
  const found: [number, number, number][] = [];
  for (const m of text.matchAll(DAY_FIRST)) found.push([Number(m[1]), Number(m[2]), Number(m[3])]);
  for (const m of text.matchAll(YEAR_FIRST)) found.push([Number(m[3]), Number(m[2]), Number(m[1])]);
  return found;
}

/** The child's date of birth written in words ("18 March", "18th of Mar 2005", "March 18, 2005") or as digits only. */
function mentionsBirthday(text: string, dob: string): boolean {
  const [y, m, d] = dob.split('-').map(Number) as [number, number, number];
  const month = MONTHS[m - 1]!;
  const day = `0?${d}(?:st|nd|rd|th)?`;
  const inWords = new RegExp(`\\b${day}\\s+(?:of\\s+)?${month}\\b|\\b${month}\\.?\\s+${day}\\b`, 'i');
  const [dd, mm] = [String(d).padStart(2, '0'), String(m).padStart(2, '0')];
  const digits = new RegExp(`\\b(?:${dd}${mm}${y}|${y}${mm}${dd}|${dd}${mm}${String(y).slice(2)})\\b`);
  return inWords.test(text) || digits.test(text);
}

/**
 * The kinds of identifying detail in a text, in a fixed order. With the child's identifiers, also their own id, UPN
 * and date of birth (in numbers or words); a numeric date that is the birthday counts as the date of birth.
 */
export function identifyingKinds(text: string, child?: ChildIdentifiers): IdentifyingKind[] {
  const kinds = new Set<IdentifyingKind>();
  const dates = numericDates(text);
  const [y, m, d] = child ? (child.dob.split('-').map(Number) as [number, number, number]) : [0, 0, 0];
  const isDob = ([dd, mm, yy]: [number, number, number]) => dd === d && mm === m && (yy === y || yy === y % 100);
  if (child) {
    if (child.childId.trim() && new RegExp(`(?<![A-Z0-9])${escape(child.childId.trim())}(?![A-Z0-9])`, 'i').test(text))
      kinds.add('child-id');
    const squashed = text.replace(/[\s-]/g, '').toUpperCase();
    if (child.upn && squashed.includes(child.upn.replace(/\s/g, '').toUpperCase())) kinds.add('upn');
    if (mentionsBirthday(text, child.dob) || dates.some(isDob)) kinds.add('dob');
  }
  if (POSTCODE.test(text)) kinds.add('postcode');
  if (EMAIL.test(text)) kinds.add('email');
  if (PHONE.test(text)) kinds.add('phone');
  if (NHS.test(text)) kinds.add('nhs');
  if (dates.some((date) => !isDob(date))) kinds.add('date');
  return IDENTIFYING_KINDS.filter((k) => kinds.has(k));
}

/** The refusal in plain words, naming what was found: "Remove the postcode and the phone number from ...". */
export function identifyingTextMessage(kinds: readonly IdentifyingKind[], field: string): string {
  const named = kinds.map((k) => KIND_WORDS[k]);
  const list = named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : (named[0] ?? '');
  return `Remove ${list} from ${field}`;
}
