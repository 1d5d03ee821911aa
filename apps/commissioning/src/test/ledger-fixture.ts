import { afterAll, beforeAll } from '@jest/globals';
import { COMMISSIONING_MIGRATIONS } from '../migrations/index.js';
import { createHmac, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  createEnvelope,
  PlacementEndedV1Event,
  PlacementStartedV1Event,
  type PlacementEndedV1,
  type PlacementStartedV1,
} from '@rcc/contracts';
import {
  InboxConsumer,
  MessagingTables1763769600000,
  OutboxTraceHeaders1796538264000,
  type BusMessage,
  type EventBus,
} from '@rcc/messaging';
import { createTestDatabase, type TestDatabase } from '@rcc/testing';
import { apportion, type VoidSharing } from '../domain/index.js';
import type { BlockContract } from '../modules/contracts/contract.model.js';
import type { CreateBlockContractInput } from '../modules/contracts/dtos/contract.inputs.js';
import { ContractsService } from '../modules/contracts/contracts.service.js';
import { LedgerService } from '../modules/ledger/ledger.service.js';
import { PlacementEndedConsumer } from '../modules/placements/placement-ended.consumer.js';
import { PlacementStartedConsumer } from '../modules/placements/placement-started.consumer.js';
import { PlacementsService } from '../modules/placements/placements.service.js';
import { AdjustmentsService } from '../modules/statements/adjustments.service.js';
import { CostingService } from '../modules/statements/costing.service.js';
import { PeriodCloseService } from '../modules/statements/period-close.service.js';
import { StatementsService } from '../modules/statements/statements.service.js';
import { TenderEntity } from '../modules/tenders/tender.entity.js';
import { CommissioningConfig } from '../platform/index.js';

/**
 * The commissioning services on a real PostgreSQL database, without HTTP or Kafka: the migrations run once into a
 * template database, each fixture is a fresh copy. Placement events go through the real inbox consumer (validation,
 * inbox idempotency, dead letters), with a bus that only records what was dead-lettered.
 */
export interface LedgerFixture {
  db: TestDatabase;
  dataSource: DataSource;
  ledger: LedgerService;
  contracts: ContractsService;
  statements: StatementsService;
  periodClose: PeriodCloseService;
  adjustments: AdjustmentsService;
  placements: PlacementsService;
  inbox: InboxConsumer;
  deadLetters: BusMessage[];
  startPlacement(
    p: Omit<PlacementStartedV1, 'childPseudonym' | 'placementCategory'> & { child?: string },
  ): Promise<void>;
  endPlacement(p: PlacementEndedV1): Promise<void>;
  close(): Promise<void>;
}

export async function migratedTemplate(): Promise<TestDatabase> {
  const db = await createTestDatabase('commissioning_tpl');
  const ds = new DataSource({
    type: 'postgres',
    url: db.url,
    entities: [TenderEntity],
    migrations: [MessagingTables1763769600000, OutboxTraceHeaders1796538264000, ...COMMISSIONING_MIGRATIONS],
    migrationsTransactionMode: 'each',
  });
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
  return db;
}

/** Registers the file's beforeAll and afterAll for one migrated template database; call the result in its tests. */
export function useMigratedTemplate(): () => TestDatabase {
  let template: TestDatabase | undefined;
  beforeAll(async () => {
    template = await migratedTemplate();
  });
  afterAll(async () => {
    await template?.drop();
  });
  return () => {
    if (!template) throw new Error('the template database is read before it was made');
    return template;
  };
}

export async function ledgerFixture(
  template: TestDatabase,
  councils: string[],
  options: { poolSize?: number } = {},
): Promise<LedgerFixture> {
  const db = await createTestDatabase('commissioning_f', { template });
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    entities: [TenderEntity],
    extra: { max: options.poolSize ?? 10 },
  });
  await dataSource.initialize();
  const config = Object.assign(new CommissioningConfig(), { RCC_REGION_COUNCILS: councils.join(',') });
  const ledger = new LedgerService(dataSource);
  const contracts = new ContractsService(dataSource, config, ledger);
  const placements = new PlacementsService(config, contracts);
  const costing = new CostingService(ledger, contracts);
  const adjustments = new AdjustmentsService(dataSource, config, ledger, contracts);
  const statements = new StatementsService(dataSource, adjustments);
  const periodClose = new PeriodCloseService(dataSource, ledger, contracts, costing, statements);
  const deadLetters: BusMessage[] = [];
  const bus: EventBus = {
    kind: 'in-process',
    ensureTopics: async () => undefined,
    publish: async (messages) => void deadLetters.push(...messages),
    subscribe: async () => ({ stop: async () => undefined }),
    subscribeBatch: async () => ({ stop: async () => undefined }),
    close: async () => undefined,
  };
  const inbox = new InboxConsumer(dataSource, bus, {
    consumer: 'commissioning',
    groupId: 'rcc.commissioning',
    handlers: [new PlacementStartedConsumer(placements), new PlacementEndedConsumer(placements)],
  });
  const deliver = (topic: string, key: string, envelope: unknown) =>
    inbox.receive({ topic, key, value: JSON.stringify(envelope) });
  return {
    db,
    dataSource,
    ledger,
    contracts,
    statements,
    periodClose,
    adjustments,
    placements,
    inbox,
    deadLetters,
    startPlacement: async ({ child, ...p }) => {
      const payload: PlacementStartedV1 = {
        ...p,
        childPseudonym: createHmac('sha256', 'test-key')
          .update(child ?? p.placementId)
          .digest('hex'),
        placementCategory: 'residential',
      };
      const envelope = createEnvelope(PlacementStartedV1Event, {
        producer: 'council',
        tenant: p.councilCode,
        key: p.councilCode,
        payload,
      });
      await deliver(PlacementStartedV1Event.topic, p.councilCode, envelope);
    },
    endPlacement: async (p) => {
      const envelope = createEnvelope(PlacementEndedV1Event, {
        producer: 'council',
        tenant: p.councilCode,
        key: p.councilCode,
        payload: p,
      });
      await deliver(PlacementEndedV1Event.topic, p.councilCode, envelope);
    },
    close: async () => {
      await dataSource.destroy();
      await db.drop();
    },
  };
}

