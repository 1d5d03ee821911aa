import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ContractAwardedV1Event, type PlacementCategory } from '@rcc/contracts';
import { enqueueEvent } from '@rcc/messaging';
import { dateInWords, SERVICE_CONFIG } from '@rcc/platform';
import { type CommissioningConfig, type Scope, toPence } from '../../platform/index.js';
import {
  accounts,
  type AllocationMode,
  commitmentLines,
  type ContractShare,
  type ContractTerms,
  dayNumber,
  isoDate,
  type VoidSharing,
} from '../../domain/index.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { freeBeds, PLACEMENT_COLUMNS, toBlockPlacement } from '../placements/capacity.js';
import { TODAY_SQL } from '../tenders/tender-timetable.js';
import { normaliseShares, type ShareInput } from '../tenders/shares.js';
import type { BedOffer, BlockContract } from './contract.model.js';
import { checkContractBounds } from './bounds.js';
import { ContractError } from './contracts.exception.js';
import type { CreateBlockContractInput, OfferBlockBedsInput } from './dtos/contract.inputs.js';

export interface ContractSpec {
  tenderId?: string | null;
  lotId?: string | null;
  bidId?: string | null;
  providerId: string;
  /** What the finance team calls it (the lot's title at award). */
  name: string;
  voidSharing: VoidSharing;
  /** The caller's key (createBlockContract): the same key and request make one contract, however often sent. */
  idempotencyKey?: string | null;
  settingUrns: string[];
  placementCategory: PlacementCategory;
  beds: number;
  weeklyPricePerBedPence: number;
  startDate: string;
  endDate: string;
  mode: AllocationMode;
  shares: ContractShare[];
}

interface ContractRow {
  id: string;
  tender_id: string | null;
  lot_id: string | null;
  provider_id: string;
  setting_urns: string[];
  placement_category: string;
  beds: number;
  weekly_price_per_bed_pence: number;
  start_date: string;
  end_date: string;
  allocation_mode: AllocationMode;
  name: string;
  void_sharing: VoidSharing;
}

const CONTRACT_COLUMNS = `c.id, c.tender_id, c.lot_id, c.provider_id, c.setting_urns, c.placement_category, c.beds,
  c.weekly_price_per_bed_pence, to_char(c.start_date, 'YYYY-MM-DD') AS start_date,
  to_char(c.end_date, 'YYYY-MM-DD') AS end_date, c.allocation_mode, c.name, c.void_sharing`;

