import { govukDate, govukDateTime, govukMonth } from '../../platform/dates.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { pounds } from '../../platform/money.js';
import { summaryList, table } from '../../platform/components.js';

/** A journal entry as the adjustments page reads it (JOURNAL_MONTH, JOURNAL_ENTRY). */
export interface JournalEntryView {
  id: string;
  kind: string;
  description: string;
  period: string | null;
  relatesToPeriod: string | null;
  reversedByEntryId: string | null;
  postedBy: string;
  postedAt: string;
  lines: { account: string; amountPence: number; councilCode: string | null }[];
}

/** What each kind of entry is, in words. */
const KINDS: Record<string, string> = {
  commitment: 'Contract commitment',
  'period-close': 'Month close',
  'market-spend': 'Spot and framework spend',
  reversal: 'Reversal',
  adjustment: 'Hand adjustment',
  correction: 'Correction',
};

export const entryKind = (kind: string): string => KINDS[kind] ?? kind;

/** An entry's size: the sum of its debits (its lines sum to zero, so this is also the sum of its credits). */
export const entryAmount = (e: Pick<JournalEntryView, 'lines'>): number =>
  e.lines.reduce((sum, l) => sum + Math.max(0, l.amountPence), 0);

/** The councils an entry's lines charge or credit, by name, in the order they first appear. */
export function entryCouncils(e: Pick<JournalEntryView, 'lines'>, name: (code: string) => string): string[] {
  return [...new Set(e.lines.flatMap((l) => (l.councilCode ? [l.councilCode] : [])))].map(name);
}

const ACCOUNT_PARTS: Record<string, string> = {
  commitment: 'commitment',
  'block-used': 'block beds used',
  'block-void': 'share of empty block beds',
  'recharge-in': 'recharges in',
  'recharge-out': 'recharges out',
  payable: 'owed to the provider',
};

/**
 * A ledger account in words (contract-terms.ts names them): `council:E10000028:block-used` is "Staffordshire: block
 * beds used"; `contract:<id>:payable` is "<contract name>: owed to the provider"; an account it does not know is shown
 * as it is.
 */
export function accountInWords(
  account: string,
  councilName: (code: string) => string,
  contractName: (id: string) => string | undefined,
): string {
  const [owner, key, what, route] = account.split(':');
  if (owner === 'council' && key && what === 'spend' && route) return `${councilName(key)}: spend (${route})`;
  if (owner === 'council' && key && what && ACCOUNT_PARTS[what]) return `${councilName(key)}: ${ACCOUNT_PARTS[what]}`;
  if (owner === 'contract' && key && what && ACCOUNT_PARTS[what])
    return `${contractName(key) ?? 'A block contract'}: ${ACCOUNT_PARTS[what]}`;
  if (owner === 'market' && key && what === 'payable') return `Owed to providers (${key})`;
  return account;
}

const UUID_IN_TEXT = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const MONTH_IN_TEXT = /\b(\d{4}-(0[1-9]|1[0-2]))\b(?!-)/g;

/**
 * An entry's description as people read it. The journal keeps what was posted, word for word (it is part of what the
 * entry's idempotency key stands for), and some of it names a contract by id or a month as "2026-10": here the id is
 * the contract's name and the month is in words.
 */
export function describeEntry(description: string, contractName: (id: string) => string | undefined): string {
  return description
    .replace(UUID_IN_TEXT, (id) => contractName(id.toLowerCase()) ?? contractName(id) ?? '(contract not listed)')
    .replace(MONTH_IN_TEXT, (m) => govukMonth(m));
}

/** One month's entries as a table, each with a link to reverse it (or "Reversed"). */
export function entriesTable(
  entries: readonly JournalEntryView[],
  month: string,
  councilName: (code: string) => string,
  contractName: (id: string) => string | undefined,
): SafeHtml {
  return table({
    id: 'journal-entries',
    caption: `Entries posted in ${govukMonth(month)}`,
    captionSize: 's',
    head: ['Posted', 'Kind', 'What', 'Belongs to', 'Councils', 'Amount', 'Reverse'],
    rows: entries.map((e) => {
      const belongsTo = e.relatesToPeriod ?? e.period;
      return [
        govukDate(e.postedAt),
        entryKind(e.kind),
        describeEntry(e.description, contractName),
        belongsTo ? govukMonth(belongsTo) : '',
        entryCouncils(e, councilName).join(', '),
        pounds(entryAmount(e)),
        e.reversedByEntryId
          ? 'Reversed'
          : html`<a class="govuk-link" href="/hub/adjustments/reverse/${e.id}"
              >Reverse<span class="govuk-visually-hidden">
                the entry posted ${govukDate(e.postedAt)}: ${describeEntry(e.description, contractName)}</span
              ></a
            >`,
      ];
    }),
    numeric: [5],
  });
}

/** One entry on its check page: what it is, and each of its lines with its account in words. */
export function entryInWords(
  entry: JournalEntryView,
  councilName: (code: string) => string,
  contractName: (id: string) => string | undefined,
): SafeHtml {
  const belongsTo = entry.relatesToPeriod ?? entry.period;
  return html`${summaryList([
    { key: 'Kind', value: entryKind(entry.kind) },
    { key: 'What', value: describeEntry(entry.description, contractName) },
    { key: 'Belongs to', value: belongsTo ? govukMonth(belongsTo) : 'No month' },
    { key: 'Councils', value: entryCouncils(entry, councilName).join(', ') || 'None' },
    { key: 'Amount', value: pounds(entryAmount(entry)) },
    { key: 'Posted', value: `${govukDateTime(entry.postedAt)} by ${entry.postedBy}` },
  ])}
  ${table({
    id: 'entry-lines',
    caption: 'Its lines',
    captionSize: 's',
    head: ['Account', 'Debit', 'Credit'],
    rows: entry.lines.map((l) => [
      accountInWords(l.account, councilName, contractName),
      l.amountPence > 0 ? pounds(l.amountPence) : '',
      l.amountPence < 0 ? pounds(-l.amountPence) : '',
    ]),
    numeric: [1, 2],
    rowHeaders: true,
  })}`;
}
