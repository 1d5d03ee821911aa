// The adjustments page's GraphQL documents (validated by apps/web/src/queries.spec.ts).

export const POST_ADJUSTMENT = `mutation($input: PostAdjustmentInput!) { postAdjustment(input: $input) { id period } }`;

export const REVERSE_JOURNAL_ENTRY = `mutation($input: ReverseJournalEntryInput!) { reverseJournalEntry(input: $input) { id period } }`;

/** The block contracts an adjustment may be for, by name. */
export const ADJUSTMENT_CONTRACTS = `query AdjustmentContracts { blockContracts { id name } }`;