/** Block contracts: made at award (or recorded by the hub), committed in the journal, announced through the outbox. */
@Injectable()
export class ContractsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CommissioningConfig,
    private readonly ledger: LedgerService,
  ) {}

  async createDirect(input: CreateBlockContractInput, actor: string): Promise<BlockContract> {
    const { mode, shares } = this.shares(input.councils);
    const voidSharing = input.voidSharing ?? 'pooled-by-share';
    if (voidSharing === 'own-beds' && mode !== 'beds')
      throw new ContractError('CONTRACT_INVALID', 'voids by own beds needs bed allocations, not percentage shares');
    const { idempotencyKey, councils: _councils, voidSharing: _rule, ...rest } = input;
    const id = await this.dataSource.transaction((em) =>
      this.create(
        em,
        {
          ...rest,
          name: input.name.trim(),
          voidSharing,
          idempotencyKey,
          mode,
          shares: mode === 'beds' ? this.checkAllocations(shares, input.beds) : shares,
        },
        actor,
      ),
    );
    return this.get(id, { kind: 'hub' });
  }

  shares(input: readonly ShareInput[]): { mode: AllocationMode; shares: ContractShare[] } {
    return normaliseShares(input, this.config.regionCouncils);
  }

  private checkAllocations(shares: ContractShare[], beds: number): ContractShare[] {
    const allocated = shares.reduce((a, s) => a + (s.beds ?? 0), 0);
    if (allocated > beds)
      throw new ContractError('CONTRACT_INVALID', `${allocated} beds allocated in a contract for ${beds}`);
    return shares;
  }

  /**
   * Inside the caller's transaction: the contract, its shares, the commitment entry (every month of the term,
   * apportioned by share) and the contract-awarded event. Returns the contract id.
   */
  async create(em: EntityManager, spec: ContractSpec, actor: string): Promise<string> {
    checkContractBounds(this.terms('new', spec), { startDate: spec.startDate, endDate: spec.endDate });
    const id = randomUUID();
    const requestHash = createHash('sha256')
      .update(JSON.stringify({ ...spec, idempotencyKey: null }))
      .digest('hex');
    const inserted = (await em.query(
      `INSERT INTO block_contract (id, tender_id, lot_id, bid_id, provider_id, setting_urns, placement_category, beds,
         weekly_price_per_bed_pence, start_date, end_date, allocation_mode, created_by, name, void_sharing,
         idempotency_key, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [
        id,
        spec.tenderId ?? null,
        spec.lotId ?? null,
        spec.bidId ?? null,
        spec.providerId,
        spec.settingUrns,
        spec.placementCategory,
        spec.beds,
        spec.weeklyPricePerBedPence,
        spec.startDate,
        spec.endDate,
        spec.mode,
        actor,
        spec.name,
        spec.voidSharing,
        spec.idempotencyKey ?? null,
        requestHash,
      ],
    )) as { id: string }[];
    if (inserted.length === 0) {
      // Another request with this key committed first (ON CONFLICT waited for it): the same request gets its contract.
      const [existing] = (await em.query(`SELECT id, request_hash FROM block_contract WHERE idempotency_key = $1`, [
        spec.idempotencyKey,
      ])) as { id: string; request_hash: string }[];
      if (!existing || existing.request_hash !== requestHash)
        throw new ContractError(
          'IDEMPOTENCY_CONFLICT',
          `idempotency key ${spec.idempotencyKey} was already used for a different contract`,
        );
      return existing.id;
    }
    for (const s of spec.shares) {
      await em.query(
        `INSERT INTO contract_share (contract_id, council_code, basis_points, beds) VALUES ($1, $2, $3, $4)`,
        [id, s.councilCode, s.basisPoints, spec.mode === 'beds' ? (s.beds ?? 0) : null],
      );
    }
    const terms = this.terms(id, spec);
    await this.ledger.post(em, {
      idempotencyKey: `commitment:${id}`,
      kind: 'commitment',
      description: `Commitment for block contract ${id}: ${spec.beds} beds, ${spec.startDate} to ${spec.endDate}`,
      contractId: id,
      lines: commitmentLines(terms),
      postedBy: actor,
    });
    await enqueueEvent(em, ContractAwardedV1Event, {
      producer: 'commissioning',
      tenant: null,
      key: id,
      payload: {
        contractId: id,
        ...(spec.tenderId ? { tenderId: spec.tenderId } : {}),
        providerId: spec.providerId,
        settingUrns: spec.settingUrns,
        placementCategory: spec.placementCategory,
        beds: spec.beds,
        weeklyPricePerBedPence: spec.weeklyPricePerBedPence,
        startDate: spec.startDate,
        endDate: spec.endDate,
        shares: spec.shares.map((s) => ({
          councilCode: s.councilCode,
          basisPoints: s.basisPoints,
          ...(spec.mode === 'beds' ? { beds: s.beds ?? 0 } : {}),
        })),
      },
    });
    return id;
  }

  terms(
    id: string,
    spec: Pick<
      ContractSpec,
      'beds' | 'weeklyPricePerBedPence' | 'startDate' | 'endDate' | 'mode' | 'shares' | 'voidSharing'
    >,
  ): ContractTerms {
    return {
      id,
      beds: spec.beds,
      weeklyPricePerBedPence: spec.weeklyPricePerBedPence,
      startDay: dayNumber(spec.startDate),
      endDay: dayNumber(spec.endDate),
      mode: spec.mode,
      shares: spec.shares,
      voidSharing: spec.voidSharing,
    };
  }

  /** The ids of the contracts running on some day from `start` to `end` (day numbers, end exclusive), in id order. */
  async runningIds(em: EntityManager, start: number, end: number): Promise<string[]> {
    const rows = (await em.query(`SELECT id FROM block_contract WHERE start_date < $1 AND end_date > $2 ORDER BY id`, [
      isoDate(end),
      isoDate(start),
    ])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** Contract terms as stored, for the ledger (optionally locking the contract rows). */
  async loadTerms(em: EntityManager, ids: string[], lock: 'update' | 'share' | null = null): Promise<ContractTerms[]> {
    const rows = (await em.query(
      `SELECT ${CONTRACT_COLUMNS} FROM block_contract c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id
       ${lock === 'update' ? 'FOR NO KEY UPDATE' : lock === 'share' ? 'FOR SHARE' : ''}`,
      [ids],
    )) as ContractRow[];
    const shares = await this.sharesOf(em, ids);
    return rows.map((r) =>
      this.terms(r.id, {
        beds: r.beds,
        weeklyPricePerBedPence: r.weekly_price_per_bed_pence,
        startDate: r.start_date,
        endDate: r.end_date,
        mode: r.allocation_mode,
        shares: shares.get(r.id) ?? [],
        voidSharing: r.void_sharing,
      }),
    );
  }

  async list(scope: Scope, em: EntityManager | DataSource = this.dataSource): Promise<BlockContract[]> {
    const params: unknown[] = [];
    let where = '';
    if (scope.kind === 'council')
      where = `WHERE EXISTS (SELECT 1 FROM contract_share s WHERE s.contract_id = c.id AND s.council_code = $${params.push(scope.councilCode)})`;
    if (scope.kind === 'provider') where = `WHERE c.provider_id = $${params.push(scope.providerId)}`;
    const rows = (await em.query(
      `SELECT ${CONTRACT_COLUMNS} FROM block_contract c ${where} ORDER BY c.start_date, c.id`,
      params,
    )) as ContractRow[];
    return this.hydrate(em, rows, scope);
  }

  async get(id: string, scope: Scope): Promise<BlockContract> {
    const found = (await this.list(scope)).find((c) => c.id === id);
    if (!found) throw new ContractError('CONTRACT_NOT_FOUND', `no block contract ${id}`);
    return found;
  }

  async offerBeds(input: OfferBlockBedsInput, scope: Scope, actor: string): Promise<BedOffer> {
    if (scope.kind === 'council' && input.councilCode && input.councilCode !== scope.councilCode)
      throw new ContractError(
        'OFFER_INVALID',
        `a council offers only its own beds: you are ${scope.councilCode}, not ${input.councilCode}`,
      );
    const councilCode = scope.kind === 'council' ? scope.councilCode : input.councilCode;
    if (!councilCode) throw new ContractError('OFFER_INVALID', 'say which council offers its beds');
    if (input.toDate <= input.fromDate)
      throw new ContractError(
        'OFFER_INVALID',
        `The offer's last day (${dateInWords(input.toDate)}) must be after its first day (${dateInWords(input.fromDate)})`,
      );
    const contract = await this.get(input.contractId, scope);
    if (input.fromDate < contract.startDate || input.toDate > contract.endDate)
      throw new ContractError(
        'OFFER_INVALID',
        `The offer must lie inside ${contract.name}, which pays for nights from ${dateInWords(contract.startDate)} to ${dateInWords(isoDate(dayNumber(contract.endDate) - 1))}`,
      );
    const share = contract.shares.find((s) => s.councilCode === councilCode);
    if (!share) throw new ContractError('OFFER_INVALID', `${councilCode} has no share of contract ${contract.id}`);
    if (contract.allocationMode !== 'beds' || !share.beds)
      throw new ContractError('OFFER_INVALID', `${councilCode} has no allocated beds in this contract to offer`);
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO bed_offer (id, contract_id, council_code, from_date, to_date, offered_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, contract.id, councilCode, input.fromDate, input.toDate, actor],
    );
    return { id, contractId: contract.id, councilCode, fromDate: input.fromDate, toDate: input.toDate };
  }

  async offers(em: EntityManager | DataSource, contractIds: string[]): Promise<BedOffer[]> {
    const rows = (await em.query(
      `SELECT id, contract_id, council_code, to_char(from_date, 'YYYY-MM-DD') AS from_date,
              to_char(to_date, 'YYYY-MM-DD') AS to_date
       FROM bed_offer WHERE contract_id = ANY($1::uuid[]) ORDER BY offered_at, id`,
      [contractIds],
    )) as { id: string; contract_id: string; council_code: string; from_date: string; to_date: string }[];
    return rows.map((r) => ({
      id: r.id,
      contractId: r.contract_id,
      councilCode: r.council_code,
      fromDate: r.from_date,
      toDate: r.to_date,
    }));
  }

  private async sharesOf(em: EntityManager | DataSource, ids: string[]): Promise<Map<string, ContractShare[]>> {
    const rows = (await em.query(
      `SELECT contract_id, council_code, basis_points, beds FROM contract_share
       WHERE contract_id = ANY($1::uuid[]) ORDER BY council_code`,
      [ids],
    )) as { contract_id: string; council_code: string; basis_points: number; beds: number | null }[];
    const out = new Map<string, ContractShare[]>();
    for (const r of rows) {
      const list = out.get(r.contract_id) ?? [];
      list.push({ councilCode: r.council_code, basisPoints: r.basis_points, beds: r.beds });
      out.set(r.contract_id, list);
    }
    return out;
  }

  private async hydrate(em: EntityManager | DataSource, rows: ContractRow[], scope: Scope): Promise<BlockContract[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const shares = await this.sharesOf(em, ids);
    const offers = await this.offers(em, ids);
    const commitments = (await em.query(
      `SELECT account, sum(amount_pence)::text AS balance FROM journal_line WHERE account = ANY($1::text[]) GROUP BY account`,
      [ids.map(accounts.contractCommitment)],
    )) as { account: string; balance: string }[];
    const outstanding = new Map(commitments.map((c) => [c.account, -toPence(c.balance) || 0]));
    const free = await this.freeBedsToday(em, rows);
    return rows.map((r) => ({
      id: r.id,
      tenderId: r.tender_id,
      lotId: r.lot_id,
      provider: { id: r.provider_id },
      settingUrns: r.setting_urns,
      placementCategory: r.placement_category,
      beds: r.beds,
      weeklyPricePerBedPence: r.weekly_price_per_bed_pence,
      startDate: r.start_date,
      endDate: r.end_date,
      allocationMode: r.allocation_mode,
      name: r.name,
      voidSharing: r.void_sharing,
      shares: (shares.get(r.id) ?? []).map((s) => ({ ...s, beds: s.beds ?? null })),
      outstandingCommitmentPence: outstanding.get(accounts.contractCommitment(r.id)) ?? 0,
      offers: scope.kind === 'provider' ? [] : offers.filter((o) => o.contractId === r.id),
      freeBedsNow: free.get(r.id) ?? 0,
    }));
  }

  /** Beds a child could take from today (UK) to each contract's end, counting every placement and reservation. */
  private async freeBedsToday(em: EntityManager | DataSource, rows: ContractRow[]): Promise<Map<string, number>> {
    const [{ today }] = (await em.query(`SELECT ${TODAY_SQL} AS today`)) as [{ today: string }];
    const placements = (await em.query(
      `SELECT ${PLACEMENT_COLUMNS} FROM placement WHERE contract_id = ANY($1::uuid[]) AND (end_date IS NULL OR end_date > $2)`,
      [rows.map((r) => r.id), today],
    )) as { id: string; council_code: string; contract_id: string; start_date: string; end_date: string | null }[];
    return new Map(
      rows.map((r) => {
        const taken = placements.filter((p) => p.contract_id === r.id).map(toBlockPlacement);
        const from = Math.max(dayNumber(today), dayNumber(r.start_date));
        return [r.id, freeBeds(taken, from, r.beds, dayNumber(r.end_date))];
      }),
    );
  }
}
