export * from './published-value.js';
export * from './protect-table.js';
export {
  CARRIED_REASON,
  CHANGE_REASON,
  LINKED_REASON,
  MEMBER_REASON,
  SUM_REASON,
  isProtectedRange,
  protectTables,
  type AuditEntry,
  type EntryRef,
  type ProtectionResult,
  type PublishedTable,
  type TableLink,
} from './protect-tables.js';
export { feasibleRange, type LinearConstraint, type Range } from './feasible-range.js';
export { augmentedGrid, Intruder } from './intruder.js';
export { DEFAULT_COALITION_SIZE, type Contributions } from './member-knowledge.js';
