import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { InvalidInputError, SERVICE_CONFIG } from '@rcc/platform';
import { DfeTablesBuilder } from '@rcc/ssda903';
import type { CouncilConfig } from '../../platform/council.config.js';
import { ChildHistory, countChildren } from './child-history.js';
import { DfeTables } from './dfe-tables.model.js';

@Resolver()
export class DfeTablesResolver {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CouncilConfig,
    private readonly history: ChildHistory,
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
    const { value } = await this.history.read(principal, {
      operation: 'dfeTables',
      dateOf: (held) => `${year ?? held.last}-03-31`,
      read: (em, _date, held) => {
        const y = year ?? held.last;
        if (y < held.first) {
          const name = (n: number) => `${n - 1}-${String(n).slice(2)}`;
          throw new InvalidInputError(
            `${y} is before the earliest return held (${name(held.first)}): its year's starts and ceasings are not ` +
              `in the data. Count ${held.first} or later, or import the ${name(y)} return first.`,
          );
        }
        return countChildren(em, new DfeTablesBuilder(y));
      },
      detail: (_date, tables) => ({ year: tables.year }),
    });
    return { councilCode: this.config.COUNCIL_CODE, ...value };
  }
}
