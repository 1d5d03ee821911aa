// Commissioning's domain core: pure functions that turn bed-nights into money (docs/adr/0016, 0040, 0055).
// Features import it from here; it imports no feature, no framework and no database.
export * from './contract-terms.js';
export * from './corrections.js';
export * from './ledger-math.js';
export * from './market-spend.js';
export * from './period-close.js';
