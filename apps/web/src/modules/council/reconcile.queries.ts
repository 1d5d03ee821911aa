// The reconciliation page's GraphQL documents (validated by apps/web/src/queries.spec.ts).

export const DFE_TABLES = `query($year: Int) { dfeTables(year: $year) {
  councilCode year asAt tables { title total rows { label codes count } }
} }`;
