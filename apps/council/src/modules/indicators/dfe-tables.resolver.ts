import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { InvalidInputError, NotFoundError, SERVICE_CONFIG } from '@rcc/platform';
import { DfeTablesBuilder, pastTheData } from '@rcc/ssda903';
import type { CouncilConfig } from '../../platform/council.config.js';
import { AuditService } from '../audit/audit.service.js';
import { forEachChild, yearsHeld } from './child-stream.js';
import { DfeTables } from './dfe-tables.model.js';

@Resolver()
export class DfeTablesResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CouncilConfig,
    private readonly audit: AuditService,
  ) {}

  /** Reconciliation with the DfE: the council's analysts only, on their own instance; audited. */
  @Allow('council.analyst')
  @Query(() => DfeTables, {
    description:
      "This council's figures in the DfE's local-authority table layout (default: the latest return's year).",
  })
  async dfeTables(
    @CurrentPrincipal() principal: Principal,
    @Args('year', { type: () => Int, nullable: true }) year?: number,
  ): Promise<DfeTables> {
    const result = await this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      const held = await yearsHeld(em);
      if (held === null) throw new NotFoundError('no SSDA903 data has been imported yet');
      const y = year ?? held.last;
      const past = pastTheData(`${y}-03-31`, held.last);
      if (past) throw new InvalidInputError(past);
      if (y < held.first) {
        const name = (n: number) => `${n - 1}-${String(n).slice(2)}`;
        throw new InvalidInputError(
          `${y} is before the earliest return held (${name(held.first)}): its year's starts and ceasings are not ` +
            `in the data. Count ${held.first} or later, or import the ${name(y)} return first.`,
        );
      }
      const builder = new DfeTablesBuilder(y);
      await forEachChild(em, (header, episodes) => builder.addChild(header, episodes));
      return builder.result();
    });
    await this.audit.childLevelRead(principal, 'dfeTables', { year: result.year });
    return { councilCode: this.config.COUNCIL_CODE, ...result };
  }
}