/** Registers the file's beforeAll and afterAll for one fixture on its own template; call the result in its tests. */
export function useLedgerFixture(councils: string[]): () => LedgerFixture {
  const template = useMigratedTemplate();
  let f: LedgerFixture | undefined;
  beforeAll(async () => {
    f = await ledgerFixture(template(), councils);
  });
  afterAll(async () => {
    await f?.close();
  });
  return () => {
    if (!f) throw new Error('the fixture is read before it was made');
    return f;
  };
}

/** A direct block contract for SC100001 at £1,000 a night, three beds in the first quarter of 2025 unless told. */
export const blockContractInput = (
  councils: CreateBlockContractInput['councils'],
  over: Partial<CreateBlockContractInput> = {},
): CreateBlockContractInput => ({
  idempotencyKey: `test-${randomUUID()}`,
  name: 'Hillside three-bed block',
  providerId: randomUUID(),
  settingUrns: ['SC100001'],
  placementCategory: 'residential',
  beds: 3,
  weeklyPricePerBedPence: 700_000,
  startDate: '2025-01-01',
  endDate: '2025-04-01',
  councils,
  ...over,
});

/** A council's block placement of a child in SC100001, as it asks commissioning for the bed. */
export const blockChild = (councilCode: string, contractId: string, startDate: string) => ({
  placementId: randomUUID(),
  councilCode,
  settingUrn: 'SC100001',
  route: 'block' as const,
  contractId,
  startDate,
  weeklyCostPence: 700_000,
  placementCategory: 'residential' as const,
  childPseudonym: randomUUID().replaceAll('-', '').repeat(2),
});

/** SQL checks of the journal from its lines alone. */
export async function journalInvariants(ds: DataSource) {
  const [row] = (await ds.query(`
    SELECT (SELECT count(*) FROM journal_entry)::int AS entries,
           (SELECT count(*) FROM (SELECT entry_id FROM journal_line GROUP BY entry_id
                                  HAVING sum(amount_pence) <> 0 OR count(*) < 2) u)::int AS unbalanced,
           (SELECT count(*) FROM journal_entry e
             WHERE NOT EXISTS (SELECT 1 FROM journal_line l WHERE l.entry_id = e.id))::int AS empty,
           (SELECT coalesce(sum(amount_pence), 0) FROM journal_line)::text AS total`)) as {
    entries: number;
    unbalanced: number;
    empty: number;
    total: string;
  }[];
  return { entries: row!.entries, unbalanced: row!.unbalanced, empty: row!.empty, total: Number(row!.total) };
}

/** A generated block contract of the property tests: beds or shares split between the councils by `weights`. */
export interface ModelContractSpec {
  mode: 'beds' | 'shares';
  beds: number;
  weekly: number;
  weights: number[];
}

/**
 * Records the contract a spec describes directly (as the hub would a contract bought elsewhere), from `start` to
 * `end`, the councils' beds or basis points apportioned by their weights.
 */
export function createModelContract(
  f: LedgerFixture,
  councils: readonly string[],
  spec: ModelContractSpec,
  terms: { start: string; end: string; voidSharing?: VoidSharing },
): Promise<BlockContract> {
  const split = apportion(
    spec.mode === 'beds' ? spec.beds : 10_000,
    councils.map((c, i) => ({ key: c, weight: spec.weights[i]! })),
  );
  return f.contracts.createDirect(
    {
      idempotencyKey: `model-${randomUUID()}`,
      name: 'Model block',
      providerId: randomUUID(),
      settingUrns: ['SC000001'],
      placementCategory: 'residential',
      beds: spec.beds,
      weeklyPricePerBedPence: spec.weekly,
      startDate: terms.start,
      endDate: terms.end,
      ...(terms.voidSharing ? { voidSharing: terms.voidSharing } : {}),
      councils: councils.map((c) =>
        spec.mode === 'beds' ? { councilCode: c, beds: split.get(c)! } : { councilCode: c, basisPoints: split.get(c)! },
      ),
    },
    'model',
  );
}
