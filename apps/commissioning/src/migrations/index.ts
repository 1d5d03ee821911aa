import { Tenders1763769604000 } from './1763769604000-Tenders.js';
import { CommissioningLedger1763856000000 } from './1763856000000-CommissioningLedger.js';
import { AuditableMoney1764979200000 } from './1764979200000-AuditableMoney.js';
import { TenderDeadlinesAndOutcomes1765238400000 } from './1765238400000-TenderDeadlinesAndOutcomes.js';

/** Commissioning's own migrations in order: the one list the service and the test fixture both run. */
export const COMMISSIONING_MIGRATIONS = [
  Tenders1763769604000,
  CommissioningLedger1763856000000,
  AuditableMoney1764979200000,
  TenderDeadlinesAndOutcomes1765238400000,
];
