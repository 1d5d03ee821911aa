// The adjustments page's GraphQL documents (validated by apps/web/src/queries.spec.ts).

export const POST_ADJUSTMENT = `mutation($input: PostAdjustmentInput!) { postAdjustment(input: $input) { id period } }`;

export const REVERSE_JOURNAL_ENTRY = `mutation($input: ReverseJournalEntryInput!) { reverseJournalEntry(input: $input) { id period } }`;

/** The block contracts an adjustment may be for, by name, and the months closed so far (oldest first). */
export const ADJUSTMENT_CONTRACTS = `query AdjustmentContracts { blockContracts { id name } closedPeriods }`;

const ENTRY_FIELDS = `id kind description period relatesToPeriod reversedByEntryId postedBy postedAt
  lines { account amountPence councilCode }`;

/** The entries posted in one month, to choose one to reverse. */
export const JOURNAL_MONTH = `query JournalMonth($period: String!) { journalEntries(period: $period) { ${ENTRY_FIELDS} } }`;

/** One entry, for the check page before it is reversed, and the contracts its accounts may name. */
export const JOURNAL_ENTRY = `query JournalEntry($id: ID!) { journalEntries(id: $id) { ${ENTRY_FIELDS} } blockContracts { id name } }`;
