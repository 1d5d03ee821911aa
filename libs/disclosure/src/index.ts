export * from './published-value.js';
export * from './protect-table.js';
